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
     * The bins not empty on both sides: their indices in the input vectors, raw counts and smoothed
     * distributions. The vectors may differ in length (a categorical signal that gained categories):
     * missing entries count as 0.
     */
    private record Kept(int[] index, double[] r, double[] c, double[] p, double[] q, double rTotal, double cTotal) {
    }

    private Kept keep(double[] reference, double[] current) {
        int length = Math.max(reference.length, current.length);
        int[] index = new int[length];
        double[] r = new double[length];
        double[] c = new double[length];
        int k = 0;
        double rTotal = 0;
        double cTotal = 0;
        for (int i = 0; i < length; i++) {
            double ri = i < reference.length ? reference[i] : 0;
            double ci = i < current.length ? current[i] : 0;
            if (ri + ci > 0) {
                index[k] = i;
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
        return new Kept(Arrays.copyOf(index, k), Arrays.copyOf(r, k), Arrays.copyOf(c, k), p, q, rTotal, cTotal);
    }

    /** Scores {@code current} against {@code reference}. */
    public DriftScores score(double[] reference, double[] current) {
        Kept s = keep(reference, current);
        int k = s.p().length;
        double g = GTest.statistic(s.r(), s.c());
        return new DriftScores(
                k,
                s.rTotal(),
                s.cTotal(),
                Divergences.kl(s.p(), s.q()),
                Divergences.kl(s.q(), s.p()),
                Divergences.crossEntropy(s.p(), s.q()),
                Divergences.entropy(s.p()),
                Divergences.entropy(s.q()),
                Divergences.jensenShannon(s.p(), s.q()),
                Divergences.psi(s.p(), s.q()),
                g,
                GTest.pValue(g, k - 1));
    }

    /**
     * Each bin's term p_i ln(p_i/q_i) of KL(P‖Q), by the bin's index in the input vectors (0 for bins
     * empty on both sides, which are dropped): they sum to {@link DriftScores#kl()}, and the largest say
     * which bins moved the score.
     */
    public double[] klTerms(double[] reference, double[] current) {
        Kept s = keep(reference, current);
        double[] terms = new double[Math.max(reference.length, current.length)];
        for (int i = 0; i < s.index().length; i++) {
            terms[s.index()[i]] = s.p()[i] * Math.log(s.p()[i] / s.q()[i]);
        }
        return terms;
    }
}
