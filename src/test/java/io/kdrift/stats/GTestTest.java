package io.kdrift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GTestTest {
    @Test
    void survivalFunctionMatchesClosedForms() {
        // chi-square sf: df 2 → e^(−x/2); df 4 → e^(−x/2)(1 + x/2)
        for (double x : new double[] {0.1, 1, 3.7, 12, 60}) {
            assertEquals(Math.exp(-x / 2), GTest.pValue(x, 2), 1e-14 + 1e-12 * Math.exp(-x / 2));
            assertEquals(Math.exp(-x / 2) * (1 + x / 2), GTest.pValue(x, 4), 1e-14 + 1e-12 * Math.exp(-x / 2));
        }
    }

    @Test
    void survivalFunctionMatchesScipy() {
        // scipy.stats.chi2.sf
        assertEquals(0.0575584519726364, GTest.pValue(7.5, 3), 1e-13);
        assertEquals(0.005345505487134069, GTest.pValue(25, 10), 1e-14);
    }

    @Test
    void tinyPValuesKeepTheirPrecision() {
        // 1 − CDF would round to 0; the upper incomplete gamma does not. df 2: e^(−200/2)
        assertEquals(Math.exp(-100), GTest.pValue(200, 2), 1e-55);
    }

    @Test
    void statisticMatchesScipyContingencyTable() {
        // scipy.stats.chi2_contingency([[120,80,40,10],[60,90,70,30]], lambda_="log-likelihood", correction=False)
        double g = GTest.statistic(new double[] {120, 80, 40, 10}, new double[] {60, 90, 70, 30});
        assertEquals(39.727811756181367, g, 1e-9);
        assertEquals(1.21688267726724e-08, GTest.pValue(g, 3), 1e-18);
    }

    @Test
    void statisticIsTwiceNTimesKlForAnEqualSplit() {
        // with equal totals n, G = 2n[KL(r̂‖m) + KL(ĉ‖m)], m the pooled distribution: an identity from the definition
        double[] r = {30, 50, 20};
        double[] c = {40, 35, 25};
        double n = 100;
        double[] rh = {0.30, 0.50, 0.20};
        double[] ch = {0.40, 0.35, 0.25};
        double[] m = {0.35, 0.425, 0.225};
        double expected = 2 * n * (Divergences.kl(rh, m) + Divergences.kl(ch, m));
        assertEquals(expected, GTest.statistic(r, c), 1e-9);
    }

    @Test
    void noDegreesOfFreedomMeansNoEvidence() {
        assertEquals(1.0, GTest.pValue(5, 0));
    }
}
