package io.kdrift.drift;

import io.kdrift.config.KdriftConfig;
import io.kdrift.stats.CategoryIndex;
import io.kdrift.stats.NumericBinning;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Pinned baselines and model state: a model's state built from a baseline, and a baseline built from counted events. */
public final class BaselineStates {
    private final KdriftConfig config;

    public BaselineStates(KdriftConfig config) {
        this.config = config;
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
                EventBinner.freeze(m, s, start -> all);
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
}
