package io.kdrift.performance;

/**
 * What the join keeps of a prediction until its label comes or its horizon passes: only what performance needs,
 * never the features.
 *
 * @param windowStart   the prediction's window
 * @param expiresAt     event time after which no label is awaited (prediction time + horizon)
 * @param predicted     the predicted class, or null for a number (or when only probabilities were given)
 * @param number        the predicted number when {@code predicted} and {@code probabilities} are null
 * @param classes       class names of {@code probabilities}, or null
 * @param probabilities one per class, or null
 * @param labelled      a label has been joined: kept until it expires so that a second label counts as a duplicate
 */
public record PendingPrediction(long windowStart, long expiresAt, String predicted, double number, String[] classes,
                                double[] probabilities, boolean labelled) {

    /** A classifier's prediction (a class, probabilities, or both) rather than a number. */
    public boolean isClassification() {
        return predicted != null || probabilities != null;
    }

    /**
     * The prediction once labelled: its window and expiry only. It was counted in its window with its label; what is kept
     * after that only marks a second label as a duplicate until the horizon, so its classes and probabilities (most of
     * its bytes, written again to the store and its changelog at the next commit) are not kept.
     */
    PendingPrediction asLabelled() {
        return new PendingPrediction(windowStart, expiresAt, null, Double.NaN, null, null, true);
    }
}
