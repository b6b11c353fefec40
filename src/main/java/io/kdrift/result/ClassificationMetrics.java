package io.kdrift.result;

import java.util.Map;

/**
 * A window's (or a reference's) classification performance; see {@link ClassificationCounts} for the definitions.
 * A metric is null when nothing in the window defines it (no labelled prediction; no probabilities).
 *
 * @param labelled predictions with their label
 * @param perClass by class, in name order
 */
public record ClassificationMetrics(long labelled, Double accuracy, Double logLoss, Double brier, Double expectedCalibrationError,
                                    Double macroF1, Map<String, PerClass> perClass) {

    /** @param support labelled predictions of this class */
    public record PerClass(double precision, double recall, double f1, long support) {
    }
}
