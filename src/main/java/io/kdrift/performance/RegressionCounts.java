package io.kdrift.performance;

import io.kdrift.result.RegressionMetrics;

/**
 * What a window's regression performance is computed from: sums of the errors e = prediction − label of its
 * labelled predictions, added one by one and merged. MAE = mean |e|, RMSE = √(mean e²), mean error = mean e
 * (its sign: over- or under-prediction).
 */
public final class RegressionCounts {
    long labelled;
    double errorSum;
    double absoluteErrorSum;
    double squaredErrorSum;
    /** Σ e⁴: the spread of the squared errors, for comparing mean squared errors. */
    double fourthPowerSum;

    public void add(double prediction, double label) {
        double e = prediction - label;
        labelled++;
        errorSum += e;
        absoluteErrorSum += Math.abs(e);
        double e2 = e * e;
        squaredErrorSum += e2;
        fourthPowerSum += e2 * e2;
    }

    public void addAll(RegressionCounts other) {
        labelled += other.labelled;
        errorSum += other.errorSum;
        absoluteErrorSum += other.absoluteErrorSum;
        squaredErrorSum += other.squaredErrorSum;
        fourthPowerSum += other.fourthPowerSum;
    }

    public long labelled() {
        return labelled;
    }

    public RegressionMetrics metrics() {
        if (labelled == 0) {
            return new RegressionMetrics(0, null, null, null);
        }
        return new RegressionMetrics(labelled, absoluteErrorSum / labelled, Math.sqrt(squaredErrorSum / labelled), errorSum / labelled);
    }
}
