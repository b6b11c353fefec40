package io.kdrift.result;

import io.kdrift.stats.DriftScores;

/**
 * A model's performance in one window, final (its horizon has passed), against its reference.
 *
 * @param status         {@code warming_up} while the reference has too few windows (no comparisons);
 *                       {@code insufficient_data} with fewer labelled predictions than {@code scoring.minCount} on
 *                       either side (compared, not to be alerted on)
 * @param predictions    the window's predictions; {@code withId} of them could be joined, {@code labelled} were,
 *                       {@code unlabelled} waited their whole horizon in vain
 * @param referenceLabelled labelled predictions in the reference the window is compared with
 * @param classification null when no classifier prediction of the window was labelled
 * @param regression     null when no numeric prediction of the window was labelled
 */
public record PerformanceRecord(String model, long windowStart, long windowEnd, ScoreStatus status, int referenceWindows,
                                long predictions, long withId, long labelled, long unlabelled, long referenceLabelled,
                                Classification classification, Regression regression, EstimateCheck estimate) {
    /**
     * The window's accuracy as estimated when it closed, against the realized accuracy now that its labels came.
     *
     * @param error     realized less estimated
     * @param z         the error over the estimate's standard error
     * @param disagrees |z| above {@link #DISAGREEMENT_Z}: the estimate missed by more than its uncertainty allows, which a
     *                  change of P(label | features) does (concept drift) and the estimate cannot see
     */
    public record EstimateCheck(double estimated, double standardError, double realized, double error, double z, boolean disagrees) {
        /** Three standard errors: a 0.3 % chance of a disagreement where the estimate holds. */
        public static final double DISAGREEMENT_Z = 3;

        public static EstimateCheck of(double estimated, double standardError, double realized) {
            double error = realized - estimated;
            double z = standardError > 0 ? error / standardError : error == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, error);
            return new EstimateCheck(estimated, standardError, realized, error, z, Math.abs(z) > DISAGREEMENT_Z);
        }
    }


    /** The labelled share of the predictions that could be labelled (with an id); null without such predictions. */
    public Double labelledFraction() {
        return withId == 0 ? null : (double) labelled / withId;
    }

    /**
     * @param accuracy the window's accuracy against the reference's (two-proportion test); null while warming up
     * @param logLoss  mean log loss against the reference's (Welch); null while warming up or without probabilities
     * @param labels   the distribution of the joined labels against the reference's (G-test); null while warming up
     */
    public record Classification(ClassificationMetrics current, ClassificationMetrics reference, Comparison accuracy, Comparison logLoss,
                                 DriftScores labels) {
    }

    /** @param meanAbsoluteError and {@code meanSquaredError}: against the reference's (Welch); null while warming up */
    public record Regression(RegressionMetrics current, RegressionMetrics reference, Comparison meanAbsoluteError,
                             Comparison meanSquaredError) {
    }
}
