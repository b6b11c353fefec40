package io.kdrift.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;

/**
 * Tumbling event-time windows (docs/how-it-works.md).
 *
 * @param size window length (default 5m)
 * @param grace how long after a window's end late events still count (default 30s)
 * @param idleAfter wall-clock time without any record after which a task's stream time follows the wall
 *                  clock, so that the windows of models whose traffic stopped still close (default 1m)
 * @param maxAhead how far an event's time may be ahead of kdrift's wall clock (default 5m); an event further
 *                 ahead is a dead letter ({@code timestamp_ahead_of_clock}) and never moves stream time, which
 *                 would make every later event of its task late. {@code off} for deliberate fast-forward (the demo)
 */
public record WindowSettings(
        @JsonDeserialize(using = Durations.Deserializer.class) Duration size,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration grace,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration idleAfter,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration maxAhead) {
    public static final WindowSettings DEFAULT = new WindowSettings(null, null, null, null);

    public WindowSettings {
        size = size == null ? Duration.ofMinutes(5) : size;
        grace = grace == null ? Duration.ofSeconds(30) : grace;
        idleAfter = idleAfter == null ? Duration.ofMinutes(1) : idleAfter;
        maxAhead = maxAhead == null ? Duration.ofMinutes(5) : maxAhead;
        for (var e : java.util.Map.of("size", size, "grace", grace, "idleAfter", idleAfter).entrySet()) {
            if (e.getValue().equals(Durations.OFF)) {
                throw new ConfigFieldException(e.getKey(), "cannot be off; give a duration");
            }
        }
        if (size.toMillis() < 1) {
            throw new ConfigFieldException("size", "must be at least 1ms, got " + Durations.format(size));
        }
        if (grace.isNegative()) {
            throw new ConfigFieldException("grace", "must not be negative");
        }
        if (idleAfter.toMillis() < 1) {
            throw new ConfigFieldException("idleAfter", "must be at least 1ms");
        }
        if (maxAhead.isNegative()) {
            throw new ConfigFieldException("maxAhead", "must not be negative (or `off`)");
        }
    }

    /** The bound on event time ahead of the wall clock, in ms; {@link Long#MAX_VALUE} when off. */
    public long maxAheadMs() {
        return maxAhead.equals(Durations.OFF) ? Long.MAX_VALUE : maxAhead.toMillis();
    }
}
