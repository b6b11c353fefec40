package io.kdrift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Expected values were computed independently with numpy/scipy (scipy.special.rel_entr,
 * scipy.stats.entropy, scipy.spatial.distance.jensenshannon squared, scipy.stats.chi2_contingency with
 * lambda_="log-likelihood"), for r = [10,0,5,0,3], c = [0,0,5,5,1], α = 0.5.
 */
class DriftCalculatorTest {
    private static final double EPS = 1e-12;

    @Test
    void smoothedScoresOfAHandWorkedExample() {
        DriftScores s = new DriftCalculator(0.5).score(new double[] {10, 0, 5, 0, 3}, new double[] {0, 0, 5, 5, 1});
        // bin 1 is empty on both sides and dropped: k = 4;
        // p = (10.5, 5.5, 0.5, 3.5)/20 = (0.525, 0.275, 0.025, 0.175); q = (0.5, 5.5, 5.5, 1.5)/13
        assertEquals(4, s.bins());
        assertEquals(18, s.referenceCount(), EPS);
        assertEquals(11, s.currentCount(), EPS);
        assertEquals(1.255921107460144, s.kl(), EPS);
        assertEquals(1.230414915396187, s.klReverse(), EPS);
        assertEquals(2.346470805665052, s.crossEntropy(), EPS);
        assertEquals(1.090549698204907, s.referenceEntropy(), EPS);
        assertEquals(1.102345273884233, s.currentEntropy(), EPS);
        assertEquals(0.243163103860076, s.js(), EPS);
        assertEquals(2.486336022856331, s.psi(), EPS);
        assertEquals(20.134454085240041, s.gStatistic(), 1e-9);
        assertEquals(0.000159192296334755, s.pValue(), 1e-15);
    }

    @Test
    void klTermsNameTheBinsThatMovedAndSumToKl() {
        DriftCalculator calc = new DriftCalculator(0.5);
        double[] r = {10, 0, 5, 0, 3};
        double[] c = {0, 0, 5, 5, 1};
        double[] terms = calc.klTerms(r, c);
        // scipy.special.rel_entr(p, q) on the kept bins 0, 2, 3, 4; the empty bin 1 has no term
        assertEquals(1.3722132488562588, terms[0], EPS);
        assertEquals(0.0, terms[1]);
        assertEquals(-0.11846530192542488, terms[2], EPS);
        assertEquals(-0.07071695472227062, terms[3], EPS);
        assertEquals(0.07289011525158111, terms[4], EPS);
        assertEquals(calc.score(r, c).kl(), java.util.Arrays.stream(terms).sum(), 1e-12);
    }

    @Test
    void smoothingFollowsTheSpecFormula() {
        // one bin with counts only on the reference side: p = (4+1)/(4+2·1), q = (0+1)/(2+2·1)
        DriftScores s = new DriftCalculator(1.0).score(new double[] {4, 0}, new double[] {0, 2});
        double p0 = 5.0 / 6;
        double q0 = 1.0 / 4;
        double expected = p0 * Math.log(p0 / q0) + (1 - p0) * Math.log((1 - p0) / (1 - q0));
        assertEquals(expected, s.kl(), EPS);
        assertEquals(2, s.bins());
    }

    @Test
    void emptyBinsNeverGiveInfiniteScores() {
        DriftScores s = new DriftCalculator(0.5).score(new double[] {100, 0, 0}, new double[] {0, 0, 100});
        assertEquals(2, s.bins());
        assertEquals(true, Double.isFinite(s.kl()) && Double.isFinite(s.klReverse()) && Double.isFinite(s.psi()));
    }

    @Test
    void vectorsOfDifferentLengthsAlignWithZeros() {
        // a categorical signal that gained a category after the reference was built
        DriftScores a = new DriftCalculator(0.5).score(new double[] {3, 4}, new double[] {3, 4, 5});
        DriftScores b = new DriftCalculator(0.5).score(new double[] {3, 4, 0}, new double[] {3, 4, 5});
        assertEquals(b, a);
    }

    @Test
    void identicalCountsScoreZeroWithPValueOne() {
        DriftScores s = new DriftCalculator(0.5).score(new double[] {5, 7, 9}, new double[] {5, 7, 9});
        assertEquals(0, s.kl(), EPS);
        assertEquals(0, s.js(), EPS);
        assertEquals(1.0, s.pValue(), EPS);
    }

    @Test
    void alphaMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new DriftCalculator(0));
        assertThrows(IllegalArgumentException.class, () -> new DriftCalculator(Double.NaN));
    }
}
