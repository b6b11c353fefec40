package io.kdrift.drift;

import io.kdrift.config.BinSpec;
import io.kdrift.config.KdriftConfig;
import io.kdrift.config.ReferenceMode;
import io.kdrift.config.ReferenceSettings;
import io.kdrift.event.FeatureValue;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.RejectReason;
import io.kdrift.event.Rejection;
import io.kdrift.stats.CategoryIndex;
import io.kdrift.stats.DriftCalculator;
import io.kdrift.stats.DriftScores;
import io.kdrift.stats.NumericBinning;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The drift logic of one model, free of Kafka: adds events to their window's histograms in place, and
 * when a window closes, scores each signal against the reference and rolls the reference on.
 */
public final class DriftEngine {
    /** Floor of the probability in log loss, so that a confident miss costs −ln(1e-15) ≈ 34.5, not infinity. */
    static final double LOG_LOSS_FLOOR = 1e-15;

    private final KdriftConfig config;
    private final DriftCalculator calculator;
    private final long sizeMs;
    private final long graceMs;

    public DriftEngine(KdriftConfig config) {
        this.config = config;
        this.calculator = new DriftCalculator(config.scoring().alpha());
        this.sizeMs = config.window().size().toMillis();
        this.graceMs = config.window().grace().toMillis();
    }

    public KdriftConfig config() {
        return config;
    }

    /** Start of the tumbling window holding {@code timestamp} (windows are aligned to the epoch). */
    public long windowStart(long timestamp) {
        return timestamp - Math.floorMod(timestamp, sizeMs);
    }

    public long windowEnd(long windowStart) {
        return windowStart + sizeMs;
    }

    /** The index (start / size) of the last window that stream time {@code streamTime} has closed. */
    public long lastClosedWindow(long streamTime) {
        return Math.floorDiv(streamTime - sizeMs - graceMs, sizeMs);
    }

    /** Stream time at which a window closes: its end plus the grace period. */
    public long closeTime(long windowStart) {
        return windowStart + sizeMs + graceMs;
    }

    /** Null if the event's values fit the model's signals; otherwise why not (a number where categories were seen, ...). */
    public Rejection conflict(ModelState m, PredictionEvent e) {
        if (e.hasPrediction()) {
            Rejection r = kindConflict(m, m.byName.get(Signals.PREDICTION), Signals.PREDICTION, e.predictionIsCategory());
            if (r != null) {
                return r;
            }
        }
        for (int i = 0; i < e.featureCount(); i++) {
            FeatureValue kind = e.featureKind(i);
            if (kind == FeatureValue.MISSING) {
                continue;
            }
            SignalState s = m.byFeature.get(e.featureName(i));
            Rejection r = kindConflict(m, s, s == null ? Signals.feature(e.featureName(i)) : s.name, kind == FeatureValue.CATEGORY);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private Rejection kindConflict(ModelState m, SignalState s, String name, boolean isCategory) {
        boolean numericExpected = s != null ? s.kind == SignalKind.NUMERIC : config.declaresNumeric(m.model, name);
        boolean categoricalExpected = s != null && s.kind == SignalKind.CATEGORICAL;
        if (isCategory && numericExpected) {
            return new Rejection(RejectReason.SIGNAL_TYPE_CONFLICT,
                    "signal '" + name + "' of model '" + m.model + "' is numeric, but this event gives it a string");
        }
        if (!isCategory && categoricalExpected) {
            return new Rejection(RejectReason.SIGNAL_TYPE_CONFLICT,
                    "signal '" + name + "' of model '" + m.model + "' is categorical, but this event gives it a number");
        }
        return null;
    }

    /**
     * Adds an event (already checked with {@link #conflict}) to its window {@code w}.
     *
     * @return true if the model state changed too (a new signal or category, a value buffered for learning)
     */
    public boolean add(ModelState m, WindowState w, PredictionEvent e, OpenWindows open) {
        int signalsBefore = m.signals.size();
        boolean changed = false;
        w.events++;
        if (e.hasPrediction()) {
            if (e.predictionIsCategory()) {
                changed |= addCategory(w, categorical(m, m.byName.get(Signals.PREDICTION), Signals.PREDICTION), e.predictionCategory(), 1.0);
            } else {
                changed |= addNumber(m, w, numeric(m, m.byName.get(Signals.PREDICTION), Signals.PREDICTION), e.predictionNumber(), open);
            }
        }
        if (e.hasProbabilities()) {
            SignalState probabilities = categorical(m, m.byName.get(Signals.PROBABILITIES), Signals.PROBABILITIES);
            for (int i = 0; i < e.classCount(); i++) {
                changed |= addCategory(w, probabilities, e.className(i), e.probability(i));
            }
            changed |= addNumber(m, w, numeric(m, m.byName.get(Signals.CONFIDENCE), Signals.CONFIDENCE), e.confidence(), open);
        }
        for (int i = 0; i < e.featureCount(); i++) {
            SignalState s = m.byFeature.get(e.featureName(i));
            switch (e.featureKind(i)) {
                case NUMBER -> changed |= addNumber(m, w, s != null ? s : numeric(m, null, Signals.feature(e.featureName(i))),
                        e.featureNumber(i), open);
                case CATEGORY -> changed |= addCategory(w, s != null ? s : categorical(m, null, Signals.feature(e.featureName(i))),
                        e.featureCategory(i), 1.0);
                case MISSING -> {
                    // a feature never seen with a value has no kind yet: nothing to count it in
                    if (s != null) {
                        w.add(s.slot, 0, 1.0, 1); // index 0 is "missing" in both layouts
                    }
                }
            }
        }
        String label = e.label();
        if (label != null) {
            changed |= addCategory(w, categorical(m, m.byName.get(Signals.LABEL), Signals.LABEL), label, 1.0);
            if (e.hasProbabilities()) {
                w.logLossSum += -Math.log(Math.max(e.probabilityOf(label), LOG_LOSS_FLOOR));
                w.logLossCount++;
                if (!m.hasLogLoss) {
                    m.hasLogLoss = true;
                    changed = true;
                }
            }
        }
        return changed || m.signals.size() != signalsBefore;
    }

    /** Counts a value; true if the model state changed (a value buffered while edges are learned). */
    private static boolean addNumber(ModelState m, WindowState w, SignalState s, double v, OpenWindows open) {
        if (s.learner == null) {
            w.add(s.slot, s.binning.indexOf(v), 1.0, s.binning.size());
            return false;
        }
        if (Double.isNaN(v)) {
            w.add(s.slot, NumericBinning.MISSING_INDEX, 1.0, 1);
            return false;
        }
        QuantileLearner learner = s.learner;
        if (learner.add(v, w.start())) {
            m.sampleDropped(s.slot, learner.chunks());
            freeze(m, s, start -> start == w.start() ? w : open.window(start));
        } else {
            m.sampleChanged(s.slot, (learner.size - 1) / QuantileLearner.CHUNK);
        }
        return true;
    }

    /** Counts a category with a weight; true if the model state changed (a new category). */
    private static boolean addCategory(WindowState w, SignalState s, String category, double weight) {
        int before = s.categories.size();
        int index = s.categories.indexOf(category);
        w.add(s.slot, index, weight, s.categories.size());
        return s.categories.size() != before;
    }

    /** {@code s}, or a new categorical signal of that name if it is null. */
    private SignalState categorical(ModelState m, SignalState s, String name) {
        if (s != null) {
            return s;
        }
        SignalState created = new SignalState(name, m.signals.size(), SignalKind.CATEGORICAL, null, null,
                new CategoryIndex(config.maxCategories(m.model)));
        m.addSignal(created);
        return created;
    }

    /** {@code s}, or a new numeric signal of that name, with its configured binning, if it is null. */
    private SignalState numeric(ModelState m, SignalState s, String name) {
        if (s != null) {
            return s;
        }
        BinSpec spec = config.numericBinning(m.model, name);
        SignalState created = spec.isQuantile()
                ? new SignalState(name, m.signals.size(), SignalKind.NUMERIC, null, new QuantileLearner(spec.sample(), spec.bins()), null)
                : new SignalState(name, m.signals.size(), SignalKind.NUMERIC, spec.fixedBinning(), null, null);
        m.addSignal(created);
        return created;
    }

    /**
     * Fixes the learned edges and counts the buffered values into their windows: open ones, and closed
     * ones still in the reference (values of windows that have left the reference are dropped).
     * Edges are learned exactly at the M-th value of the model's signal, whatever the timing of window
     * closes, so that the same events give the same edges however they are partitioned or replayed.
     */
    private static void freeze(ModelState m, SignalState s, OpenWindows open) {
        QuantileLearner learner = s.learner;
        NumericBinning binning = learner.learn();
        s.binning = binning;
        s.learner = null;
        for (int i = 0; i < learner.size; i++) {
            long start = learner.windowStarts[i];
            WindowState w = open.window(start);
            if (w == null) {
                w = referenceWindow(m, start);
            }
            if (w != null) {
                w.add(s.slot, binning.indexOf(learner.values[i]), 1.0, binning.size());
            }
        }
    }

    private static WindowState referenceWindow(ModelState m, long start) {
        for (WindowState r : m.reference) {
            if (r.start() == start) {
                return r;
            }
        }
        return null;
    }

    /** A new, empty window of the model, binned with the model's current baseline (pinned models). */
    public WindowState newWindow(ModelState m, long start) {
        WindowState w = new WindowState(start);
        w.baselineVersion = m.baselineVersion;
        return w;
    }

    /**
     * The state of a pinned model that compares with baseline {@code b}: the baseline's signals, bins and
     * counts (as its one, frozen reference window). What {@code previous} knew of the model's activity is kept;
     * its signals are not: signals the baseline lacks start afresh, with no reference.
     */
    public ModelState install(Baseline b, ModelState previous) {
        ModelState m = new ModelState(b.model());
        WindowState reference = new WindowState(Long.MIN_VALUE);
        for (Baseline.Signal bs : b.signals()) {
            int slot = m.signals.size();
            if (bs.kind() == SignalKind.NUMERIC) {
                m.addSignal(new SignalState(bs.name(), slot, SignalKind.NUMERIC, NumericBinning.ofEdges(bs.edges()), null, null));
            } else {
                int cap = Math.max(config.maxCategories(b.model()), bs.categories().size());
                m.addSignal(new SignalState(bs.name(), slot, SignalKind.CATEGORICAL, null, null, CategoryIndex.restore(cap, bs.categories())));
            }
            double[] counts = bs.counts();
            for (int i = 0; i < counts.length; i++) {
                reference.add(slot, i, counts[i], counts.length);
            }
        }
        reference.events = b.events();
        reference.logLossSum = b.logLossSum();
        reference.logLossCount = b.logLossCount();
        m.reference.add(reference);
        m.referenceFrozen = true;
        m.hasLogLoss = b.logLossCount() > 0;
        m.baselineVersion = b.version();
        if (previous != null) {
            m.lastActiveWindow = previous.lastActiveWindow;
            m.lastQuietWindow = previous.lastQuietWindow;
        }
        return m;
    }

    /**
     * The baseline of a model from all its events counted in one window ({@code kdrift baseline}). Numeric
     * signals still learning their quantile edges (fewer values than the sample size) learn them from what
     * they have; signals without a single value are left out.
     */
    public Baseline baseline(ModelState m, WindowState all, String version, String createdAt) {
        List<Baseline.Signal> signals = new ArrayList<>();
        List<SignalState> ordered = new ArrayList<>(m.signals);
        ordered.sort(Comparator.comparing(SignalState::name));
        for (SignalState s : ordered) {
            if (s.learner != null && s.learner.size > 0) {
                freeze(m, s, start -> all);
            }
            double[] counts = all.counts(s.slot);
            if (s.kind == SignalKind.NUMERIC) {
                if (s.binning == null) {
                    continue;
                }
                signals.add(new Baseline.Signal(s.name, SignalKind.NUMERIC, s.binning.edges(), null,
                        java.util.Arrays.copyOf(counts, s.binning.size())));
            } else {
                signals.add(new Baseline.Signal(s.name, SignalKind.CATEGORICAL, null, s.categories.categories(),
                        java.util.Arrays.copyOf(counts, s.categories.size())));
            }
        }
        return new Baseline(m.model, version, createdAt, all.events, all.logLossSum, all.logLossCount, signals);
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
        long end = windowEnd(w.start());
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
                    } else if (referenceWindow(m, start) != null) {
                        refCount++;
                    }
                }
            }
            // a pinned model's signal that its baseline does not have has no reference at all
            boolean noReference = pinned && refCount == 0;
            if (warmingUp || s.learner != null || noReference) {
                out.add(new ScoreRecord(m.model, s.name, w.start(), end, ScoreStatus.WARMING_UP, referenceWindows,
                        refCount, curCount, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        distribution(s, ref, cur), List.of()));
                continue;
            }
            DriftScores d = calculator.score(ref, cur);
            ScoreStatus status = refCount < minCount || curCount < minCount ? ScoreStatus.INSUFFICIENT_DATA : ScoreStatus.OK;
            out.add(new ScoreRecord(m.model, s.name, w.start(), end, status, referenceWindows, refCount, curCount,
                    d.bins(), d.kl(), d.klReverse(), d.crossEntropy(), d.referenceEntropy(), d.currentEntropy(),
                    d.js(), d.psi(), d.gStatistic(), d.pValue(), null, null, null, distribution(s, ref, cur), topContributors(s, ref, cur)));
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
        return new ScoreRecord(m.model, Signals.LOG_LOSS, w.start(), end, status, referenceWindows, refCount, w.logLossCount,
                null, null, null, null, null, null, null, null, null, null, current, reference, null, List.of(), List.of());
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
        long last = m.lastActiveWindow + (long) config.reference(m.model).windows() * sizeMs;
        long s = Math.max(m.lastActiveWindow, m.lastQuietWindow == Long.MIN_VALUE ? m.lastActiveWindow : m.lastQuietWindow) + sizeMs;
        List<Long> out = new ArrayList<>();
        for (; s <= last && closeTime(s) <= streamTime; s += sizeMs) {
            out.add(s);
        }
        return out;
    }

    /** The events record of a window in which the model had no event (see {@link #quietWindows}). */
    public ScoreRecord quiet(ModelState m, long start) {
        m.lastQuietWindow = start;
        int referenceWindows = m.reference.size();
        boolean warmingUp = referenceWindows < config.reference(m.model).windowsBeforeScoring();
        ScoreRecord r = eventsRecord(m, new WindowState(start), referenceWindows, warmingUp, config.scoring().minCount(), windowEnd(start));
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
            return new ScoreRecord(m.model, Signals.EVENTS, w.start(), end, ScoreStatus.OK, referenceWindows, refEvents, w.events,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, List.of(), List.of());
        }
        double perWindow = referenceWindows > 0 ? (double) refEvents / referenceWindows : 0;
        Double ratio = !warmingUp && perWindow > 0 ? w.events / perWindow : null;
        ScoreStatus status = warmingUp ? ScoreStatus.WARMING_UP : perWindow < minCount ? ScoreStatus.INSUFFICIENT_DATA : ScoreStatus.OK;
        return new ScoreRecord(m.model, Signals.EVENTS, w.start(), end, status, referenceWindows, refEvents, w.events,
                null, null, null, null, null, null, null, null, null, null, null, null, ratio, List.of(), List.of());
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
