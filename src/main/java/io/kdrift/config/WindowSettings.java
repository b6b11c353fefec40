package io.kdrift.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;

/**
 * Tumbling event-time windows (SPEC §2).
 *
 * @param size window length (default 5m)
 * @param grace how long after a window's end late events still count (default 30s)
 * @param idleAfter wall-clock time without any record after which a task's stream time follows the wall
 *                  clock, so that the windows of models whose traffic stopped still close (default 1m)
 */
public record WindowSettings(
        @JsonDeserialize(using = Durations.Deserializer.class) Duration size,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration grace,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration idleAfter) {
    public static final WindowSettings DEFAULT = new WindowSettings(null, null, null);

    public WindowSettings {
        size = size == null ? Duration.ofMinutes(5) : size;
        grace = grace == null ? Duration.ofSeconds(30) : grace;
        idleAfter = idleAfter == null ? Duration.ofMinutes(1) : idleAfter;
        if (size.toMillis() < 1) {
            throw new ConfigFieldException("size", "must be at least 1ms, got " + Durations.format(size));
        }
        if (grace.isNegative()) {
            throw new ConfigFieldException("grace", "must not be negative");
        }
        if (idleAfter.toMillis() < 1) {
            throw new ConfigFieldException("idleAfter", "must be at least 1ms");
        }
    }
}
