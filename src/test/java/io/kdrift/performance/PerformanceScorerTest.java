package io.kdrift.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.config.ReferenceMode;
import io.kdrift.config.ReferenceSettings;
import io.kdrift.result.Comparison;
import io.kdrift.result.PerformanceRecord;
import io.kdrift.result.ScoreStatus;
import org.junit.jupiter.api.Test;

class PerformanceScorerTest {
    private static final long MINUTE = 60_000;
    private static final String[] CLASSES = {"fraud", "ok"};

    /** A window of n labelled predictions, {@code right} of them right; labels "fraud" for the first {@code fraud}. */
    private static WindowPerformance window(int index, int n, int right, int fraud) {
        WindowPerformance w = new WindowPerformance(index * MINUTE);
        for (int i = 0; i < n; i++) {
            String label = i < fraud ? "fraud" : "ok";
            String other = label.equals("fraud") ? "ok" : "fraud";
            w.predictions++;
            w.withId++;
            w.classification.add(i < right ? label : other, label, null, null);
        }
        return w;
    }

    @Test
    void aRollingReferenceOfTwoWindowsComparesEachWindowWithTheTwoBefore() {
        PerformanceScorer scorer = new PerformanceScorer(m -> new ReferenceSettings(ReferenceMode.ROLLING, 2, 1), 30, 0.5, MINUTE);
        PerformanceReference ref = new PerformanceReference();
        PerformanceRecord first = scorer.score("m", ref, window(0, 100, 90, 10));
        assertEquals(ScoreStatus.WARMING_UP, first.status());
        assertNull(first.classification().accuracy());
        assertEquals(0.9, first.classification().current().accuracy(), 1e-15);
        scorer.score("m", ref, window(1, 100, 80, 10));
        PerformanceRecord third = scorer.score("m", ref, window(2, 50, 30, 25));
        assertEquals(ScoreStatus.OK, third.status());
        assertEquals(2, third.referenceWindows());
        // 30 of 50 against (90 + 80) of 200: the two-proportion test of those counts
        Comparison expected = Comparison.ofProportions(30, 50, 170, 200);
        assertEquals(expected, third.classification().accuracy());
        assertEquals(0.85, third.classification().reference().accuracy(), 1e-15);
        assertTrue(third.classification().accuracy().pValue() < 1e-4, "0.6 against 0.85 on 50 labels");
        // labels: 25 fraud of 50 against 20 of 200
        assertEquals(200, third.classification().labels().referenceCount());
        assertEquals(50, third.classification().labels().currentCount());
        assertTrue(third.classification().labels().pValue() < 1e-6);
        PerformanceRecord fourth = scorer.score("m", ref, window(3, 100, 80, 10));
        // rolled on: windows 1 and 2, (80 + 30) of 150
        assertEquals(Comparison.ofProportions(80, 100, 110, 150), fourth.classification().accuracy());
    }

    @Test
    void fewLabelsOnEitherSideAreInsufficientData() {
        PerformanceScorer scorer = new PerformanceScorer(m -> new ReferenceSettings(ReferenceMode.ROLLING, 12, 1), 30, 0.5, MINUTE);
        PerformanceReference ref = new PerformanceReference();
        scorer.score("m", ref, window(0, 100, 90, 10));
        PerformanceRecord few = scorer.score("m", ref, window(1, 10, 4, 1));
        assertEquals(ScoreStatus.INSUFFICIENT_DATA, few.status());
        assertEquals(10, few.labelled());
        assertEquals(1.0, few.labelledFraction());
    }

    @Test
    void aFixedReferenceFreezesAfterItsWindows() {
        PerformanceScorer scorer = new PerformanceScorer(m -> new ReferenceSettings(ReferenceMode.FIXED, 1, 1), 1, 0.5, MINUTE);
        PerformanceReference ref = new PerformanceReference();
        scorer.score("m", ref, window(0, 100, 90, 10));
        scorer.score("m", ref, window(1, 100, 50, 10));
        PerformanceRecord third = scorer.score("m", ref, window(2, 100, 50, 10));
        assertEquals(0.9, third.classification().reference().accuracy(), 1e-15, "still the first window only");
    }

    @Test
    void regressionIsComparedByItsErrors() {
        PerformanceScorer scorer = new PerformanceScorer(m -> new ReferenceSettings(ReferenceMode.ROLLING, 12, 1), 2, 0.5, MINUTE);
        PerformanceReference ref = new PerformanceReference();
        WindowPerformance before = new WindowPerformance(0);
        WindowPerformance after = new WindowPerformance(MINUTE);
        for (double e : new double[] {1, 2, 3, 4, 5}) {
            before.regression.add(10 + e, 10);
        }
        for (double e : new double[] {2, 3, 4, 5, 6, 7}) {
            after.regression.add(10 - e, 10);
        }
        scorer.score("m", ref, before);
        PerformanceRecord r = scorer.score("m", ref, after);
        assertNull(r.classification());
        // |e|: [2..7] against [1..5]: ComparisonTest's example, the other way round (p 0.1495413545846152)
        assertEquals(1.5, r.regression().meanAbsoluteError().difference(), 1e-12);
        assertEquals(0.1495413545846152, r.regression().meanAbsoluteError().pValue(), 1e-12);
        assertEquals(-4.5, r.regression().current().meanError(), 1e-12, "under-predicted");
    }

    @Test
    void aPinnedModelComparesItsPerformanceWithItsOwnLastWindows() {
        // a baseline has no labels: the pinned model's performance rolls over as many windows as its reference has
        PerformanceScorer scorer = new PerformanceScorer(m -> m.equals("pinned") ? new ReferenceSettings(ReferenceMode.PINNED, 2, 1)
                : new ReferenceSettings(ReferenceMode.FIXED, 1, 1), 1, 0.5, MINUTE);
        PerformanceReference ref = new PerformanceReference();
        scorer.score("pinned", ref, window(0, 100, 90, 10));
        scorer.score("pinned", ref, window(1, 100, 80, 10));
        PerformanceRecord third = scorer.score("pinned", ref, window(2, 100, 50, 10));
        assertEquals(ScoreStatus.OK, third.status());
        assertEquals(0.85, third.classification().reference().accuracy(), 1e-15);
        PerformanceRecord fourth = scorer.score("pinned", ref, window(3, 100, 50, 10));
        assertEquals(0.65, fourth.classification().reference().accuracy(), 1e-15, "rolled on: windows 1 and 2");
    }
}
