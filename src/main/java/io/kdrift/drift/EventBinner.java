package io.kdrift.drift;

import io.kdrift.config.BinSpec;
import io.kdrift.config.KdriftConfig;
import io.kdrift.event.FeatureValue;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.RejectReason;
import io.kdrift.event.Rejection;
import io.kdrift.result.Signals;
import io.kdrift.stats.CategoryIndex;
import io.kdrift.stats.NumericBinning;

/**
 * Counts events into a window's histograms, in place: finds or creates each value's signal (with the bins the
 * configuration gives it), and buffers the values of numeric signals still learning their quantile edges.
 */
public final class EventBinner {
    /** Floor of the probability in log loss, so that a confident miss costs −ln(1e-15) ≈ 34.5, not infinity. */
    private static final double LOG_LOSS_FLOOR = 1e-15;

    private final KdriftConfig config;

    public EventBinner(KdriftConfig config) {
        this.config = config;
    }

    /** A new, empty window of the model, binned with the model's current baseline (pinned models). */
    public WindowState newWindow(ModelState m, long start) {
        WindowState w = new WindowState(start);
        w.baselineVersion = m.baselineVersion;
        return w;
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
            SignalState s = m.feature(e.featureName(i), i);
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
            SignalState s = m.feature(e.featureName(i), i);
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
            m.sampleAppended(s);
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
    static void freeze(ModelState m, SignalState s, OpenWindows open) {
        QuantileLearner learner = s.learner;
        NumericBinning binning = learner.learn();
        s.binning = binning;
        s.learner = null;
        // the values come in runs of one window: each run's window is looked up once
        WindowState w = null;
        for (int i = 0; i < learner.size; i++) {
            long start = learner.windowStarts[i];
            if (i == 0 || start != learner.windowStarts[i - 1]) {
                w = open.window(start);
                if (w == null) {
                    w = referenceWindow(m, start);
                }
            }
            if (w != null) {
                w.add(s.slot, binning.indexOf(learner.values[i]), 1.0, binning.size());
            }
        }
    }

    static WindowState referenceWindow(ModelState m, long start) {
        for (WindowState r : m.reference) {
            if (r.start() == start) {
                return r;
            }
        }
        return null;
    }
}
