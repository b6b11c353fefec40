package io.kdrift.performance;

/**
 * Where a label record came from: its input topic, partition and offset, and its own timestamp (epoch ms). Kept with
 * a label that waits, so that its dead letter, written when its wait runs out, names the label record and not the
 * record whose time expired it.
 */
public record LabelOrigin(String topic, int partition, long offset, long timestamp) {
    /** A label kept without its origin (by a kdrift before this one, or a caller that had none): topic null. */
    public static final LabelOrigin NOT_KEPT = new LabelOrigin(null, -1, -1, -1);
}
