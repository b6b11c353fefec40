package io.kdrift.drift;

import io.kdrift.config.KdriftConfig;
import io.kdrift.config.ReferenceMode;
import io.kdrift.config.ReferenceSettings;
import io.kdrift.result.ModelVerdict;
import io.kdrift.result.ScoreRecord;
import io.kdrift.result.ScoreStatus;
import io.kdrift.stats.BinnedKolmogorovSmirnov;
import io.kdrift.stats.DriftCalculator;
import io.kdrift.stats.DriftScores;
import io.kdrift.stats.PearsonChiSquare;
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
     * A closed window's score records (one per signal, in name order, then log_loss and events) and its model's verdict.
     */
    public record Closed(List<ScoreRecord> scores, ModelVerdict verdict) {
    }

    /**
     * Closes window {@code w} of model {@code m}: scores every signal of the model against the reference
     * (one record per signal, in name order, then log_loss and events) and gives the model's verdict on them. The
     * window enters the reference only by {@link #learn}, once the alert rules have judged it.
     * A numeric signal whose quantile edges are still being learned is reported as warming up, with its
     * counts; its values are counted into the reference windows once the edges are learned.
     */
    public Closed close(ModelState m, WindowState w, OpenWindows open) {
        ReferenceSettings referenceSettings = config.reference(m.model);
        boolean pinned = referenceSettings.mode() == ReferenceMode.PINNED;
        int referenceWindows = m.reference.size();
        boolean warmingUp = referenceWindows < referenceSettings.windowsBeforeScoring();
        long minCount = config.scoring().minCount();
        long end = clock.windowEnd(w.start());
        List<SignalState> ordered = new ArrayList<>(m.signals);
        ordered.sort(Comparator.comparing(SignalState::name));
        List<ScoreRecord> out = new ArrayList<>(ordered.size() + 1);
        List<String> tested = new ArrayList<>();
        List<double[]> tests = new ArrayList<>(); // p-value, PSI
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
            if (status == ScoreStatus.OK) {
                tested.add(s.name);
                tests.add(new double[] {verdictPValue(s, ref, cur, d), d.psi()});
            }
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
        return new Closed(out, verdict(m, w, end, out, tested, tests));
    }

    /**
     * After the window's records were judged: the window enters the model's reference (rolling, or fixed while it
     * fills) unless {@code hold}, because a drift alert of the model is firing or pending; held windows are counted.
     */
    public void learn(ModelState m, WindowState w, boolean hold) {
        ReferenceSettings referenceSettings = config.reference(m.model);
        if (m.referenceFrozen || referenceSettings.mode() == ReferenceMode.PINNED) {
            return;
        }
        if (hold) {
            if (m.heldWindows++ == 0) {
                m.heldSince = w.start();
            }
            return;
        }
        m.heldWindows = 0;
        m.heldSince = Long.MIN_VALUE;
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

    /**
     * A user accepted the model's present traffic as normal (kdrift rebaseline): the reference forgets its windows
     * and what it held, and learns again from the window closing now (a fixed reference fills again). Pinned
     * models change their reference by a new baseline instead: nothing to do.
     */
    public void restartReference(ModelState m, long requestedAt) {
        m.rebaselinedAt = requestedAt;
        if (config.reference(m.model).mode() == ReferenceMode.PINNED) {
            return;
        }
        m.reference.clear();
        m.referenceFrozen = false;
        m.heldWindows = 0;
        m.heldSince = Long.MIN_VALUE;
    }

    /**
     * A signal's p-value in the model's verdict, by the test that suits it: a numeric signal's bins are ordered, so KS
     * on them (a shift of location on few events, which the G-test reading bins as categories barely sees); categories
     * with whole counts, Pearson's chi-square; soft counts (probabilities), the G-test. These are the tests batch drift
     * tools run; the score record's pValue stays the G-test's, any change of shape.
     */
    private static double verdictPValue(SignalState s, double[] ref, double[] cur, DriftScores d) {
        if (s.kind == SignalKind.NUMERIC) {
            return BinnedKolmogorovSmirnov.pValue(ref, cur);
        }
        return wholeCounts(ref) && wholeCounts(cur) ? PearsonChiSquare.pValue(ref, cur) : d.pValue();
    }

    private static boolean wholeCounts(double[] counts) {
        for (double c : counts) {
            if (c != Math.rint(c)) {
                return false;
            }
        }
        return true;
    }

    private ModelVerdict verdict(ModelState m, WindowState w, long end, List<ScoreRecord> records, List<String> tested, List<double[]> tests) {
        ScoreStatus status = !tested.isEmpty() ? ScoreStatus.OK
                : records.stream().allMatch(r -> r.status() == ScoreStatus.WARMING_UP) ? ScoreStatus.WARMING_UP : ScoreStatus.INSUFFICIENT_DATA;
        double[] p = tests.stream().mapToDouble(t -> t[0]).toArray();
        double[] psi = tests.stream().mapToDouble(t -> t[1]).toArray();
        return ModelVerdict.of(m.model, w.start(), end, status, w.events, tested, p, psi, config.scoring().familyWiseLevel(),
                config.scoring().driftPsi(), m.heldWindows, m.heldWindows == 0 ? null : m.heldSince);
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
