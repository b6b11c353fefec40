package io.kdrift.config;

/**
 * The topic kdrift reads predictions from and their format (docs/inputs.md).
 *
 * @param topic   the topic (default: topics.input, predictions)
 * @param format  {@code kdrift} (the default: kdrift's own shape, README "What goes in") or {@code mapping} (any other
 *                JSON, read through {@code mapping})
 * @param mapping where the records keep kdrift's fields, for the format {@code mapping}
 */
public record InputSettings(String topic, String format, PredictionMapping mapping) {
    public static final String KDRIFT = "kdrift";
    public static final String MAPPING = "mapping";

    public InputSettings {
        if (topic != null) {
            TopicSettings.checkName("topic", topic);
        }
        format = format == null ? KDRIFT : format;
        if (!format.equals(KDRIFT) && !format.equals(MAPPING)) {
            throw new ConfigFieldException("format", "\"" + format + "\" is not one of kdrift, mapping");
        }
        if (format.equals(MAPPING) && mapping == null) {
            throw new ConfigFieldException("mapping", "is required with format mapping: JSON Pointers to kdrift's fields");
        }
        if (format.equals(KDRIFT) && mapping != null) {
            throw new ConfigFieldException("mapping", "applies only to format mapping");
        }
    }

    /** Whether records are read through a mapping rather than in kdrift's own shape. */
    public boolean mapped() {
        return format.equals(MAPPING);
    }
}
