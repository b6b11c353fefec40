package io.kdrift.performance;

import io.kdrift.drift.MetricField;
import io.kdrift.drift.ScoreField.Print;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The numeric fields of an estimated-performance record ({@link EstimatedPerformance}), once, as
 * {@link PerformanceField} is for realized ones: the name alert conditions and placeholders use (its path in the
 * record's JSON, docs/performance.md), the value and the gauge. Every name starts {@code estimated.}: a rule's
 * conditions say which records it judges.
 */
public enum EstimateField implements MetricField<EstimatedPerformance> {
    ACCURACY("estimated.accuracy", "kdrift.performance.estimated.accuracy", null, null,
            "Estimated accuracy of the last closed window, before its labels (confidence-based, docs/performance.md)",
            r -> r.accuracy().value()),
    ACCURACY_STANDARD_ERROR("estimated.accuracyStandardError", "kdrift.performance.estimated.accuracy.standard.error", null, null,
            "Standard error of the last closed window's estimated accuracy (its realized accuracy lies within ±1.96 of it 95 % of the time)",
            r -> r.accuracy().standardError()),
    REFERENCE_ACCURACY("estimated.referenceAccuracy", "kdrift.performance.estimated.reference.accuracy", null, null,
            "Realized accuracy of the reference the last closed window's estimate is compared with", EstimatedPerformance::referenceAccuracy),
    /** The reference's realized accuracy less the estimate (positive when the model is getting worse). */
    ACCURACY_DROP("estimated.accuracyDrop", "kdrift.performance.estimated.accuracy.drop", null, null,
            "The reference's accuracy less the last closed window's estimated accuracy", EstimatedPerformance::accuracyDrop),
    ACCURACY_DROP_Z("estimated.accuracyDropZ", "kdrift.performance.estimated.accuracy.drop.z", null, null,
            "The estimated accuracy drop over its standard error (the estimate's and the reference's)", EstimatedPerformance::accuracyDropZ),
    LOG_LOSS("estimated.logLoss", "kdrift.performance.estimated.log.loss", null, null,
            "Expected log loss of the last closed window, in nats", r -> r.logLoss().value()),
    BRIER("estimated.brier", "kdrift.performance.estimated.brier", null, null, "Expected Brier score of the last closed window",
            r -> r.brier().value()),
    MACRO_F1("estimated.macroF1", "kdrift.performance.estimated.macro.f1", null, null, "Estimated macro-averaged F1 of the last closed window",
            r -> r.macroF1().value()),
    PREDICTIONS("estimated.predictions", "kdrift.performance.estimated.predictions", null, null,
            "Predictions with probabilities of the last closed window (what is estimated)", r -> (double) r.predictions()),
    CALIBRATION_LABELLED("estimated.calibrationLabelled", "kdrift.performance.estimated.calibration.labelled", null, null,
            "Labelled predictions with probabilities in the reference the calibration map was learned from", r -> (double) r.calibrationLabelled());

    private static final Map<String, EstimateField> BY_NAME = new LinkedHashMap<>();

    static {
        for (EstimateField f : values()) {
            BY_NAME.put(f.jsonName, f);
        }
    }

    private final String jsonName;
    private final String gauge;
    private final String tagKey;
    private final String tagValue;
    private final String help;
    private final Function<EstimatedPerformance, Double> value;

    EstimateField(String jsonName, String gauge, String tagKey, String tagValue, String help, Function<EstimatedPerformance, Double> value) {
        this.jsonName = jsonName;
        this.gauge = gauge;
        this.tagKey = tagKey;
        this.tagValue = tagValue;
        this.help = help;
        this.value = value;
    }

    /** The field of this name, or null. */
    public static EstimateField byName(String name) {
        return BY_NAME.get(name);
    }

    @Override
    public String jsonName() {
        return jsonName;
    }

    @Override
    public Double value(EstimatedPerformance r) {
        return value.apply(r);
    }

    @Override
    public Print print() {
        return this == PREDICTIONS || this == CALIBRATION_LABELLED ? Print.WHOLE : Print.G3;
    }

    /** Micrometer's name of the gauge, or null for a field without one. */
    public String gauge() {
        return gauge;
    }

    public String tagKey() {
        return tagKey;
    }

    public String tagValue() {
        return tagValue;
    }

    public String help() {
        return help;
    }

    @Override
    public String promQuery() {
        return MetricField.modelQuery(gauge, tagKey, tagValue);
    }
}
