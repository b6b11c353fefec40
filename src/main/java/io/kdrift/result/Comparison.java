package io.kdrift.result;

import io.kdrift.stats.GTest;

/**
 * A window's metric against its reference's, with how surprising the difference is for the number of labelled
 * predictions on each side: the p-value of a two-sided test of "no change". Few labels give large p-values,
 * so an alert on {@code pValue} stays quiet where a threshold on the raw difference would fire on noise.
 *
 * @param difference current − reference
 * @param pValue     two-sided; NaN when a side has too few labelled predictions to estimate its spread
 */
public record Comparison(double current, double reference, double difference, double pValue) {

    /**
     * Accuracy: the two-proportion z-test with the pooled proportion (z² is chi-square with 1 degree of freedom,
     * the 2×2 Pearson test).
     */
    public static Comparison ofProportions(long currentHits, long currentN, long referenceHits, long referenceN) {
        double p1 = (double) currentHits / currentN;
        double p2 = (double) referenceHits / referenceN;
        double pooled = (double) (currentHits + referenceHits) / (currentN + referenceN);
        double variance = pooled * (1 - pooled) * (1.0 / currentN + 1.0 / referenceN);
        double p;
        if (currentN == 0 || referenceN == 0) {
            p = Double.NaN;
        } else if (variance == 0) {
            p = 1; // every prediction right (or wrong) on both sides: no difference to test
        } else {
            p = GTest.pValue((p1 - p2) * (p1 - p2) / variance, 1);
        }
        return new Comparison(p1, p2, p1 - p2, p);
    }

    /**
     * A mean of per-prediction values (log loss, absolute or squared error) from their sums and sums of squares:
     * Welch's statistic, taken as normal (z² chi-square with 1 degree of freedom) — the labelled counts a window
     * is scored with ({@code scoring.minCount}, 30 by default) are where that approximation holds.
     */
    public static Comparison ofMeans(double currentSum, double currentSquares, long currentN,
                                     double referenceSum, double referenceSquares, long referenceN) {
        double m1 = currentSum / currentN;
        double m2 = referenceSum / referenceN;
        if (currentN < 2 || referenceN < 2) {
            return new Comparison(m1, m2, m1 - m2, Double.NaN);
        }
        double v1 = Math.max(0, (currentSquares - currentSum * m1) / (currentN - 1));
        double v2 = Math.max(0, (referenceSquares - referenceSum * m2) / (referenceN - 1));
        double se2 = v1 / currentN + v2 / referenceN;
        double p = se2 == 0 ? (m1 == m2 ? 1 : 0) : GTest.pValue((m1 - m2) * (m1 - m2) / se2, 1);
        return new Comparison(m1, m2, m1 - m2, p);
    }
}
