package io.kdrift.performance;

import io.kdrift.config.ReferenceMode;
import io.kdrift.config.ReferenceSettings;
import io.kdrift.result.Comparison;
import io.kdrift.result.EstimatedPerformance;
import io.kdrift.result.PerformanceRecord;
import io.kdrift.result.ScoreStatus;
import io.kdrift.stats.DriftCalculator;
import io.kdrift.stats.DriftScores;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Scores a model's final window of performance against its reference, then rolls the reference on, as drift does
 * with the model's reference settings. A baseline says nothing of labelled performance, so a model whose drift
 * reference is pinned compares its performance with a rolling reference of as many windows.
 */
public final class PerformanceScorer {
    private final Function<String, ReferenceSettings> references;
    private final long minCount;
    private final long windowSizeMs;
    private final DriftCalculator calculator;

    /** @param references the reference settings of a model */
    public PerformanceScorer(Function<String, ReferenceSettings> references, long minCount, double alpha, long windowSizeMs) {
        this.references = references;
        this.minCount = minCount;
        this.windowSizeMs = windowSizeMs;
        this.calculator = new DriftCalculator(alpha);
    }

    /** The reference settings performance uses for {@code model}. */
    ReferenceSettings reference(String model) {
        ReferenceSettings r = references.apply(model);
        return r.mode() == ReferenceMode.PINNED ? new ReferenceSettings(ReferenceMode.ROLLING, r.windows(), r.minWindows()) : r;
    }

    public PerformanceRecord score(String model, PerformanceReference ref, WindowPerformance w) {
        ReferenceSettings reference = reference(model);
        boolean warmingUp = ref.size() < reference.windowsBeforeScoring();
        ClassificationCounts refClassification = ref.classification();
        RegressionCounts refRegression = ref.regression();
        PerformanceRecord.Classification classification = null;
        if (w.classification.labelled() > 0) {
            classification = new PerformanceRecord.Classification(w.classification.metrics(), refClassification.metrics(),
                    warmingUp ? null : accuracy(w.classification, refClassification),
                    warmingUp || w.classification.withProbabilities == 0 ? null : logLoss(w.classification, refClassification),
                    warmingUp ? null : labelDistribution(refClassification, w.classification));
        }
        PerformanceRecord.Regression regression = null;
        if (w.regression.labelled() > 0) {
            regression = new PerformanceRecord.Regression(w.regression.metrics(), refRegression.metrics(),
                    warmingUp ? null : meanAbsoluteError(w.regression, refRegression),
                    warmingUp ? null : meanSquaredError(w.regression, refRegression));
        }
        long refLabelled = refClassification.labelled() + refRegression.labelled();
        ScoreStatus status = warmingUp ? ScoreStatus.WARMING_UP
                : w.labelled() < minCount || refLabelled < minCount ? ScoreStatus.INSUFFICIENT_DATA : ScoreStatus.OK;
        PerformanceRecord out = new PerformanceRecord(model, w.windowStart, w.windowStart + windowSizeMs, status, ref.size(),
                w.predictions, w.withId, w.labelled(), w.unlabelled, refLabelled, classification, regression, check(w));
        roll(reference, ref, w);
        return out;
    }

    /**
     * The window's performance estimated when it closed, before its labels (null when none of its predictions has
     * probabilities), from the reference it has then; the estimated accuracy is kept in the window, to be checked
     * against the realized one once its labels came.
     */
    public EstimatedPerformance estimate(String model, PerformanceReference ref, WindowPerformance w) {
        ClassificationCounts reference = ref.classification();
        PerformanceEstimator.Result r = PerformanceEstimator.estimate(w.probabilities, reference);
        w.estimated = true;
        if (r == null) {
            return null;
        }
        w.estimatedAccuracy = r.accuracy().value();
        w.estimatedAccuracyError = r.accuracy().standardError();
        boolean warmingUp = ref.size() < reference(model).windowsBeforeScoring();
        ScoreStatus status = warmingUp ? ScoreStatus.WARMING_UP
                : r.predictions() < minCount || reference.withProbabilities < minCount ? ScoreStatus.INSUFFICIENT_DATA : ScoreStatus.OK;
        Double referenceAccuracy = reference.labelled == 0 ? null : (double) reference.correct / reference.labelled;
        Double drop = null;
        Double z = null;
        if (referenceAccuracy != null) {
            drop = referenceAccuracy - r.accuracy().value();
            double se = Math.sqrt(r.accuracy().standardError() * r.accuracy().standardError()
                    + referenceAccuracy * (1 - referenceAccuracy) / reference.labelled);
            z = se > 0 ? drop / se : null;
        }
        return new EstimatedPerformance(model, w.windowStart, w.windowStart + windowSizeMs, status, ref.size(), r.predictions(),
                reference.withProbabilities, r.accuracy(), r.logLoss(), r.brier(), r.macroF1(), r.perClass(), r.confusion(), referenceAccuracy,
                drop, z, reference.metrics());
    }

    /**
     * The estimate of the window's accuracy against its realized accuracy; null without either. The realized one is
     * over the labelled predictions only: the estimate's spread grows as the share labelled shrinks.
     */
    private static PerformanceRecord.EstimateCheck check(WindowPerformance w) {
        if (!w.estimated || Double.isNaN(w.estimatedAccuracy) || w.classification.labelled == 0) {
            return null;
        }
        double realized = (double) w.classification.correct / w.classification.labelled;
        double share = (double) w.classification.labelled / Math.max(w.probabilities.predictions, w.classification.labelled);
        return PerformanceRecord.EstimateCheck.of(w.estimatedAccuracy, w.estimatedAccuracyError / Math.sqrt(share), realized);
    }

    private static void roll(ReferenceSettings reference, PerformanceReference ref, WindowPerformance w) {
        if (ref.frozen) {
            return;
        }
        ref.windows.addLast(w);
        if (reference.mode() == ReferenceMode.FIXED) {
            ref.frozen = ref.windows.size() >= reference.windows();
        } else {
            while (ref.windows.size() > reference.windows()) {
                ref.windows.removeFirst();
            }
        }
    }

    /** The joined labels' counts per class, reference against window, over the classes either has seen. */
    private DriftScores labelDistribution(ClassificationCounts reference, ClassificationCounts current) {
        List<String> classes = new ArrayList<>(new TreeSet<>(reference.perClass.keySet()));
        current.perClass.keySet().stream().filter(c -> !reference.perClass.containsKey(c)).sorted().forEach(classes::add);
        double[] r = new double[classes.size()];
        double[] c = new double[classes.size()];
        for (int i = 0; i < classes.size(); i++) {
            r[i] = support(reference, classes.get(i));
            c[i] = support(current, classes.get(i));
        }
        return calculator.score(r, c);
    }

    /** Labelled predictions whose label is {@code c}: its true positives and false negatives. */
    private static double support(ClassificationCounts counts, String c) {
        long[] v = counts.perClass.get(c);
        return v == null ? 0 : v[0] + v[2];
    }

    /** Accuracy of a window against its reference. */
    private static Comparison accuracy(ClassificationCounts current, ClassificationCounts reference) {
        return Comparison.ofProportions(current.correct, current.labelled, reference.correct, reference.labelled);
    }

    /** Mean log loss of a window against its reference (predictions with probabilities only). */
    private static Comparison logLoss(ClassificationCounts current, ClassificationCounts reference) {
        return Comparison.ofMeans(current.logLossSum, current.logLossSquares, current.withProbabilities,
                reference.logLossSum, reference.logLossSquares, reference.withProbabilities);
    }

    /** Mean absolute error of a window against its reference. */
    private static Comparison meanAbsoluteError(RegressionCounts current, RegressionCounts reference) {
        return Comparison.ofMeans(current.absoluteErrorSum, current.squaredErrorSum, current.labelled,
                reference.absoluteErrorSum, reference.squaredErrorSum, reference.labelled);
    }

    /** Mean squared error (RMSE squared) of a window against its reference. */
    private static Comparison meanSquaredError(RegressionCounts current, RegressionCounts reference) {
        return Comparison.ofMeans(current.squaredErrorSum, current.fourthPowerSum, current.labelled,
                reference.squaredErrorSum, reference.fourthPowerSum, reference.labelled);
    }
}
