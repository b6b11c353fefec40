package io.kdrift.stats;

/**
 * Information-theoretic quantities of probability vectors over the same bins, in nats.
 * Terms with p_i = 0 contribute 0 (the limit of p ln p); a q_i = 0 under p_i &gt; 0 gives +Infinity,
 * honestly: kdrift's scores never hit that case because {@link DriftCalculator} smooths first.
 */
public final class Divergences {
    private Divergences() {
    }

    /** KL(P‖Q) = Σ p ln(p/q). */
    public static double kl(double[] p, double[] q) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                sum += p[i] * Math.log(p[i] / q[i]);
            }
        }
        return sum;
    }

    /** H(P,Q) = −Σ p ln q. */
    public static double crossEntropy(double[] p, double[] q) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                sum -= p[i] * Math.log(q[i]);
            }
        }
        return sum;
    }

    /** H(P) = −Σ p ln p. */
    public static double entropy(double[] p) {
        return crossEntropy(p, p);
    }

    /** Jensen–Shannon divergence ½KL(P‖M) + ½KL(Q‖M), M = (P+Q)/2; in [0, ln 2]. */
    public static double jensenShannon(double[] p, double[] q) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double m = 0.5 * (p[i] + q[i]);
            if (p[i] > 0) {
                sum += 0.5 * p[i] * Math.log(p[i] / m);
            }
            if (q[i] > 0) {
                sum += 0.5 * q[i] * Math.log(q[i] / m);
            }
        }
        return sum;
    }

    /** Population stability index Σ (q − p) ln(q/p), which equals KL(P‖Q) + KL(Q‖P). */
    public static double psi(double[] p, double[] q) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] != q[i]) {
                sum += (q[i] - p[i]) * Math.log(q[i] / p[i]);
            }
        }
        return sum;
    }
}
