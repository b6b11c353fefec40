package io.kdrift.result;

import io.kdrift.result.ScoreField.Print;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The numeric fields of an estimated-performance record ({@link EstimatedPerformance}), once, as
 * {@link PerformanceField} is for realized ones: the name alert conditions and placeholders use (its path in the
 * record's JSON, docs/performance.md), the value and the gauge. Every name starts {@code estimated.}: a rule's
 * conditions say which records it judges.
 */
public enum EstimateField implements ModelGaugeField<EstimatedPerformance> {
    ACCURACY("estimated.accuracy", "kdrift.performance.estimated.accuracy",
            "Estimated accuracy of the last closed window, before its labels (confidence-based, docs/performance.md)",
            r -> r.accuracy().value()),
    ACCURACY_STANDARD_ERROR("estimated.accuracyStandardError", "kdrift.performance.estimated.accuracy.standard.error",
            "Standard error of the last closed window's estimated accuracy (its realized accuracy lies within ±1.96 of it 95 % of the time)",
            r -> r.accuracy().standardError()),
    REFERENCE_ACCURACY("estimated.referenceAccuracy", "kdrift.performance.estimated.reference.accuracy",
            "Realized accuracy of the reference the last closed window's estimate is compared with", EstimatedPerformance::referenceAccuracy),
    /** The reference's realized accuracy less the estimate (positive when the model is getting worse). */
    ACCURACY_DROP("estimated.accuracyDrop", "kdrift.performance.estimated.accuracy.drop",
            "The reference's accuracy less the last closed window's estimated accuracy", EstimatedPerformance::accuracyDrop),
    ACCURACY_DROP_Z("estimated.accuracyDropZ", "kdrift.performance.estimated.accuracy.drop.z",
            "The estimated accuracy drop over its standard error (the estimate's and the reference's)", EstimatedPerformance::accuracyDropZ),
    LOG_LOSS("estimated.logLoss", "kdrift.performance.estimated.log.loss",
            "Expected log loss of the last closed window, in nats", r -> r.logLoss().value()),
    BRIER("estimated.brier", "kdrift.performance.estimated.brier", "Expected Brier score of the last closed window",
            r -> r.brier().value()),
    MACRO_F1("estimated.macroF1", "kdrift.performance.estimated.macro.f1", "Estimated macro-averaged F1 of the last closed window",
            r -> r.macroF1().value()),
    PREDICTIONS("estimated.predictions", "kdrift.performance.estimated.predictions", Print.WHOLE,
            "Predictions with probabilities of the last closed window (what is estimated)", r -> (double) r.predictions()),
    CALIBRATION_LABELLED("estimated.calibrationLabelled", "kdrift.performance.estimated.calibration.labelled", Print.WHOLE,
            "Labelled predictions with probabilities in the reference the calibration map was learned from", r -> (double) r.calibrationLabelled());

    private static final Map<String, EstimateField> BY_NAME = new LinkedHashMap<>();

    static {
        for (EstimateField f : values()) {
            BY_NAME.put(f.jsonName(), f);
        }
    }

    private final Definition<EstimatedPerformance> definition;

    /**
     * A proportion, nats or a ratio.
     *
     * @param gauge Micrometer's name of the model's gauge (one per model, no second label)
     */
    EstimateField(String jsonName, String gauge, String help, Function<EstimatedPerformance, Double> value) {
        this(jsonName, gauge, Print.G3, help, value);
    }

    EstimateField(String jsonName, String gauge, Print print, String help, Function<EstimatedPerformance, Double> value) {
        this.definition = new Definition<>(jsonName, gauge, null, null, print, help, value);
    }

    /** The field of this name, or null. */
    public static EstimateField byName(String name) {
        return BY_NAME.get(name);
    }

    @Override
    public Definition<EstimatedPerformance> definition() {
        return definition;
    }
}
