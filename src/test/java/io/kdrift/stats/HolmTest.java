package io.kdrift.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HolmTest {
    /** R: p.adjust(c(0.01, 0.04, 0.03, 0.005), method = "holm") gives 0.03 0.06 0.06 0.02. */
    @Test
    void adjustsAsR() {
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005}), 1e-15);
        // R: p.adjust(c(0.5, 0.0001, 0.9), "holm") = 1.0000 0.0003 1.0000
        assertArrayEquals(new double[] {1.0, 0.0003, 1.0}, Holm.adjust(new double[] {0.5, 0.0001, 0.9}), 1e-15);
    }

    @Test
    void untestedSignalsStayOutOfTheFamily() {
        double[] adjusted = Holm.adjust(new double[] {0.01, Double.NaN, 0.02});
        assertEquals(0.02, adjusted[0], 1e-15);
        assertTrue(Double.isNaN(adjusted[1]));
        assertEquals(0.02, adjusted[2], 1e-15);
    }

    /** Against the textbook step-down: reject p_(1..j) while p_(i) ≤ α/(k − i + 1). */
    @Test
    void rejectsWhatTheStepDownProcedureRejects() {
        Random rnd = new Random(5);
        for (int run = 0; run < 2000; run++) {
            int k = 1 + rnd.nextInt(30);
            double[] p = new double[k];
            for (int i = 0; i < k; i++) {
                p[i] = rnd.nextBoolean() ? rnd.nextDouble() * 1e-3 : rnd.nextDouble();
            }
            double alpha = 0.01;
            double[] sorted = p.clone();
            Arrays.sort(sorted);
            double cut = -1; // the largest p-value rejected
            for (int i = 0; i < k && sorted[i] <= alpha / (k - i); i++) {
                cut = sorted[i];
            }
            double[] adjusted = Holm.adjust(p);
            for (int i = 0; i < k; i++) {
                assertEquals(p[i] <= cut, adjusted[i] <= alpha, "run " + run + " p " + Arrays.toString(p));
                assertTrue(adjusted[i] >= p[i]);
            }
        }
    }
}
