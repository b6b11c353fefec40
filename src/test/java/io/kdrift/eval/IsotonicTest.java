package io.kdrift.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The evaluation's isotonic calibration map (the comparison for kdrift's histogram binning), worked by hand. */
class IsotonicTest {
    @Test
    void poolsAdjacentViolatorsAndInterpolatesBetweenThePointsClippedAtTheEnds() {
        // labels 0, 1, 0, 1 at 0.1 .. 0.4: the middle two violate the order and pool to 0.5; the ends stay
        EstimateEvaluation.Isotonic map = EstimateEvaluation.Isotonic.fit(List.of(
                new double[] {0.3, 0}, new double[] {0.1, 0}, new double[] {0.4, 1}, new double[] {0.2, 1}));
        assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4}, map.x(), 0);
        assertArrayEquals(new double[] {0, 0.5, 0.5, 1}, map.y(), 0);
        assertEquals(0.25, map.apply(0.15), 1e-12);
        assertEquals(0.5, map.apply(0.25), 1e-12);
        assertEquals(0.75, map.apply(0.35), 1e-12);
        assertEquals(0, map.apply(0.01), 0);
        assertEquals(1, map.apply(0.9), 0);
        // a violation that reaches back two blocks: 1, 1, 0 pool to 2/3 each
        EstimateEvaluation.Isotonic back = EstimateEvaluation.Isotonic.fit(List.of(
                new double[] {0.1, 1}, new double[] {0.2, 1}, new double[] {0.3, 0}));
        assertArrayEquals(new double[] {2.0 / 3, 2.0 / 3, 2.0 / 3}, back.y(), 1e-12);
        // expected accuracy: p 0.35 predicts 0 (right with 1 - 0.75), p 0.9 predicts 1 (right with 1)
        assertEquals((0.25 + 1) / 2, map.expectedAccuracy(List.of(new double[] {0.35, 0}, new double[] {0.9, 1})), 1e-12);
    }
}
