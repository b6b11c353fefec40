package io.kdrift.config;

import io.kdrift.event.EventLimits;

/** Bounds on one input event; see {@link EventLimits}. */
public record LimitSettings(Integer maxEventBytes, Integer maxStringLength, Integer maxEntries, Integer maxDepth) {
    public static final LimitSettings DEFAULT = new LimitSettings(null, null, null, null);

    public LimitSettings {
        EventLimits d = EventLimits.DEFAULT;
        maxEventBytes = positive("maxEventBytes", maxEventBytes, d.maxEventBytes());
        maxStringLength = positive("maxStringLength", maxStringLength, d.maxStringLength());
        maxEntries = positive("maxEntries", maxEntries, d.maxEntries());
        maxDepth = positive("maxDepth", maxDepth, d.maxDepth());
        if (maxDepth < 2) {
            throw new ConfigFieldException("maxDepth", "must be at least 2 (an event nests its features one level deep)");
        }
    }

    private static int positive(String field, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new ConfigFieldException(field, "must be at least 1, got " + value);
        }
        return value;
    }

    public EventLimits toEventLimits() {
        return new EventLimits(maxEventBytes, maxStringLength, maxEntries, maxDepth);
    }
}
