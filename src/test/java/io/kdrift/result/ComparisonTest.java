package io.kdrift.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** p-values against Python's math.erfc of the same z (an implementation that shares no code with kdrift's chi-square). */
class ComparisonTest {
    @Test
    void accuracyDropIsATwoProportionTest() {
        // 45 of 100 right against 600 of 1000: z² = 8.4334…, p = erfc(|z|/√2) = 0.0036838540379665664
        Comparison c = Comparison.ofProportions(45, 100, 600, 1000);
        assertEquals(-0.15, c.difference(), 1e-15);
        assertEquals(0.0036838540379665664, c.pValue(), 1e-12);
    }

    @Test
    void theSameDropOnTenLabelsIsNoEvidence() {
        Comparison c = Comparison.ofProportions(4, 10, 600, 1000);
        assertEquals(-0.2, c.difference(), 1e-15);
        assertTrue(c.pValue() > 0.1, "p = " + c.pValue());
    }

    @Test
    void meansAreComparedWithWelchsStatistic() {
        // [1, 2, 3, 4, 5] against [2, 3, 4, 5, 6, 7]: means 3 and 4.5, variances 2.5 and 3.5; p = 0.1495413545846152
        Comparison c = Comparison.ofMeans(15, 55, 5, 27, 139, 6);
        assertEquals(-1.5, c.difference(), 1e-15);
        assertEquals(0.1495413545846152, c.pValue(), 1e-12);
    }

    @Test
    void aSideWithTooFewLabelsHasNoPValue() {
        assertTrue(Double.isNaN(Comparison.ofMeans(1, 1, 1, 27, 139, 6).pValue()));
        assertTrue(Double.isNaN(Comparison.ofProportions(0, 0, 600, 1000).pValue()));
    }

    @Test
    void everyPredictionRightOnBothSidesIsNoChange() {
        assertEquals(1, Comparison.ofProportions(10, 10, 100, 100).pValue());
    }
}
