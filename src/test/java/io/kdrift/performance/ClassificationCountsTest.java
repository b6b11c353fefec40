package io.kdrift.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kdrift.result.ClassificationMetrics;
import org.junit.jupiter.api.Test;

/** Every metric of a hand-worked example (scikit-learn's definitions, worked by hand in the comments). */
class ClassificationCountsTest {
    private static final String[] CLASSES = {"a", "b", "c"};

    /** y_true = [a, c, c, b], y_pred = [a, b, c, a] (the most probable class of each). */
    private static ClassificationCounts example() {
        ClassificationCounts c = new ClassificationCounts();
        c.add(null, "a", CLASSES, new double[] {0.7, 0.2, 0.1});
        c.add(null, "c", CLASSES, new double[] {0.1, 0.6, 0.3});
        c.add(null, "c", CLASSES, new double[] {0.2, 0.3, 0.5});
        c.add(null, "b", CLASSES, new double[] {0.5, 0.4, 0.1});
        return c;
    }

    @Test
    void accuracyLogLossBrierAndCalibrationOfAHandWorkedExample() {
        ClassificationMetrics m = example().metrics();
        assertEquals(4, m.labelled());
        assertEquals(0.5, m.accuracy(), 1e-15); // 2 of 4
        // (−ln 0.7 − ln 0.3 − ln 0.5 − ln 0.4) / 4, by Python's math.log
        assertEquals(0.7925214151746922, m.logLoss(), 1e-15);
        // Σ_k (p_k − y_k)² per prediction: 0.14, 0.86, 0.38, 0.62; mean 0.5
        assertEquals(0.5, m.brier(), 1e-15);
        // confidence bins: 0.7 (right) |1 − 0.7|·¼; 0.6 (wrong) |0 − 0.6|·¼; 0.5 and 0.5 (one right): |0.5 − 0.5|·½
        assertEquals(0.225, m.expectedCalibrationError(), 1e-15);
    }

    @Test
    void perClassPrecisionRecallAndMacroF1AsScikitLearnComputesThem() {
        ClassificationMetrics m = example().metrics();
        // a: tp 1, fp 1 (b predicted as a), fn 0
        assertEquals(new ClassificationMetrics.PerClass(0.5, 1, 2 / 3.0, 1), m.perClass().get("a"));
        // b: tp 0, fp 1 (c predicted as b), fn 1: precision and recall 0 (zero_division=0), F1 0
        assertEquals(new ClassificationMetrics.PerClass(0, 0, 0, 1), m.perClass().get("b"));
        // c: tp 1, fp 0, fn 1
        assertEquals(1, m.perClass().get("c").precision());
        assertEquals(0.5, m.perClass().get("c").recall());
        assertEquals(2 / 3.0, m.perClass().get("c").f1(), 1e-15);
        assertEquals(2, m.perClass().get("c").support());
        assertEquals((2 / 3.0 + 0 + 2 / 3.0) / 3, m.macroF1(), 1e-15);
    }

    @Test
    void aReferenceIsTheMergeOfItsWindows() {
        ClassificationCounts first = new ClassificationCounts();
        first.add(null, "a", CLASSES, new double[] {0.7, 0.2, 0.1});
        first.add(null, "c", CLASSES, new double[] {0.1, 0.6, 0.3});
        ClassificationCounts second = new ClassificationCounts();
        second.add(null, "c", CLASSES, new double[] {0.2, 0.3, 0.5});
        second.add(null, "b", CLASSES, new double[] {0.5, 0.4, 0.1});
        ClassificationCounts merged = new ClassificationCounts();
        merged.addAll(first);
        merged.addAll(second);
        assertEquals(example().metrics(), merged.metrics());
    }

    @Test
    void aPredictedClassWithoutProbabilitiesGivesAccuracyAndF1Only() {
        ClassificationCounts c = new ClassificationCounts();
        c.add("yes", "yes", null, null);
        c.add("yes", "no", null, null);
        c.add("no", "no", null, null);
        ClassificationMetrics m = c.metrics();
        assertEquals(2 / 3.0, m.accuracy(), 1e-15);
        assertNull(m.logLoss());
        assertNull(m.brier());
        assertNull(m.expectedCalibrationError());
        // yes: tp 1 fp 1 fn 0 → P ½ R 1 F1 ⅔; no: tp 1 fp 0 fn 1 → P 1 R ½ F1 ⅔
        assertEquals(2 / 3.0, m.macroF1(), 1e-15);
    }

    @Test
    void aLabelTheProbabilitiesDoNotNameCostsTheFloorAndAFullBrierTerm() {
        ClassificationCounts c = new ClassificationCounts();
        c.add(null, "z", CLASSES, new double[] {0.7, 0.2, 0.1});
        ClassificationMetrics m = c.metrics();
        assertEquals(-Math.log(1e-15), m.logLoss(), 1e-12);
        assertEquals(0.49 + 0.04 + 0.01 + 1, m.brier(), 1e-15);
        assertEquals(0, m.accuracy());
    }

    @Test
    void nothingLabelledDefinesNothing() {
        ClassificationMetrics m = new ClassificationCounts().metrics();
        assertEquals(0, m.labelled());
        assertNull(m.accuracy());
        assertNull(m.logLoss());
        assertNull(m.macroF1());
    }
}
