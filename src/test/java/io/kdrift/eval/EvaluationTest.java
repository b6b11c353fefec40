package io.kdrift.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A small slice of the evaluation (bin/evaluate), kept in the build so that a change to the scores or the
 * default rules that makes kdrift cry wolf, or miss a plain shift, fails here. The thresholds are the
 * issue's targets; the numbers come from seeded synthetic streams with a known onset.
 */
class EvaluationTest {
    @Test
    void noDriftGivesNoMoreThanOneFalseAlarmWindowInAHundredEvenOnThirtyEventWindows() {
        for (String mode : new String[] {"rolling", "fixed", "pinned"}) {
            for (int n : new int[] {30, 1000}) {
                Map<String, Evaluation.Run> runs = Evaluation.cells(Scenario.stationary(), mode, n, 2);
                int windows = runs.values().stream().mapToInt(r -> r.kdrift().scoredWindows).sum();
                int alarms = runs.values().stream().mapToInt(r -> r.kdrift().falseAlarmWindows).sum();
                assertTrue(windows >= 300, mode + "/" + n + ": " + windows + " windows scored");
                assertTrue(alarms * 100 <= windows, mode + "/" + n + ": " + alarms + " false-alarm windows of " + windows);
                // the comparison detector at α = 0.05 does cry wolf: about one window in twenty (a check of the harness)
                int ksAlarms = runs.values().stream().mapToInt(r -> r.ks().falseAlarmWindows).sum();
                assertTrue(ksAlarms * 100 >= windows, mode + "/" + n + ": KS α=0.05 had " + ksAlarms + " of " + windows);
            }
        }
    }

    @Test
    void aTwoSigmaShiftIsFoundWithinTwoWindowsFromThirtyEventsOn() {
        for (String mode : new String[] {"rolling", "fixed", "pinned"}) {
            for (int n : new int[] {30, 300}) {
                for (Map.Entry<String, Evaluation.Run> e : Evaluation.cells(Scenario.abrupt(2.0), mode, n, 2).entrySet()) {
                    int delay = e.getValue().kdrift().delay;
                    assertTrue(delay >= 1 && delay <= 2, e.getKey() + ": delay " + delay);
                }
            }
        }
    }

    @Test
    void aShiftBelowTheKlThresholdIsNotAlertedHoweverLargeTheWindow() {
        // 0.25σ: population KL 0.03 nats, a third of the rule's 0.1; significant at 3,000 events, but not alerted by design
        assertEquals(0.030, Scenario.abrupt(0.25).populationKl(), 0.001);
        for (Evaluation.Run r : Evaluation.cells(Scenario.abrupt(0.25), "rolling", 3000, 1).values()) {
            assertEquals(0, r.kdrift().delay);
            assertEquals(1, r.ksStrict().delay, "the strict KS test sees it at once");
        }
    }
}
