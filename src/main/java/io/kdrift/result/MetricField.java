package io.kdrift.result;

/**
 * A numeric field of a record kdrift emits per window ({@link ScoreField} of score records,
 * {@code PerformanceField} of performance records): what alert conditions, annotation placeholders and the
 * generated Prometheus rules read of it.
 *
 * @param <R> the record
 */
public interface MetricField<R> {
    /** The name rules and placeholders use: the field's name (or path) in the record's JSON. */
    String jsonName();

    /** The value in a record, or null where the record has none. */
    Double value(R record);

    /** How a placeholder prints the value. */
    ScoreField.Print print();

    /**
     * A PromQL expression for the field of one model (and signal, for score fields): {@code %[1]s} in it is the
     * model, {@code %[2]s} the signal, as Go's printf fills them.
     */
    String promQuery();

    /** The PromQL of a per-model gauge (Micrometer's name), with its second label when it has one: {@code %[1]s} is the model. */
    static String modelQuery(String gauge, String tagKey, String tagValue) {
        return gauge.replace('.', '_') + "{model='%[1]s'" + (tagKey == null ? "" : "," + tagKey + "='" + tagValue + "'") + "}";
    }
}
