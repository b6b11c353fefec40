package io.kdrift.result;

import io.kdrift.result.ScoreField.Print;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The numeric fields of a performance record, once, as {@link io.kdrift.result.ScoreField} is for score records:
 * the name alert conditions and placeholders use (the field's path in the record's JSON, docs/performance.md),
 * the value, and the Prometheus gauge that exports it. The alert rules, the gauges and the generated Prometheus
 * rules read this list; a test checks every field that is not derived against the JSON. The names are paths
 * (most with a dot), so that none is also a score field's: a rule's conditions say which records it judges.
 */
public enum PerformanceField implements ModelGaugeField<PerformanceRecord> {
    LABELLED("labelled", "kdrift.performance.predictions", "kind", "labelled", Print.WHOLE,
            "Predictions of the last final window: with their label (kind=labelled), unlabelled when their horizon passed "
                    + "(kind=unlabelled), all (kind=all)", r -> (double) r.labelled()),
    UNLABELLED("unlabelled", "kdrift.performance.predictions", "kind", "unlabelled", Print.WHOLE, LABELLED.help(),
            r -> (double) r.unlabelled()),
    PREDICTIONS("predictions", "kdrift.performance.predictions", "kind", "all", Print.WHOLE, LABELLED.help(), r -> (double) r.predictions()),
    REFERENCE_LABELLED("referenceLabelled", "kdrift.performance.reference.labelled", null, null, Print.WHOLE,
            "Labelled predictions in the performance reference the last final window was compared with", r -> (double) r.referenceLabelled()),
    LABELLED_FRACTION("labelledFraction", "kdrift.performance.labelled.fraction", null, null, Print.G3,
            "Share of the last final window's predictions with an id that got their label within the horizon", PerformanceRecord::labelledFraction),
    ACCURACY("classification.accuracy", "kdrift.performance.accuracy", "window", "current", Print.G3,
            "Accuracy of the last final window (window=current) and of its reference (window=reference)", c(r -> r.current().accuracy())),
    REFERENCE_ACCURACY("classification.referenceAccuracy", "kdrift.performance.accuracy", "window", "reference", Print.G3, ACCURACY.help(),
            c(r -> r.reference().accuracy())),
    /** Derived: the reference's accuracy less the window's (positive when the model got worse). */
    ACCURACY_DROP("classification.accuracyDrop", null, null, null, Print.G3, null,
            c(r -> r.accuracy() == null ? null : -r.accuracy().difference())),
    ACCURACY_P_VALUE("classification.accuracyPValue", "kdrift.performance.p.value", "metric", "accuracy", Print.G3,
            "Two-sided p-value of the last final window's metric against its reference's (metric=accuracy: two-proportion test; "
                    + "log_loss, mean_absolute_error, mean_squared_error: Welch; label_distribution: G-test)", c(r -> p(r.accuracy()))),
    LOG_LOSS("classification.logLoss", "kdrift.performance.log.loss", "window", "current", Print.G3,
            "Mean log loss of the labelled predictions with probabilities, in nats (window=current, window=reference)",
            c(r -> r.current().logLoss())),
    REFERENCE_LOG_LOSS("classification.referenceLogLoss", "kdrift.performance.log.loss", "window", "reference", Print.G3, LOG_LOSS.help(),
            c(r -> r.reference().logLoss())),
    /** Derived: the window's log loss less the reference's. */
    LOG_LOSS_INCREASE("classification.logLossIncrease", null, null, null, Print.G3, null,
            c(r -> r.logLoss() == null ? null : r.logLoss().difference())),
    LOG_LOSS_P_VALUE("classification.logLossPValue", "kdrift.performance.p.value", "metric", "log_loss", Print.G3, ACCURACY_P_VALUE.help(),
            c(r -> p(r.logLoss()))),
    BRIER("classification.brier", "kdrift.performance.brier", null, null, Print.G3,
            "Multi-class Brier score of the last final window", c(r -> r.current().brier())),
    EXPECTED_CALIBRATION_ERROR("classification.expectedCalibrationError", "kdrift.performance.expected.calibration.error", null, null,
            Print.G3, "Expected calibration error of the last final window (10 confidence bins)", c(r -> r.current().expectedCalibrationError())),
    MACRO_F1("classification.macroF1", "kdrift.performance.macro.f1", null, null, Print.G3,
            "Macro-averaged F1 of the last final window", c(r -> r.current().macroF1())),
    LABEL_DRIFT_PSI("classification.labelDrift.psi", "kdrift.performance.label.psi", null, null, Print.G3,
            "PSI of the joined labels' distribution of the last final window against its reference's",
            c(r -> r.labels() == null ? null : r.labels().psi())),
    LABEL_DRIFT_P_VALUE("classification.labelDrift.pValue", "kdrift.performance.p.value", "metric", "label_distribution", Print.G3,
            ACCURACY_P_VALUE.help(), c(r -> r.labels() == null ? null : r.labels().pValue())),
    MEAN_ABSOLUTE_ERROR("regression.meanAbsoluteError", "kdrift.performance.mean.absolute.error", "window", "current", Print.G3,
            "Mean absolute error of the last final window (window=current) and of its reference (window=reference)",
            g(r -> r.current().meanAbsoluteError())),
    REFERENCE_MEAN_ABSOLUTE_ERROR("regression.referenceMeanAbsoluteError", "kdrift.performance.mean.absolute.error", "window", "reference",
            Print.G3, MEAN_ABSOLUTE_ERROR.help(), g(r -> r.reference().meanAbsoluteError())),
    /** Derived: the window's mean absolute error over the reference's (scale-free, unlike the difference). */
    MEAN_ABSOLUTE_ERROR_RATIO("regression.meanAbsoluteErrorRatio", null, null, null, Print.G3, null,
            g(r -> r.meanAbsoluteError() == null || r.meanAbsoluteError().reference() == 0 ? null
                    : r.meanAbsoluteError().current() / r.meanAbsoluteError().reference())),
    MEAN_ABSOLUTE_ERROR_P_VALUE("regression.meanAbsoluteErrorPValue", "kdrift.performance.p.value", "metric", "mean_absolute_error",
            Print.G3, ACCURACY_P_VALUE.help(), g(r -> p(r.meanAbsoluteError()))),
    ROOT_MEAN_SQUARED_ERROR("regression.rootMeanSquaredError", "kdrift.performance.root.mean.squared.error", "window", "current", Print.G3,
            "Root mean squared error of the last final window (window=current) and of its reference (window=reference)",
            g(r -> r.current().rootMeanSquaredError())),
    REFERENCE_ROOT_MEAN_SQUARED_ERROR("regression.referenceRootMeanSquaredError", "kdrift.performance.root.mean.squared.error", "window",
            "reference", Print.G3, ROOT_MEAN_SQUARED_ERROR.help(), g(r -> r.reference().rootMeanSquaredError())),
    MEAN_SQUARED_ERROR_P_VALUE("regression.meanSquaredErrorPValue", "kdrift.performance.p.value", "metric", "mean_squared_error",
            Print.G3, ACCURACY_P_VALUE.help(), g(r -> p(r.meanSquaredError()))),
    MEAN_ERROR("regression.meanError", "kdrift.performance.mean.error", null, null, Print.G3,
            "Mean error (prediction − label) of the last final window", g(r -> r.current().meanError())),
    ESTIMATE_ACCURACY("estimate.accuracy", "kdrift.performance.estimate.accuracy", null, null, Print.G3,
            "Accuracy of the last final window as estimated when it closed, before its labels (beside its realized accuracy)",
            r -> r.estimate() == null ? null : r.estimate().estimated()),
    ESTIMATE_ERROR("estimate.error", "kdrift.performance.estimate.error", null, null, Print.G3,
            "Realized accuracy of the last final window less the accuracy estimated when it closed",
            r -> r.estimate() == null ? null : r.estimate().error()),
    ESTIMATE_DISAGREES("estimate.disagrees", "kdrift.performance.estimate.disagreement", null, null, Print.WHOLE,
            "1 when the last final window's realized accuracy is more than 3 standard errors from its estimate (what a change of "
                    + "P(label | features) does, which the estimate cannot see), else 0",
            r -> r.estimate() == null ? null : r.estimate().disagrees() ? 1.0 : 0.0);

    private static final Map<String, PerformanceField> BY_NAME = new LinkedHashMap<>();

    static {
        for (PerformanceField f : values()) {
            BY_NAME.put(f.jsonName(), f);
        }
    }

    private final Definition<PerformanceRecord> definition;

    PerformanceField(String jsonName, String gauge, String tagKey, String tagValue, Print print, String help,
                     Function<PerformanceRecord, Double> value) {
        this.definition = new Definition<>(jsonName, gauge, tagKey, tagValue, print, help, value);
    }

    /** A classification value; null without labelled classifier predictions in the window. */
    private static Function<PerformanceRecord, Double> c(Function<PerformanceRecord.Classification, Double> f) {
        return r -> r.classification() == null ? null : f.apply(r.classification());
    }

    /** A regression value; null without labelled numeric predictions in the window. */
    private static Function<PerformanceRecord, Double> g(Function<PerformanceRecord.Regression, Double> f) {
        return r -> r.regression() == null ? null : f.apply(r.regression());
    }

    /** A comparison's p-value, null while warming up or where a side is too small to estimate its spread. */
    private static Double p(Comparison c) {
        return c == null || Double.isNaN(c.pValue()) ? null : c.pValue();
    }

    /** The field of this name, or null. */
    public static PerformanceField byName(String name) {
        return BY_NAME.get(name);
    }

    /** Every field name, in declaration order. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(BY_NAME.keySet());
    }

    @Override
    public String promQuery() {
        return switch (this) {
            case ACCURACY_DROP -> REFERENCE_ACCURACY.promQuery() + " - ignoring (window) " + ACCURACY.promQuery();
            case LOG_LOSS_INCREASE -> LOG_LOSS.promQuery() + " - ignoring (window) " + REFERENCE_LOG_LOSS.promQuery();
            case MEAN_ABSOLUTE_ERROR_RATIO -> MEAN_ABSOLUTE_ERROR.promQuery() + " / ignoring (window) " + REFERENCE_MEAN_ABSOLUTE_ERROR.promQuery();
            default -> MetricField.modelQuery(gauge(), tagKey(), tagValue());
        };
    }

    @Override
    public Definition<PerformanceRecord> definition() {
        return definition;
    }
}
