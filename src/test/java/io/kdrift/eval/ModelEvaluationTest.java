package io.kdrift.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * A slice of the model-level evaluation (bin/evaluate; docs/evaluation.md), in the build: the verdict's family-wise
 * false alarms stay at the configured level (scoring.familyWiseLevel) on 30 unchanged signals, and the model-level rule finds the
 * harness's shifts at 30 and 100 events a window no later than Bonferroni-corrected KS/χ² tests at the same level.
 */
class ModelEvaluationTest {
    @Test
    void familyWiseFalseAlarmsStayAtTheConfiguredLevel() {
        // 30 events: exact p-values (KS on ordered bins, chi-square by counting tables); 300: their asymptotic distributions
        for (int n : new int[] {30, 300}) {
            List<ModelEvaluation.Outcome> runs = ModelEvaluation.cell(Scenario.stationary(), 30, n, 1, false);
            int windows = runs.stream().mapToInt(r -> r.windows).sum();
            int alarms = runs.stream().mapToInt(r -> r.verdictAlarms).sum();
            assertTrue(windows >= 590, n + ": " + windows + " windows");
            // at the level, level × windows are expected; three standard deviations (and one) above it would be a real excess
            double expected = Evaluation.config("rolling").scoring().familyWiseLevel() * windows;
            assertTrue(alarms <= expected + 3 * Math.sqrt(expected) + 1, n + ": " + alarms + " of " + windows + " windows called a signal drifted");
        }
    }

    @Test
    void theModelRuleFindsShiftsNoLaterThanBonferroniCorrectedTestsAtThirtyAndOneHundredEvents() {
        for (Scenario s : List.of(Scenario.abrupt(0.5), Scenario.abrupt(1.0), Scenario.abrupt(2.0), Scenario.classPrior(new double[] {0.3, 0.3, 0.4}),
                Scenario.newCategory())) {
            for (int n : new int[] {30, 100}) {
                List<ModelEvaluation.Outcome> runs = ModelEvaluation.cell(s, 10, n, 10, true);
                int model = median(runs, r -> r.modelDelay);
                int bonferroni = median(runs, r -> r.bonferroniDelay);
                String what = s.name + " at " + n + ": model rule " + ModelEvaluation.delay(runs, r -> r.modelDelay)
                        + ", Bonferroni " + ModelEvaluation.delay(runs, r -> r.bonferroniDelay);
                if (s.name.startsWith("new category") && n == 30) {
                    // the one exception, by design: 3 events of a new category in 30 have an exact p-value near 5e-4, which no
                    // test at this family-wise level may call drifted; the chi-square distribution the comparison reads
                    // puts it below 1e-6 (PearsonChiSquareTest). kdrift's verdict finds it within 3 windows in most runs.
                    assertTrue(model <= 3, what);
                    continue;
                }
                assertTrue(model <= bonferroni, what);
            }
        }
    }

    /** The median delay, a miss counting as later than any detection. */
    private static int median(List<ModelEvaluation.Outcome> runs, ToIntFunction<ModelEvaluation.Outcome> which) {
        int[] d = runs.stream().mapToInt(r -> which.applyAsInt(r) == 0 ? Integer.MAX_VALUE : which.applyAsInt(r)).sorted().toArray();
        return d[(d.length - 1) / 2];
    }
}
