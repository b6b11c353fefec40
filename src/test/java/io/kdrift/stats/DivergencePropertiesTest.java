package io.kdrift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.testing.RandomCases;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Identities and bounds that must hold for any pair of count vectors: checked on 5,000 random pairs. */
class DivergencePropertiesTest {
    private static final double[] ALPHAS = {0.01, 0.5, 1.0, 2.0};

    private static DriftScores randomScores(SplittableRandom random) {
        int k = 1 + random.nextInt(40);
        double[] r = new double[k];
        double[] c = new double[k];
        int scale = random.nextBoolean() ? 10 : 5000; // small windows are where bias and empty bins bite
        for (int i = 0; i < k; i++) {
            // sparse vectors are the interesting case: about a third of the entries are empty
            r[i] = random.nextInt(3) == 0 ? 0 : random.nextInt(scale);
            c[i] = random.nextInt(3) == 0 ? 0 : random.nextInt(scale);
        }
        return new DriftCalculator(ALPHAS[random.nextInt(ALPHAS.length)]).score(r, c);
    }

    @Test
    void crossEntropyIsReferenceEntropyPlusKl() {
        RandomCases.forEach(1_000, 5_000, random -> {
            DriftScores s = randomScores(random);
            assertEquals(s.crossEntropy(), s.referenceEntropy() + s.kl(), 1e-9);
        });
    }

    @Test
    void psiIsTheSumOfBothKls() {
        RandomCases.forEach(2_000, 5_000, random -> {
            DriftScores s = randomScores(random);
            assertEquals(s.psi(), s.kl() + s.klReverse(), 1e-9);
        });
    }

    @Test
    void boundsHold() {
        RandomCases.forEach(3_000, 5_000, random -> {
            DriftScores s = randomScores(random);
            assertTrue(s.kl() >= -1e-12, "KL >= 0");
            assertTrue(s.klReverse() >= -1e-12, "reverse KL >= 0");
            assertTrue(s.js() >= -1e-12 && s.js() <= Math.log(2) + 1e-12, "0 <= JS <= ln 2");
            // KL is convex in its second argument, so KL(P‖M) ≤ ½KL(P‖Q): JS ≤ (KL(P‖Q) + KL(Q‖P))/4 = PSI/4
            assertTrue(s.js() <= s.psi() / 4 + 1e-9, "JS <= PSI/4");
            assertTrue(s.pValue() >= 0 && s.pValue() <= 1, "p in [0,1]");
            assertTrue(Double.isFinite(s.kl()) && Double.isFinite(s.klReverse()) && Double.isFinite(s.crossEntropy()), "finite");
            double maxEntropy = Math.log(Math.max(1, s.bins()));
            assertTrue(s.referenceEntropy() >= -1e-12 && s.referenceEntropy() <= maxEntropy + 1e-9, "0 <= H(P) <= ln k");
            assertTrue(s.currentEntropy() >= -1e-12 && s.currentEntropy() <= maxEntropy + 1e-9, "0 <= H(Q) <= ln k");
        });
    }
}
