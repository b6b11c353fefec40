package io.kdrift.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kdrift.result.RegressionMetrics;
import org.junit.jupiter.api.Test;

class RegressionCountsTest {
    /** scikit-learn's documented example: mean_absolute_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) = 0.5, MSE 0.375. */
    @Test
    void scikitLearnsExample() {
        RegressionCounts c = new RegressionCounts();
        double[] labels = {3, -0.5, 2, 7};
        double[] predictions = {2.5, 0.0, 2, 8};
        for (int i = 0; i < labels.length; i++) {
            c.add(predictions[i], labels[i]);
        }
        RegressionMetrics m = c.metrics();
        assertEquals(4, m.labelled());
        assertEquals(0.5, m.meanAbsoluteError(), 1e-15);
        assertEquals(0.6123724356957945, m.rootMeanSquaredError(), 1e-15); // √0.375
        assertEquals(0.25, m.meanError(), 1e-15); // (−0.5 + 0.5 + 0 + 1) / 4: over-predicted on average
    }

    @Test
    void nothingLabelledDefinesNothing() {
        assertNull(new RegressionCounts().metrics().meanAbsoluteError());
    }
}
