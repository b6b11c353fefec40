package io.kdrift.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.result.ClassificationMetrics;
import io.kdrift.result.RegressionMetrics;
import io.kdrift.state.ExpiryIndex;
import io.kdrift.state.KeyedState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Labels that come late, early, twice, out of order, for unknown ids and never; a restart in between. */
class LabelJoinTest {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long T0 = 1_767_600_000_000L; // a window boundary
    private static final String[] CLASSES = {"fraud", "ok"};

    private final Map<String, PendingPrediction> pending = new HashMap<>();
    private final Map<String, LabelJoin.EarlyLabel> early = new HashMap<>();
    private final Map<String, WindowPerformance> windows = new HashMap<>();
    private final Map<String, ExpiryIndex.ExpiryBucket> expiry = new HashMap<>();
    private final List<String> performance = new ArrayList<>();
    private final List<WindowPerformance> finals = new ArrayList<>();
    private final List<String> unmatched = new ArrayList<>();
    private final List<String> closed = new ArrayList<>();

    private LabelJoin join(long horizon) {
        return new LabelJoin(horizon, 10 * MINUTE, MINUTE, 10_000,
                new LabelJoin.Stores(KeyedState.over(pending), KeyedState.over(early), KeyedState.over(windows), KeyedState.over(expiry)),
                new LabelJoin.Output() {
                    @Override
                    public void performance(String model, WindowPerformance w) {
                        performance.add(model + "@" + (w.windowStart() - T0) / MINUTE);
                        finals.add(w);
                    }

                    @Override
                    public void closed(String model, WindowPerformance w) {
                        closed.add(model + "@" + (w.windowStart() - T0) / MINUTE + ":" + w.probabilities().predictions());
                    }

                    @Override
                    public void unmatchedLabel(String model, String id, String label, LabelJoin.Unmatched why, LabelOrigin origin) {
                        unmatched.add(model + "/" + id + "=" + label + ":" + why.code()
                                + (origin == null ? "" : "@" + (origin.topic() == null ? "?" : origin.topic() + "/" + origin.offset())));
                    }
                });
    }

    private static PendingPrediction classifier(double pFraud) {
        return new PendingPrediction(0, 0, null, Double.NaN, CLASSES, new double[] {pFraud, 1 - pFraud}, false);
    }

    private static void predict(LabelJoin j, String id, long time, double pFraud) {
        j.prediction("m", id, time, time - Math.floorMod(time, MINUTE), classifier(pFraud));
    }

    @Test
    void labelsMinutesToDaysLateAndOutOfOrderAreAllJoinedAndTheWindowIsFinalAfterItsHorizon() {
        LabelJoin j = join(30 * DAY);
        predict(j, "a", T0 + 1_000, 0.9);   // says fraud
        predict(j, "b", T0 + 2_000, 0.2);   // says ok
        predict(j, "c", T0 + 3_000, 0.6);   // says fraud
        j.label("m", "c", "ok", T0 + 5 * MINUTE);   // minutes late, before the others
        j.label("m", "b", "ok", T0 + 3 * DAY);
        j.label("m", "a", "fraud", T0 + 29 * DAY);  // days late
        assertEquals(List.of(), performance, "the horizon has not passed");
        j.advanceTo(T0 + MINUTE + 30 * DAY - 1);
        assertEquals(List.of(), performance, "the horizon has not passed");
        // final at the window's end plus the horizon, rounded up to the end of its expiry bucket (a 10,000th of the horizon)
        long bucket = 30 * DAY / 10_000;
        j.advanceTo(-Math.floorDiv(-(T0 + MINUTE + 30 * DAY), bucket) * bucket);
        assertEquals(List.of("m@0"), performance);
        WindowPerformance w = finals.get(0);
        assertEquals(3, w.predictions());
        assertEquals(3, w.labelled());
        assertEquals(0, w.unlabelled());
        ClassificationMetrics m = w.classification().metrics();
        assertEquals(2 / 3.0, m.accuracy(), 1e-15); // c was wrong
        assertEquals((-Math.log(0.9) - Math.log(0.8) - Math.log(0.4)) / 3, m.logLoss(), 1e-15);
        assertEquals(List.of(), unmatched);
        assertEquals(Map.of(), windows);
        assertEquals(Map.of(), pending, "nothing stays once the horizon has passed");
        assertEquals(Map.of(), expiry);
    }

    @Test
    void aLabelThatComesFirstWaitsForItsPredictionAndOtherwiseIsReportedUnknown() {
        LabelJoin j = join(HOUR);
        j.label("m", "early", "fraud", T0);
        j.label("m", "orphan", "ok", T0);
        predict(j, "early", T0 + 5 * MINUTE, 0.7);
        j.advanceTo(T0 + 11 * MINUTE); // the wait is 10 minutes
        assertEquals(List.of("m/orphan=ok:label_for_unknown_prediction@?"), unmatched);
        j.advanceTo(T0 + 6 * MINUTE + HOUR);
        assertEquals(1, finals.get(0).labelled());
        assertEquals(1.0, finals.get(0).classification().metrics().accuracy());
    }

    @Test
    void theFirstLabelCountsAndASecondIsADuplicate() {
        LabelJoin j = join(HOUR);
        predict(j, "a", T0, 0.9);
        j.label("m", "a", "fraud", T0 + MINUTE);
        j.label("m", "a", "ok", T0 + 2 * MINUTE);
        j.label("m", "y", "ok", T0 + 2 * MINUTE);
        j.label("m", "y", "fraud", T0 + 3 * MINUTE, new LabelOrigin("labels", 0, 41, T0 + 3 * MINUTE)); // waits with the first
        predict(j, "y", T0 + 4 * MINUTE, 0.2); // it came: the first label of y counts, the second is a duplicate
        j.advanceTo(T0 + MINUTE + HOUR);
        assertEquals(List.of("m/a=ok:duplicate_label", "m/y=fraud:duplicate_label@labels/41"), unmatched);
        assertEquals(1, finals.get(0).labelled());
        assertEquals(1.0, finals.get(0).classification().metrics().accuracy(), "the first label, fraud, counted");
    }

    @Test
    void laterLabelsOfAPredictionThatNeverCameAreUnknownNotDuplicatesAndKeepTheirOrigin() {
        // the prediction waited out its horizon before its first label came: neither label ever had a prediction to be
        // a duplicate of (the second was called duplicate_label), and each dead letter names its own label record
        LabelJoin j = join(HOUR);
        predict(j, "a", T0, 0.9);
        predict(j, "b", T0 + 2 * HOUR, 0.9);           // a's horizon passes: a counts unlabelled
        j.label("m", "a", "fraud", T0 + 2 * HOUR, new LabelOrigin("labels", 1, 7, T0 + 2 * HOUR));
        j.label("m", "a", "ok", T0 + 2 * HOUR + MINUTE, new LabelOrigin("labels", 2, 9, T0 + 2 * HOUR + MINUTE));
        j.label("m", "c", "ok", T0 + 2 * HOUR + MINUTE); // kept without an origin
        assertEquals(List.of(), unmatched, "still waiting for their predictions");
        j.advanceTo(T0 + 2 * HOUR + 12 * MINUTE);       // the wait (10 minutes) runs out
        assertEquals(List.of("m/a=fraud:label_for_unknown_prediction@labels/7", "m/a=ok:label_for_unknown_prediction@labels/9",
                "m/c=ok:label_for_unknown_prediction@?"), unmatched);
        assertEquals(Map.of(), early);
    }

    @Test
    void aWaitingLabelExpiresByTheLabelTimeAtItsTimePlusTheWaitPlusTheHorizonWhenPredictionsStop() {
        LabelJoin j = join(HOUR);
        predict(j, "a", T0, 0.9);
        j.label("m", "x", "ok", T0 + MINUTE);
        long bucket = ExpiryIndex.bucketMs(HOUR);
        long expiry = -Math.floorDiv(-(T0 + MINUTE + 10 * MINUTE), bucket) * bucket; // its time plus the wait, to the bucket's end
        j.label("m", "later", "ok", expiry + HOUR - 1);  // the label time alone: a horizon past that, less 1 ms
        assertEquals(List.of(), unmatched);
        j.label("m", "later2", "ok", expiry + HOUR);
        assertEquals(List.of("m/x=ok:label_for_unknown_prediction@?"), unmatched);
    }

    @Test
    void aLabelAfterTheHorizonIsUnknownAndItsPredictionCountsUnlabelled() {
        LabelJoin j = join(HOUR);
        predict(j, "a", T0, 0.9);
        predict(j, "never", T0 + 1, 0.9);
        predict(j, null, T0 + 2, 0.9);
        j.label("m", "a", "fraud", T0 + HOUR + 1);
        j.advanceTo(T0 + MINUTE + HOUR + 10 * MINUTE);
        WindowPerformance w = finals.get(0);
        assertEquals(3, w.predictions());
        assertEquals(2, w.withId());
        assertEquals(0, w.labelled());
        assertEquals(2, w.unlabelled());
        assertEquals(List.of("m/a=fraud:label_for_unknown_prediction@?"), unmatched);
    }

    @Test
    void predictionsRunningAheadOfTheLabelsDoNotExpireTheirWaitOnlyTheLabelTimeDoes() {
        LabelJoin j = join(HOUR);
        predict(j, "a", T0, 0.9);
        predict(j, "later", T0 + HOUR + 30 * MINUTE, 0.9); // the prediction stream is 1.5 h on; no label yet
        j.label("m", "a", "fraud", T0 + 20 * MINUTE);       // dated within a's horizon: it counts
        j.label("m", "x", "fraud", T0 + 2 * HOUR);           // the label time passes a's window's end + horizon
        assertEquals(List.of("m@0"), performance);
        assertEquals(1, finals.get(0).labelled());
        // labels stopped: a prediction waits until the prediction time is a further horizon on, then counts unlabelled
        predict(j, "b", T0 + 3 * HOUR, 0.9);
        predict(j, "c", T0 + 5 * HOUR + MINUTE, 0.9); // b's window end (3 h 1 min) + a horizon, a horizon later
        assertEquals(List.of("m@0", "m@90", "m@180"), performance);
        assertEquals(1, finals.get(2).unlabelled());
    }

    @Test
    void aRegressionsLabelMustBeANumber() {
        LabelJoin j = join(HOUR);
        j.prediction("m", "r1", T0, T0, new PendingPrediction(0, 0, null, 12.5, null, null, false));
        j.prediction("m", "r2", T0, T0, new PendingPrediction(0, 0, null, 10, null, null, false));
        j.label("m", "r1", "n/a", T0 + 1);
        j.label("m", "r1", "10", T0 + 2);
        j.label("m", "r2", "11", T0 + 3);
        j.advanceTo(T0 + MINUTE + HOUR);
        assertEquals(List.of("m/r1=n/a:label_not_a_number"), unmatched);
        RegressionMetrics m = finals.get(0).regression().metrics();
        assertEquals(2, m.labelled());
        assertEquals((2.5 + 1) / 2, m.meanAbsoluteError(), 1e-15);
        assertEquals((2.5 - 1) / 2, m.meanError(), 1e-15);
    }

    @Test
    void aRestartLosesNoPendingJoinAndCountsNoLabelTwice() {
        List<Runnable> steps = new ArrayList<>();
        LabelJoin[] j = new LabelJoin[1];
        steps.add(() -> predict(j[0], "a", T0, 0.9));
        steps.add(() -> j[0].label("m", "b", "ok", T0 + 1_000));
        steps.add(() -> predict(j[0], "b", T0 + 2_000, 0.3));
        steps.add(() -> j[0].label("m", "a", "fraud", T0 + 3_000));
        steps.add(() -> j[0].label("m", "a", "fraud", T0 + 4_000));
        steps.add(() -> predict(j[0], "c", T0 + MINUTE + 1, 0.5));
        steps.add(() -> j[0].advanceTo(T0 + 3 * HOUR));
        j[0] = join(HOUR);
        steps.forEach(Runnable::run);
        List<String> uninterrupted = List.copyOf(performance);
        List<String> unmatchedUninterrupted = List.copyOf(unmatched);
        long labelled = finals.stream().mapToLong(WindowPerformance::labelled).sum();
        performance.clear();
        unmatched.clear();
        finals.clear();
        // again, restarting the join from its state before every step
        for (Runnable step : steps) {
            j[0] = join(HOUR);
            step.run();
        }
        assertEquals(uninterrupted, performance);
        assertEquals(unmatchedUninterrupted, unmatched);
        assertEquals(labelled, finals.stream().mapToLong(WindowPerformance::labelled).sum());
        assertEquals(List.of("m@0", "m@1"), performance);
        assertTrue(unmatched.contains("m/a=fraud:duplicate_label"));
    }

    /**
     * A window is told closed once, when the prediction time passes its end and grace (before it is final), with every
     * prediction's probabilities; a join restarted on the same stores tells a window not told yet, and never one again.
     */
    @Test
    void aWindowIsToldClosedOnceWhenItClosesAlsoAcrossARestart() {
        LabelJoin j = join(DAY);
        predict(j, "a", T0 + 1_000, 0.9);
        predict(j, "b", T0 + 2_000, 0.2);
        predict(j, "c", T0 + MINUTE + 1_000, 0.7);
        assertEquals(List.of(), closed, "no window has closed: the prediction time is in the second");
        predict(j, "d", T0 + MINUTE + 10_000, 0.6); // the first window's end plus its 10 s of grace
        assertEquals(List.of("m@0:2"), closed);
        assertEquals(List.of(), performance, "closed, not final: its labels have a day");
        LabelJoin restarted = join(DAY);
        predict(restarted, "e", T0 + 2 * MINUTE + 10_000, 0.1);
        assertEquals(List.of("m@0:2", "m@1:2"), closed, "the second window, once, after the restart");
        predict(restarted, "f", T0 + 3 * MINUTE + 10_000, 0.1);
        assertEquals(List.of("m@0:2", "m@1:2", "m@2:1"), closed);
    }

    @Test
    void aSecondPredictionWithTheIdOfOneStillWaitingIsCountedButNeverLabelled() {
        LabelJoin j = join(HOUR);
        assertTrue(j.prediction("m", "a", T0 + 1_000, T0, classifier(0.9)));
        assertEquals(false, j.prediction("m", "a", T0 + 2_000, T0, classifier(0.1)), "a waits still: the second cannot be joined");
        assertTrue(j.prediction("m", null, T0 + 3_000, T0, classifier(0.1)), "no id: nothing to join, nothing wrong");
        j.label("m", "a", "fraud", T0 + 5_000);
        j.advanceTo(T0 + MINUTE + HOUR + HOUR / 10_000 + 1_000);
        WindowPerformance w = finals.get(0);
        assertEquals(3, w.predictions());
        assertEquals(1, w.withId(), "the second a is not one that could be labelled");
        assertEquals(1, w.labelled());
        assertEquals(1.0, w.classification().metrics().accuracy(), "the label is the first a's (0.9 fraud)");
    }
}
