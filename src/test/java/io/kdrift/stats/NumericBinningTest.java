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

    /**
     * Quantile edges come from the values at a handful of ranks, selected rather than sorted: they must be those of a
     * sorted copy bit for bit (numpy's linear interpolation on {@code Arrays.sort}'s order, -0.0 before 0.0), on samples
     * of every shape: continuous, discrete with long runs of one value, signed zeros, sorted, reversed, a single value.
     */
    @Test
    void quantileEdgesAreThoseOfASortedSampleBitForBit() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int trial = 0; trial < 3000; trial++) {
            int length = 1 + random.nextInt(trial % 3 == 0 ? 40 : 3000);
            int bins = 1 + random.nextInt(60);
            double[] sample = new double[length];
            int shape = trial % 6;
            for (int i = 0; i < length; i++) {
                sample[i] = switch (shape) {
                    case 0 -> random.nextGaussian() * 100;
                    case 1 -> random.nextInt(4); // discrete: runs of equal values
                    case 2 -> random.nextBoolean() ? 0.0 : -0.0;
                    case 3 -> i; // already sorted
                    case 4 -> length - i; // reversed
                    default -> random.nextInt(3) == 0 ? 7.5 : Math.round(random.nextGaussian() * 1000) / 100.0;
                };
            }
            double[] sorted = sample.clone();
            java.util.Arrays.sort(sorted);
            double[] expected = new double[bins + 1];
            int n = 0;
            for (int i = 0; i <= bins; i++) {
                double pos = (double) i / bins * (length - 1);
                int lo = (int) Math.floor(pos);
                int hi = Math.min(lo + 1, length - 1);
                double q = sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
                if (n == 0 || q > expected[n - 1]) {
                    expected[n++] = q;
                }
            }
            if (n == 1) {
                expected[n++] = Math.nextUp(expected[0]);
            }
            double[] edges = NumericBinning.fromQuantiles(sample.clone(), length, bins).edges();
            String what = "trial " + trial + ", " + length + " values of shape " + shape + ", " + bins + " bins";
            assertEquals(n, edges.length, what);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(edges[i]), what + ", edge " + i);
            }
        }
    }

    /** The bin of a value is found by a search without branches; it must be the bin that counting edges gives. */
    @Test
    void everyValueFallsInTheBinThatCountingTheEdgesGives() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int trial = 0; trial < 500; trial++) {
            double[] e = new double[2 + random.nextInt(40)];
            e[0] = random.nextInt(20) - 10;
            for (int i = 1; i < e.length; i++) {
                e[i] = e[i - 1] + 0.25 + random.nextInt(4);
            }
            NumericBinning b = NumericBinning.ofEdges(e);
            for (int v = 0; v < 200; v++) {
                // on the edges themselves as often as between them, and outside
                double x = random.nextBoolean() ? e[random.nextInt(e.length)] : e[0] - 3 + random.nextDouble() * (e[e.length - 1] - e[0] + 6);
                int atOrBelow = 0;
                for (double edge : e) {
                    atOrBelow += edge <= x ? 1 : 0;
                }
                int expected = atOrBelow == 0 ? NumericBinning.UNDERFLOW_INDEX
                        : x > e[e.length - 1] ? b.overflowIndex()
                        : x == e[e.length - 1] ? e.length // the last regular bin holds its upper edge
                        : atOrBelow + 1;
                assertEquals(expected, b.indexOf(x), java.util.Arrays.toString(e) + " at " + x);
            }
        }
    }
}
