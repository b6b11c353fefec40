package io.kdrift.event;

/**
 * Bounds on one input record, so that no single event can exhaust memory or build unbounded state.
 *
 * @param maxEventBytes largest accepted record value
 * @param maxStringLength longest model id suffix, category, class name, feature name or label
 * @param maxEntries most features, and most probability classes, in one event
 * @param maxDepth deepest JSON nesting accepted (unknown fields are skipped, but only this deep)
 */
public record EventLimits(int maxEventBytes, int maxStringLength, int maxEntries, int maxDepth) {
    public static final EventLimits DEFAULT = new EventLimits(1 << 20, 256, 1000, 16);
}
