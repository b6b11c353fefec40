package io.kdrift.codec;

/** A label record as JSON, as a label topic carries it (docs/performance.md). */
public final class LabelJson {
    private LabelJson() {
    }

    /** A label kdrift kept and then dead-letters: without its time. */
    public static byte[] of(String model, String id, String label) {
        return JsonObjects.write(g -> {
            g.writeStringField("model", model);
            g.writeStringField("id", id);
            g.writeStringField("label", label);
        });
    }

    /** A label dated {@code timestamp} (epoch ms), as a producer of labels writes it. */
    public static byte[] of(String model, String id, String label, long timestamp) {
        return JsonObjects.write(g -> {
            g.writeStringField("model", model);
            g.writeStringField("id", id);
            g.writeStringField("label", label);
            g.writeNumberField("timestamp", timestamp);
        });
    }
}
