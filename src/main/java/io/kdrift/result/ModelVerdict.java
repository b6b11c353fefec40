package io.kdrift.result;

import io.kdrift.stats.Holm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One verdict per model and closed window (docs/scores.md, "Model verdicts"): its signals tested together, so that one
 * cause moving 30 features is one finding, and so that testing many signals does not multiply false alarms. A signal
 * is tested when its score record is {@code ok}; it drifted when its Holm-adjusted p-value is at most the family-wise
 * level and its PSI is above {@code scoring.driftPsi}.
 *
 * @param status               ok when at least one signal was tested; warming_up while every signal warms up;
 *                             insufficient_data otherwise
 * @param events               the model's events in the window
 * @param drifted              the signals that drifted, the smallest adjusted p-value first
 * @param top                  the (up to 5) tested signals with the largest PSI, largest first
 * @param referenceHeldWindows closed windows kept out of the reference this window was compared with, because a drift
 *                             alert of the model was firing or pending (0: the reference is learning)
 * @param referenceHeldSince   start of the first of them; null when none is held
 */
public record ModelVerdict(String model, long windowStart, long windowEnd, ScoreStatus status, long events, int signalsTested,
                           double familyWiseLevel, List<SignalTest> drifted, List<SignalTest> top, int referenceHeldWindows,
                           Long referenceHeldSince) {
    /** The signal name a model's verdict is judged as by alert rules. */
    public static final String SIGNAL = "model";
    private static final int TOP = 5;

    /**
     * One signal's test in the verdict.
     *
     * @param pValue         the signal's own p-value: KS on the ordered bins of a numeric signal, Pearson's chi-square on
     *                       categories, the G-test on soft counts
     * @param adjustedPValue after Holm's correction over the model's tested signals
     */
    public record SignalTest(String signal, double pValue, double adjustedPValue, double psi) {
    }

    public int signalsDrifted() {
        return drifted.size();
    }

    /** The share of tested signals that drifted; null when none was tested. */
    public Double driftShare() {
        return signalsTested == 0 ? null : (double) drifted.size() / signalsTested;
    }

    /** The output record key. */
    public String key() {
        return model;
    }

    /**
     * The verdict on a window's tests.
     *
     * @param signals the tested signals' names, with their p-values and PSI at the same index
     */
    public static ModelVerdict of(String model, long windowStart, long windowEnd, ScoreStatus status, long events, List<String> signals,
                           double[] pValues, double[] psi, double familyWiseLevel, double driftPsi, int heldWindows, Long heldSince) {
        double[] adjusted = Holm.adjust(pValues);
        List<SignalTest> tests = new ArrayList<>(signals.size());
        for (int i = 0; i < signals.size(); i++) {
            tests.add(new SignalTest(signals.get(i), pValues[i], adjusted[i], psi[i]));
        }
        List<SignalTest> drifted = new ArrayList<>();
        for (SignalTest t : tests) {
            if (t.adjustedPValue() <= familyWiseLevel && t.psi() > driftPsi) {
                drifted.add(t);
            }
        }
        drifted.sort(Comparator.comparingDouble(SignalTest::adjustedPValue).thenComparing(SignalTest::signal));
        List<SignalTest> top = new ArrayList<>(tests);
        top.sort(Comparator.comparingDouble(SignalTest::psi).reversed().thenComparing(SignalTest::signal));
        return new ModelVerdict(model, windowStart, windowEnd, status, events, signals.size(), familyWiseLevel, List.copyOf(drifted),
                List.copyOf(top.subList(0, Math.min(TOP, top.size()))), heldWindows, heldSince);
    }
}
