package io.kdrift.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down correction for testing k hypotheses at once: the family-wise error rate (the chance that any
 * of them is rejected when none is false) stays at or below the level, for any dependence between the tests,
 * and it rejects at least what Bonferroni rejects.
 */
public final class Holm {
    private Holm() {
    }

    /**
     * Holm-adjusted p-values, in the order given: sorted ascending, the i-th smallest (from 0) becomes
     * max over j ≤ i of min(1, (k − j) · p_(j)). A hypothesis is rejected at level α when its adjusted p-value is ≤ α.
     * NaN p-values are not tested: they stay NaN and do not count in k.
     */
    public static double[] adjust(double[] p) {
        Integer[] order = new Integer[p.length];
        int k = 0;
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
            k += Double.isNaN(p[i]) ? 0 : 1;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> Double.isNaN(p[i]) ? Double.POSITIVE_INFINITY : p[i]));
        double[] out = new double[p.length];
        Arrays.fill(out, Double.NaN);
        double running = 0;
        for (int j = 0; j < k; j++) {
            int i = order[j];
            running = Math.max(running, Math.min(1.0, (k - j) * p[i]));
            out[i] = running;
        }
        return out;
    }
}
