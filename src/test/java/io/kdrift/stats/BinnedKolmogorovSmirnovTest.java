package io.kdrift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class BinnedKolmogorovSmirnovTest {
    /** Values that are their bin's index: binning loses nothing, and D is KS's D on the raw values. */
    @Test
    void theStatisticIsKolmogorovSmirnovsOnTheBinnedValues() {
        Random rnd = new Random(9);
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        for (int run = 0; run < 200; run++) {
            int bins = 2 + rnd.nextInt(12);
            int n = 5 + rnd.nextInt(300);
            int m = 5 + rnd.nextInt(300);
            double[] r = new double[bins];
            double[] c = new double[bins];
            double[] x = new double[n];
            double[] y = new double[m];
            double shift = rnd.nextDouble() * 2;
            for (int i = 0; i < n; i++) {
                x[i] = bin(rnd.nextGaussian(), bins);
                r[(int) x[i]]++;
            }
            for (int i = 0; i < m; i++) {
                y[i] = bin(rnd.nextGaussian() + shift, bins);
                c[(int) y[i]]++;
            }
            assertEquals(ks.kolmogorovSmirnovStatistic(x, y), BinnedKolmogorovSmirnov.statistic(r, c), 1e-12);
        }
    }

    /** Without ties (every bin holds one value), the exact p-value is KS's exact one for continuous data (commons-math). */
    @Test
    void withoutTiesThePValueIsTheExactKolmogorovSmirnovOne() {
        Random rnd = new Random(3);
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        for (int run = 0; run < 100; run++) {
            int n = 3 + rnd.nextInt(25);
            int m = 3 + rnd.nextInt(40);
            // n + m distinct values in random order, each in a bin of its own
            double[] r = new double[n + m];
            double[] c = new double[n + m];
            int[] order = new int[n + m];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = order.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int i = 0; i < order.length; i++) {
                (i < n ? r : c)[order[i]] = 1;
            }
            double d = BinnedKolmogorovSmirnov.statistic(r, c);
            double expected = ks.exactP(d, n, m, false);
            assertEquals(expected, BinnedKolmogorovSmirnov.exactPValue(r, c), 1e-9 + 1e-6 * expected, "n " + n + " m " + m + " d " + d);
        }
    }

    /** With ties (30 events against 360 over 10 bins), against a permutation test: shuffle the pooled events. */
    @Test
    void withTiesThePValueIsThePermutationOne() {
        Random rnd = new Random(12);
        for (int run = 0; run < 6; run++) {
            double[] r = new double[10];
            double[] c = new double[10];
            for (int i = 0; i < 360; i++) {
                r[bin(rnd.nextGaussian(), 10)]++;
            }
            for (int i = 0; i < 30; i++) {
                c[bin(rnd.nextGaussian() + 0.4 * run / 5.0, 10)]++;
            }
            double d = BinnedKolmogorovSmirnov.statistic(r, c);
            int[] pooled = new int[390];
            int k = 0;
            for (int b = 0; b < 10; b++) {
                for (int i = 0; i < r[b] + c[b]; i++) {
                    pooled[k++] = b;
                }
            }
            int shuffles = 20_000;
            int reached = 0;
            for (int s = 0; s < shuffles; s++) {
                for (int i = pooled.length - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    int t = pooled[i];
                    pooled[i] = pooled[j];
                    pooled[j] = t;
                }
                double[] pr = new double[10];
                double[] pc = new double[10];
                for (int i = 0; i < pooled.length; i++) {
                    (i < 360 ? pr : pc)[pooled[i]]++;
                }
                reached += BinnedKolmogorovSmirnov.statistic(pr, pc) >= d - 1e-12 ? 1 : 0;
            }
            double estimate = (double) reached / shuffles;
            double p = BinnedKolmogorovSmirnov.exactPValue(r, c);
            double se = Math.sqrt(Math.max(p * (1 - p), 1e-4) / shuffles);
            assertEquals(estimate, p, 4 * se, "run " + run + ": exact " + p + ", permutations " + estimate);
            // the continuous distribution overstates it: binning is conservative there
            assertTrue(BinnedKolmogorovSmirnov.asymptotic(d, 360, 30) >= p * 0.9, "asymptotic " + BinnedKolmogorovSmirnov.asymptotic(d, 360, 30));
        }
    }

    /** The exact walk where it can matter (the asymptotic p-value below 0.05), the asymptotic one elsewhere. */
    @Test
    void theExactPValueIsComputedWhereItCanMatter() {
        double[] ref = {36, 36, 36, 36, 36, 36, 36, 36, 36, 36};
        double[] near = {2, 3, 3, 3, 3, 3, 3, 3, 3, 4};
        double[] far = {0, 0, 1, 2, 3, 3, 4, 5, 6, 6};
        double dNear = BinnedKolmogorovSmirnov.statistic(ref, near);
        assertEquals(BinnedKolmogorovSmirnov.asymptotic(dNear, 360, 30), BinnedKolmogorovSmirnov.pValue(ref, near));
        assertTrue(BinnedKolmogorovSmirnov.pValue(ref, near) >= BinnedKolmogorovSmirnov.EXACT_BELOW);
        assertEquals(BinnedKolmogorovSmirnov.exactPValue(ref, far), BinnedKolmogorovSmirnov.pValue(ref, far));
        assertTrue(BinnedKolmogorovSmirnov.pValue(ref, far) < BinnedKolmogorovSmirnov.asymptotic(BinnedKolmogorovSmirnov.statistic(ref, far), 360, 30));
    }

    @Test
    void aShiftOfLocationOnFewEventsIsFoundWhereTheGTestSeesLittle() {
        // 30 events a bin or so up from a uniform reference of 10 bins: the cumulative shares move, the bin shapes hardly
        double[] ref = {36, 36, 36, 36, 36, 36, 36, 36, 36, 36};
        double[] cur = {0, 1, 2, 3, 3, 3, 4, 4, 5, 5};
        double pKs = BinnedKolmogorovSmirnov.pValue(ref, cur);
        double pG = GTest.pValue(GTest.statistic(ref, cur), 9);
        assertTrue(pKs < pG, "KS " + pKs + " G " + pG);
    }

    @Test
    void largeSamplesUseTheAsymptoticDistributionAndEmptySidesAreNoEvidence() {
        double[] r = {40_000, 40_000, 40_000};
        double[] c = {3_000, 3_500, 3_500};
        double d = BinnedKolmogorovSmirnov.statistic(r, c);
        assertEquals(BinnedKolmogorovSmirnov.asymptotic(d, 120_000, 10_000), BinnedKolmogorovSmirnov.pValue(r, c));
        assertEquals(0, BinnedKolmogorovSmirnov.statistic(new double[] {0, 0}, new double[] {1, 2}));
        assertEquals(1.0, BinnedKolmogorovSmirnov.pValue(new double[] {0, 0}, new double[] {1, 2}));
    }

    private static int bin(double v, int bins) {
        return (int) Math.max(0, Math.min(bins - 1, Math.floor((v + 2.5) / 5 * bins)));
    }
}
