package io.kdrift.stats;

import org.apache.commons.math3.special.Gamma;

/**
 * G-test of homogeneity of two count vectors (a 2×k contingency table): are reference and current
 * drawn from the same distribution? G = 2 Σ O ln(O/E), asymptotically chi-square with k−1 degrees
 * of freedom. It is computed on the raw counts, never on smoothed ones.
 */
public final class GTest {
    private GTest() {
    }

    /** G statistic of the 2×k table with rows {@code r} and {@code c}; bins empty in both are ignored. */
    public static double statistic(double[] r, double[] c) {
        double rTotal = 0;
        double cTotal = 0;
        for (int i = 0; i < r.length; i++) {
            rTotal += r[i];
            cTotal += c[i];
        }
        double total = rTotal + cTotal;
        if (rTotal <= 0 || cTotal <= 0) {
            return 0;
        }
        double g = 0;
        for (int i = 0; i < r.length; i++) {
            double column = r[i] + c[i];
            if (column <= 0) {
                continue;
            }
            if (r[i] > 0) {
                g += r[i] * Math.log(r[i] * total / (column * rTotal));
            }
            if (c[i] > 0) {
                g += c[i] * Math.log(c[i] * total / (column * cTotal));
            }
        }
        return Math.max(0, 2 * g);
    }

    /**
     * P(X ≥ g) for X ~ chi-square(df): the regularised upper incomplete gamma function Q(df/2, g/2),
     * which keeps its precision for tiny p-values where 1 − CDF would round to 0. df 0 gives 1.
     */
    public static double pValue(double g, int df) {
        if (df <= 0) {
            return 1.0;
        }
        if (g <= 0) {
            return 1.0;
        }
        double p = Gamma.regularizedGammaQ(df / 2.0, g / 2.0);
        return Math.min(1.0, Math.max(0.0, p));
    }
}
