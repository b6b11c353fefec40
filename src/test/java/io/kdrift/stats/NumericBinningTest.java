package io.kdrift.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NumericBinningTest {
    @Test
    void followsNumpyHistogramConventionWithUnderflowAndOverflow() {
        // numpy.histogram([-1,0,0.5,1,1.5,2,2.5,3,3.0,4], bins=[0,1,2,3]) → [2, 2, 4]; -1 and 4 fall outside
        NumericBinning b = NumericBinning.ofEdges(0, 1, 2, 3);
        double[] counts = new double[b.size()];
        for (double v : new double[] {-1, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.0, 4}) {
            counts[b.indexOf(v)]++;
        }
        // layout: missing, underflow, [0,1), [1,2), [2,3], overflow
        assertArrayEquals(new double[] {0, 1, 2, 2, 4, 1}, counts);
    }

    @Test
    void missingValuesHaveTheirOwnBin() {
        NumericBinning b = NumericBinning.uniform(0, 10, 5);
        assertEquals(NumericBinning.MISSING_INDEX, b.indexOf(Double.NaN));
    }

    @Test
    void uniformEdgesAreEvenAndEndExactlyAtMax() {
        NumericBinning b = NumericBinning.uniform(0, 1, 10);
        assertEquals(11, b.edges().length);
        assertEquals(1.0, b.edges()[10]);
        assertEquals(0.3, b.edges()[3], 1e-15);
        assertEquals(b.overflowIndex() - 1, b.indexOf(1.0));
        assertEquals(2, b.indexOf(0.0));
    }

    @Test
    void quantileEdgesMatchNumpyLinearInterpolation() {
        // numpy.quantile([3,1,4,1,5,9,2,6,5,3,5], [0, .25, .5, .75, 1]) → [1, 2.5, 4, 5, 9]
        double[] sample = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5};
        assertArrayEquals(new double[] {1, 2.5, 4, 5, 9}, NumericBinning.fromQuantiles(sample, sample.length, 4).edges(), 1e-12);
    }

    @Test
    void repeatedQuantilesMergeIntoFewerBins() {
        double[] sample = {1, 1, 1, 1, 1, 1, 2, 3};
        NumericBinning b = NumericBinning.fromQuantiles(sample, sample.length, 4);
        // quantiles 1, 1, 1, 1.25, 3 → edges 1, 1.25, 3
        assertArrayEquals(new double[] {1, 1.25, 3}, b.edges(), 1e-12);
    }

    @Test
    void singleValueSampleStillGivesAValidBin() {
        NumericBinning b = NumericBinning.fromQuantiles(new double[] {7, 7, 7}, 3, 10);
        assertEquals(1, b.regularBins());
        assertEquals(2, b.indexOf(7));
        assertEquals(NumericBinning.UNDERFLOW_INDEX, b.indexOf(6.9));
        assertEquals(b.overflowIndex(), b.indexOf(7.1));
    }

    @Test
    void rejectsEdgesThatAreNotStrictlyIncreasing() {
        assertThrows(IllegalArgumentException.class, () -> NumericBinning.ofEdges(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> NumericBinning.ofEdges(0));
        assertThrows(IllegalArgumentException.class, () -> NumericBinning.ofEdges(0, Double.POSITIVE_INFINITY));
    }

    @Test
    void labelsShowEdgesAsPeopleWriteThemWhileTheEdgesStayExact() {
        NumericBinning b = NumericBinning.uniform(0, 1, 10);
        // numpy.linspace(0, 1, 11)[3] is 0.30000000000000004 too: the edge is kept, the label rounds it
        assertEquals(0.30000000000000004, b.edges()[3]);
        assertEquals("[0.2, 0.3)", b.label(4));
        assertEquals("[0.6, 0.7)", b.label(8));
        assertEquals("[0.9, 1.0]", b.label(11));
        assertEquals("(-inf, 0.0)", b.label(NumericBinning.UNDERFLOW_INDEX));
        assertEquals("[150000.0, 200000.0)", NumericBinning.ofEdges(150000, 200000, 250000).label(2));
        assertEquals("[1.0E-7, 2.0E-7]", NumericBinning.ofEdges(1e-7, 2e-7).label(2));
    }
}
