package io.kdrift.result;

import java.util.function.Function;

/**
 * A field of a per-model record that kdrift also exports as a gauge of the model (verdicts, realized and estimated
 * performance): what it says of itself is its {@link Definition}, once; the accessors read it.
 *
 * @param <R> the record
 */
public interface ModelGaugeField<R> extends MetricField<R> {
    /**
     * @param jsonName the field's name (or path) in the record's JSON
     * @param gauge    Micrometer's name of the gauge
     * @param tagKey   the gauge's second label, or null (then {@code tagValue} is null too)
     * @param print    how a placeholder prints the value
     * @param help     the gauge's description
     * @param value    the value in a record, or null where it has none
     */
    record Definition<R>(String jsonName, String gauge, String tagKey, String tagValue, ScoreField.Print print, String help,
                         Function<R, Double> value) {
    }

    Definition<R> definition();

    @Override
    default String jsonName() {
        return definition().jsonName();
    }

    @Override
    default Double value(R record) {
        return definition().value().apply(record);
    }

    @Override
    default ScoreField.Print print() {
        return definition().print();
    }

    /** Micrometer's name of the gauge. */
    default String gauge() {
        return definition().gauge();
    }

    /** The gauge's second label, or null. */
    default String tagKey() {
        return definition().tagKey();
    }

    default String tagValue() {
        return definition().tagValue();
    }

    default String help() {
        return definition().help();
    }

    @Override
    default String promQuery() {
        return MetricField.modelQuery(gauge(), tagKey(), tagValue());
    }
}
