package io.kdrift.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;

/**
 * When {@code kdrift run} calls itself unhealthy (docs/operations.md).
 *
 * @param stallAfter input waiting (lag above zero) while the committed input offsets have not moved for this
 *                   long: stalled, /health fails (default 5m)
 * @param checkEvery how often the input lag is read from the broker (default 15s)
 * @param maxThreadFailures a stream thread that fails is replaced, up to this many failures within
 *                          {@code failureWindow}; one more and kdrift stops with exit code 3, for its supervisor
 *                          to restart it (default 3)
 * @param failureWindow see {@code maxThreadFailures} (default 10m)
 */
public record HealthSettings(
        @JsonDeserialize(using = Durations.Deserializer.class) Duration stallAfter,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration checkEvery,
        Integer maxThreadFailures,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration failureWindow) {
    public static final HealthSettings DEFAULT = new HealthSettings(null, null, null, null);

    public HealthSettings {
        stallAfter = positive("stallAfter", stallAfter, Duration.ofMinutes(5));
        checkEvery = positive("checkEvery", checkEvery, Duration.ofSeconds(15));
        failureWindow = positive("failureWindow", failureWindow, Duration.ofMinutes(10));
        maxThreadFailures = maxThreadFailures == null ? 3 : maxThreadFailures;
        if (maxThreadFailures < 0) {
            throw new ConfigFieldException("maxThreadFailures", "must not be negative, got " + maxThreadFailures);
        }
    }

    private static Duration positive(String field, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.equals(Durations.OFF) || value.toMillis() < 1) {
            throw new ConfigFieldException(field, "must be a duration of at least 1ms");
        }
        return value;
    }
}
