package io.kdrift.drift;

import io.kdrift.config.KdriftConfig;
import io.kdrift.config.ReferenceMode;
import io.kdrift.config.ReferenceSettings;
import io.kdrift.stats.DriftCalculator;
import io.kdrift.stats.DriftScores;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores a model's window when it closes: every signal against the reference, log loss and volume, then rolls
 * the reference on; and reports the windows a model was quiet in.
 */
public final class WindowScorer {
    private final KdriftConfig config;
    private final WindowClock clock;
    private final DriftCalculator calculator;

    public WindowScorer(KdriftConfig config) {
        this.config = config;
        this.clock = new WindowClock(config.window());
        this.calculator = new DriftCalculator(config.scoring().alpha());
    }

    /**
     * Closes window {@code w} of model {@code m}: scores every signal of the model against the reference
     * (one record per signal, in name order, then log_loss and events), then adds the window to the reference.
     * A numeric signal whose quantile edges are still being learned is reported as warming up, with its
     * counts; its values are counted into the reference windows once the edges are learned.
     */
    public List<ScoreRecord> close(ModelState m, WindowState w, OpenWindows open) {
        ReferenceSettings referenceSettings = config.reference(m.model);
        boolean pinned = referenceSettings.mode() == ReferenceMode.PINNED;
        int referenceWindows = m.reference.size();
        boolean warmingUp = referenceWindows < referenceSettings.windowsBeforeScoring();
        long minCount = config.scoring().minCount();
        long end = clock.windowEnd(w.start());
        List<SignalState> ordered = new ArrayList<>(m.signals);
        ordered.sort(Comparator.comparing(SignalState::name));
        List<ScoreRecord> out = new ArrayList<>(ordered.size() + 1);
        for (SignalState s : ordered) {
            double[] ref = m.referenceCounts(s.slot);
            double[] cur = w.counts(s.slot);
            double refCount = sum(ref);
            double curCount = sum(cur);
            if (s.learner != null) {
                for (int i = 0; i < s.learner.size; i++) {
                    long start = s.learner.windowStarts[i];
                    if (start == w.start()) {
                        curCount++;
                    } else if (EventBinner.referenceWindow(m, start) != null) {
                        refCount++;
                    }
                }
            }
            // a pinned model's signal that its baseline does not have has no reference at all
            boolean noReference = pinned && refCount == 0;
            if (warmingUp || s.learner != null || noReference) {
                out.add(ScoreRecord.warmingUp(m.model, s.name, w.start(), end, referenceWindows, refCount, curCount, distribution(s, ref, cur)));
                continue;
            }
            DriftScores d = calculator.score(ref, cur);
            ScoreStatus status = refCount < minCount || curCount < minCount ? ScoreStatus.INSUFFICIENT_DATA : ScoreStatus.OK;
            out.add(ScoreRecord.scored(m.model, s.name, w.start(), end, status, referenceWindows, refCount, curCount, d,
                    distribution(s, ref, cur), topContributors(s, ref, cur)));
        }
        if (m.hasLogLoss) {
            out.add(logLossRecord(m, w, referenceWindows, warmingUp, minCount, end));
        }
        out.add(eventsRecord(m, w, referenceWindows, warmingUp, minCount, end));
        if (m.baselineVersion != null) {
            out.replaceAll(r -> r.withBaselineVersion(m.baselineVersion));
        }
        m.lastActiveWindow = w.start();
        if (!m.referenceFrozen && !pinned) {
            m.reference.addLast(w);
            int n = referenceSettings.windows();
            if (referenceSettings.mode() == ReferenceMode.FIXED) {
                m.referenceFrozen = m.reference.size() >= n;
            } else {
                while (m.reference.size() > n) {
                    m.reference.removeFirst();
                }
            }
        }
        return out;
    }

    private ScoreRecord logLossRecord(ModelState m, WindowState w, int referenceWindows, boolean warmingUp, long minCount, long end) {
        double refSum = 0;
        long refCount = 0;
        for (WindowState r : m.reference) {
            refSum += r.logLossSum;
            refCount += r.logLossCount;
        }
        Double current = w.logLossCount > 0 ? w.logLossSum / w.logLossCount : null;
        Double reference = refCount > 0 && !warmingUp ? refSum / refCount : null;
        ScoreStatus status = warmingUp ? ScoreStatus.WARMING_UP
                : refCount < minCount || w.logLossCount < minCount ? ScoreStatus.INSUFFICIENT_DATA : ScoreStatus.OK;
        return ScoreRecord.logLoss(m.model, w.start(), end, status, referenceWindows, refCount, w.logLossCount,
                new ScoreRecord.LogLoss(current, reference));
    }

    /**
     * The windows, after the model's last active one, in which it had no event although the task's
     * stream time has passed their close: at most {@code reference.windows} of them, each reported once.
     * A model's silence is then visible (an events record with no events, volumeRatio 0) for as long as
     * its reference would remember it.
     */
    public List<Long> quietWindows(ModelState m, long streamTime) {
        if (m.lastActiveWindow == Long.MIN_VALUE) {
            return List.of();
        }
        long last = m.lastActiveWindow + (long) config.reference(m.model).windows() * clock.sizeMs();
        long s = Math.max(m.lastActiveWindow, m.lastQuietWindow == Long.MIN_VALUE ? m.lastActiveWindow : m.lastQuietWindow) + clock.sizeMs();
        List<Long> out = new ArrayList<>();
        for (; s <= last && clock.closeTime(s) <= streamTime; s += clock.sizeMs()) {
            out.add(s);
        }
        return out;
    }

    /** The events record of a window in which the model had no event (see {@link #quietWindows}). */
    public ScoreRecord quiet(ModelState m, long start) {
        m.lastQuietWindow = start;
        int referenceWindows = m.reference.size();
        boolean warmingUp = referenceWindows < config.reference(m.model).windowsBeforeScoring();
        ScoreRecord r = eventsRecord(m, new WindowState(start), referenceWindows, warmingUp, config.scoring().minCount(), clock.windowEnd(start));
        return m.baselineVersion == null ? r : r.withBaselineVersion(m.baselineVersion);
    }

    /** The model's volume: events in the window against the reference's mean events per window. */
    private ScoreRecord eventsRecord(ModelState m, WindowState w, int referenceWindows, boolean warmingUp, long minCount, long end) {
        long refEvents = 0;
        for (WindowState r : m.reference) {
            refEvents += r.events;
        }
        if (m.baselineVersion != null) {
            // a baseline data set says nothing of traffic per window: no volume ratio for pinned models
            return ScoreRecord.events(m.model, w.start(), end, ScoreStatus.OK, referenceWindows, refEvents, w.events, null);
        }
        double perWindow = referenceWindows > 0 ? (double) refEvents / referenceWindows : 0;
        Double ratio = !warmingUp && perWindow > 0 ? w.events / perWindow : null;
        ScoreStatus status = warmingUp ? ScoreStatus.WARMING_UP : perWindow < minCount ? ScoreStatus.INSUFFICIENT_DATA : ScoreStatus.OK;
        return ScoreRecord.events(m.model, w.start(), end, status, referenceWindows, refEvents, w.events, ratio);
    }

    /** The bins not empty on both sides, with their reference and current shares; none while edges are learned. */
    private static List<ScoreRecord.BinShare> distribution(SignalState s, double[] ref, double[] cur) {
        if (s.kind == SignalKind.NUMERIC && s.binning == null) {
            return List.of();
        }
        double refTotal = sum(ref);
        double curTotal = sum(cur);
        List<ScoreRecord.BinShare> out = new ArrayList<>();
        for (int i = 0; i < Math.max(ref.length, cur.length); i++) {
            double r = i < ref.length ? ref[i] : 0;
            double c = i < cur.length ? cur[i] : 0;
            if (r + c > 0) {
                out.add(new ScoreRecord.BinShare(s.binLabel(i), refTotal > 0 ? r / refTotal : 0, curTotal > 0 ? c / curTotal : 0));
            }
        }
        return out;
    }

    /** The (up to) three bins with the largest terms of KL(P‖Q), largest first; bins whose term is not positive are left out. */
    private List<ScoreRecord.Contribution> topContributors(SignalState s, double[] ref, double[] cur) {
        if (s.kind == SignalKind.NUMERIC && s.binning == null) {
            return List.of();
        }
        double[] terms = calculator.klTerms(ref, cur);
        double refTotal = sum(ref);
        double curTotal = sum(cur);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            if (terms[i] > 0) {
                order.add(i);
            }
        }
        order.sort((a, b) -> Double.compare(terms[b], terms[a]));
        List<ScoreRecord.Contribution> out = new ArrayList<>(3);
        for (int i : order.subList(0, Math.min(3, order.size()))) {
            double r = i < ref.length ? ref[i] : 0;
            double c = i < cur.length ? cur[i] : 0;
            out.add(new ScoreRecord.Contribution(s.binLabel(i), refTotal > 0 ? r / refTotal : 0, curTotal > 0 ? c / curTotal : 0, terms[i]));
        }
        return out;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
