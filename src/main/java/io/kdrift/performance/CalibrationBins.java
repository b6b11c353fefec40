package io.kdrift.performance;

/**
 * The ten equal-width bins of a probability, as scikit-learn's {@code calibration_curve(strategy="uniform")} and the
 * textbook reliability diagram draw them: right-closed, ((m−1)/10, m/10], with 0 in the first. The realized expected
 * calibration error and the calibration map of the performance estimate use these same bins (docs/performance.md).
 */
public final class CalibrationBins {
    public static final int COUNT = 10;
    /** The inner edges as numpy's {@code linspace(0, 1, 11)} computes them (0.30000000000000004, ...): the same bin for every value. */
    private static final double[] EDGES = new double[COUNT - 1];

    static {
        for (int i = 0; i < EDGES.length; i++) {
            EDGES[i] = (i + 1) * (1.0 / COUNT);
        }
    }

    private CalibrationBins() {
    }

    /** The bin of probability {@code p}: how many inner edges lie below it (numpy's {@code searchsorted(edges, p, "left")}). */
    public static int of(double p) {
        int bin = 0;
        while (bin < EDGES.length && EDGES[bin] < p) {
            bin++;
        }
        return bin;
    }
}
