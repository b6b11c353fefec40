package io.kdrift.result;

import java.util.Map;

/**
 * A classifier's estimated performance in one window, as soon as the window closes, before its labels come
 * (confidence-based performance estimation, docs/performance.md): what its predictions' probabilities, calibrated on
 * the labelled predictions of its reference, say the window's metrics will be once labelled.
 *
 * @param status              {@code warming_up} while the reference (and so the calibration map) has too few
 *                            windows; {@code insufficient_data} with fewer predictions than {@code scoring.minCount}
 *                            in the window, or fewer labelled predictions with probabilities in the reference
 * @param predictions         the window's predictions with probabilities (what is estimated)
 * @param calibrationLabelled labelled predictions with probabilities the calibration map was learned from
 * @param referenceAccuracy   the reference's realized accuracy; null without one
 * @param accuracyDrop        the reference's accuracy less the estimated accuracy (positive: worse); null without one
 * @param accuracyDropZ       the drop over its standard error (the estimate's and the reference's): how far outside
 *                            the sampling uncertainty it is
 * @param confusion           the expected confusion matrix: by predicted class, the expected number of its predictions
 *                            whose label is each class (the diagonal: expected true positives)
 * @param reference           the reference's realized metrics (its labelled predictions): what the estimates compare with
 */
public record EstimatedPerformance(String model, long windowStart, long windowEnd, ScoreStatus status, int referenceWindows, long predictions,
                                   long calibrationLabelled, Estimate accuracy, Estimate logLoss, Estimate brier, Estimate macroF1,
                                   Map<String, PerClass> perClass, Map<String, Map<String, Double>> confusion, Double referenceAccuracy,
                                   Double accuracyDrop, Double accuracyDropZ, ClassificationMetrics reference) {
    /** The two-sided 95 % normal quantile: intervals are the estimate ± this many standard errors. */
    public static final double Z95 = 1.959963984540054;

    /** An estimate and its standard error (the sampling uncertainty of the window's realized value around it). */
    public record Estimate(double value, double standardError) {
        public double low() {
            return value - Z95 * standardError;
        }

        public double high() {
            return value + Z95 * standardError;
        }
    }

    /** @param support the expected number of predictions whose label is this class */
    public record PerClass(Estimate precision, Estimate recall, Estimate f1, double support) {
    }
}
