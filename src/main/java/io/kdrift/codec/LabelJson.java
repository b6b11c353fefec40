package io.kdrift.codec;

/** A label record as JSON, as a label topic carries it (docs/performance.md): for a label kdrift kept and then dead-letters. */
public final class LabelJson {
    private LabelJson() {
    }

    public static byte[] of(String model, String id, String label) {
        return JsonObjects.write(g -> {
            g.writeStringField("model", model);
            g.writeStringField("id", id);
            g.writeStringField("label", label);
        });
    }
}
