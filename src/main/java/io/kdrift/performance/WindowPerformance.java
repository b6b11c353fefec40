package io.kdrift.performance;

/**
 * A model's window as the label join fills it: its predictions, those with an id (joinable), those labelled and
 * those whose horizon passed without a label, and the counts performance is computed from.
 */
public final class WindowPerformance {
    final long windowStart;
    long predictions;
    long withId;
    long unlabelled;
    final ClassificationCounts classification = new ClassificationCounts();
    final RegressionCounts regression = new RegressionCounts();
    /** The probabilities of all its predictions, labelled or not: what its performance is estimated from. */
    final ProbabilitySums probabilities = new ProbabilitySums();
    /** Whether its performance was estimated (when it closed), and the estimated accuracy and its standard error. */
    boolean estimated;
    double estimatedAccuracy = Double.NaN;
    double estimatedAccuracyError = Double.NaN;

    public WindowPerformance(long windowStart) {
        this.windowStart = windowStart;
    }

    public long windowStart() {
        return windowStart;
    }

    public long predictions() {
        return predictions;
    }

    public long withId() {
        return withId;
    }

    public long labelled() {
        return classification.labelled() + regression.labelled();
    }

    public long unlabelled() {
        return unlabelled;
    }

    public ClassificationCounts classification() {
        return classification;
    }

    public RegressionCounts regression() {
        return regression;
    }

    /** A prediction of the window, labelled or not (a classifier's with probabilities: to estimate its performance). */
    void predicted(PendingPrediction p) {
        predictions++;
        if (p.isClassification() && p.probabilities() != null) {
            probabilities.add(p.predicted(), p.classes(), p.probabilities());
        }
    }

    public ProbabilitySums probabilities() {
        return probabilities;
    }

    void add(PendingPrediction p, String label) {
        if (p.isClassification()) {
            classification.add(p.predicted(), label, p.classes(), p.probabilities());
        } else {
            regression.add(p.number(), Double.parseDouble(label));
        }
    }
}
