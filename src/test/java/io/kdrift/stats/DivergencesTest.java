package io.kdrift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DivergencesTest {
    private static final double EPS = 1e-12;

    @Test
    void oneHotReferenceGivesCrossEntropyEqualToKlEqualToMinusLogOfTheTrueClass() {
        // H(P) = 0 for a one-hot P, so H(P,Q) = KL(P‖Q) = −ln q_true (the log loss of one prediction)
        double[] p = {0, 1, 0};
        double[] q = {0.2, 0.7, 0.1};
        assertEquals(0.35667494393873245, Divergences.crossEntropy(p, q), EPS);
        assertEquals(-Math.log(0.7), Divergences.kl(p, q), EPS);
        assertEquals(0.0, Divergences.entropy(p), EPS);
    }

    @Test
    void bernoulliKlMatchesItsClosedForm() {
        double a = 0.3;
        double b = 0.6;
        double closedForm = a * Math.log(a / b) + (1 - a) * Math.log((1 - a) / (1 - b));
        assertEquals(closedForm, Divergences.kl(new double[] {a, 1 - a}, new double[] {b, 1 - b}), EPS);
        // hand-worked: 0.3 ln 0.5 + 0.7 ln 1.75
        assertEquals(0.18378689738681217, closedForm, EPS);
    }

    @Test
    void uniformEntropyIsLogOfTheNumberOfBins() {
        double[] u = {0.25, 0.25, 0.25, 0.25};
        assertEquals(Math.log(4), Divergences.entropy(u), EPS);
        assertEquals(0.0, Divergences.kl(u, u), EPS);
        assertEquals(0.0, Divergences.jensenShannon(u, u), EPS);
        assertEquals(0.0, Divergences.psi(u, u), EPS);
    }

    @Test
    void jensenShannonOfDisjointSupportsIsLnTwo() {
        assertEquals(Math.log(2), Divergences.jensenShannon(new double[] {1, 0}, new double[] {0, 1}), EPS);
    }

    @Test
    void klIsInfiniteWhereTheSecondDistributionHasNoMass() {
        assertEquals(Double.POSITIVE_INFINITY, Divergences.kl(new double[] {0.5, 0.5}, new double[] {1, 0}));
    }

    @Test
    void klIsNotSymmetric() {
        double[] p = {0.9, 0.1};
        double[] q = {0.5, 0.5};
        assertTrue(Math.abs(Divergences.kl(p, q) - Divergences.kl(q, p)) > 0.05);
    }
}
