package io.kdrift.stats;

import java.util.Arrays;

/**
 * Turns a reference and a current count vector into {@link DriftScores}: drops the bins empty on both
 * sides (k remain), smooths additively, p_i = (r_i + α)/(R + kα), q_i = (c_i + α)/(C + kα), and computes
 * every divergence on the smoothed distributions and the G-test on the raw counts.
 */
public final class DriftCalculator {
    private final double alpha;

    public DriftCalculator(double alpha) {
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("smoothing alpha must be a finite number above 0, got " + alpha);
        }
        this.alpha = alpha;
    }

    public double alpha() {
        return alpha;
    }

    /**
     * Each bin's term p_i ln(p_i/q_i) of KL(P‖Q), by the bin's index in the input vectors (0 for bins
     * empty on both sides, which are dropped): they sum to {@link DriftScores#kl()}, and the largest say
     * which bins moved the score.
     */
    public double[] klTerms(double[] reference, double[] current) {
        int length = Math.max(reference.length, current.length);
        int k = 0;
        double rTotal = 0;
        double cTotal = 0;
        for (int i = 0; i < length; i++) {
            double ri = i < reference.length ? reference[i] : 0;
            double ci = i < current.length ? current[i] : 0;
            if (ri + ci > 0) {
                k++;
                rTotal += ri;
                cTotal += ci;
            }
        }
        double[] terms = new double[length];
        for (int i = 0; i < length; i++) {
            double ri = i < reference.length ? reference[i] : 0;
            double ci = i < current.length ? current[i] : 0;
            if (ri + ci > 0) {
                double p = (ri + alpha) / (rTotal + k * alpha);
                double q = (ci + alpha) / (cTotal + k * alpha);
                terms[i] = p * Math.log(p / q);
            }
        }
        return terms;
    }

    /**
     * Scores {@code current} against {@code reference}. The vectors may differ in length (a categorical
     * signal that gained categories): missing entries count as 0.
     */
    public DriftScores score(double[] reference, double[] current) {
        int length = Math.max(reference.length, current.length);
        double[] r = new double[length];
        double[] c = new double[length];
        int k = 0;
        double rTotal = 0;
        double cTotal = 0;
        for (int i = 0; i < length; i++) {
            double ri = i < reference.length ? reference[i] : 0;
            double ci = i < current.length ? current[i] : 0;
            if (ri + ci > 0) {
                r[k] = ri;
                c[k] = ci;
                rTotal += ri;
                cTotal += ci;
                k++;
            }
        }
        double[] p = new double[k];
        double[] q = new double[k];
        double pDen = rTotal + k * alpha;
        double qDen = cTotal + k * alpha;
        for (int i = 0; i < k; i++) {
            p[i] = (r[i] + alpha) / pDen;
            q[i] = (c[i] + alpha) / qDen;
        }
        double g = GTest.statistic(Arrays.copyOf(r, k), Arrays.copyOf(c, k));
        double referenceEntropy = Divergences.entropy(p);
        double kl = Divergences.kl(p, q);
        return new DriftScores(
                k,
                rTotal,
                cTotal,
                kl,
                Divergences.kl(q, p),
                Divergences.crossEntropy(p, q),
                referenceEntropy,
                Divergences.entropy(q),
                Divergences.jensenShannon(p, q),
                Divergences.psi(p, q),
                g,
                GTest.pValue(g, k - 1));
    }
}
