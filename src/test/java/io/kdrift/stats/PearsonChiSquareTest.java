package io.kdrift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class PearsonChiSquareTest {
    @Test
    void theStatisticAndItsChiSquareDistributionAgreeWithCommonsMath() {
        Random rnd = new Random(4);
        ChiSquareTest commons = new ChiSquareTest();
        for (int run = 0; run < 500; run++) {
            int k = 2 + rnd.nextInt(10);
            long[] r = new long[k];
            long[] c = new long[k];
            double[] rd = new double[k];
            double[] cd = new double[k];
            for (int i = 0; i < k; i++) {
                r[i] = 1 + rnd.nextInt(400);
                c[i] = 1 + rnd.nextInt(60);
                rd[i] = r[i];
                cd[i] = c[i];
            }
            double expected = commons.chiSquareDataSetsComparison(r, c);
            assertEquals(expected, PearsonChiSquare.statistic(rd, cd), 1e-9 * Math.max(1, expected));
            double p = commons.chiSquareTestDataSetsComparison(r, c);
            assertEquals(p, PearsonChiSquare.asymptotic(PearsonChiSquare.statistic(rd, cd), k), 1e-9 + 1e-9 * p);
        }
    }

    /** Small tables: the exact p-value against a permutation test (the window's events drawn again from the pooled ones). */
    @Test
    void onFewEventsThePValueIsThePermutationOne() {
        Random rnd = new Random(8);
        double[][][] tables = {
            {{144, 108, 72, 36}, {14, 9, 5, 2}},        // 40/30/20/10 %, 30 events: a category of 3 expected
            {{180, 144, 36, 0}, {13, 11, 3, 3}},        // a new category: 3 events, none in the reference
            {{216, 108, 36}, {6, 12, 12}},              // class priors 60/30/10 → 20/40/40
        };
        for (double[][] t : tables) {
            double[] r = t[0];
            double[] c = t[1];
            double observed = PearsonChiSquare.statistic(r, c);
            int[] pooled = new int[(int) (sum(r) + sum(c))];
            int idx = 0;
            for (int b = 0; b < r.length; b++) {
                for (int i = 0; i < r[b] + c[b]; i++) {
                    pooled[idx++] = b;
                }
            }
            int n = (int) sum(c);
            int shuffles = 200_000;
            int reached = 0;
            for (int s = 0; s < shuffles; s++) {
                double[] pc = new double[r.length];
                // a random n of the pooled events (partial Fisher–Yates)
                for (int i = 0; i < n; i++) {
                    int j = i + rnd.nextInt(pooled.length - i);
                    int tmp = pooled[i];
                    pooled[i] = pooled[j];
                    pooled[j] = tmp;
                    pc[pooled[i]]++;
                }
                double[] pr = new double[r.length];
                for (int b = 0; b < r.length; b++) {
                    pr[b] = r[b] + c[b] - pc[b];
                }
                reached += PearsonChiSquare.statistic(pr, pc) >= observed * (1 - 1e-9) ? 1 : 0;
            }
            double estimate = (double) reached / shuffles;
            double p = PearsonChiSquare.exactPValue(r, c);
            double se = Math.sqrt(Math.max(p * (1 - p), 1e-5) / shuffles);
            assertEquals(estimate, p, 4 * se + 1e-6, "exact " + p + ", permutations " + estimate);
        }
    }

    @Test
    void theChiSquareDistributionOverstatesARareCategoryOnFewEvents() {
        // a new category with 3 events of 30 and none in 360: about 5e-4 by counting, orders of magnitude less by chi-square
        double[] r = {180, 144, 36, 0};
        double[] c = {13, 11, 3, 3};
        double exact = PearsonChiSquare.pValue(r, c);
        assertEquals(PearsonChiSquare.exactPValue(r, c), exact, 0, "counted: its chi-square p-value is below 0.05");
        double asymptotic = PearsonChiSquare.asymptotic(PearsonChiSquare.statistic(r, c), 4);
        assertTrue(exact > 1e-4 && exact < 2e-3 && asymptotic < exact / 100, "exact " + exact + ", chi-square " + asymptotic);
    }

    @Test
    void binsEmptyOnBothSidesDoNotCount() {
        assertEquals(PearsonChiSquare.pValue(new double[] {10, 20}, new double[] {5, 1}),
                PearsonChiSquare.pValue(new double[] {10, 0, 20}, new double[] {5, 0, 1}), 1e-15);
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
