package io.kdrift.drift;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a model carries from window to window: its signals (kind, bins, slots) and its reference,
 * the closed windows it is compared with. Open windows are kept apart ({@link WindowState}), so that the
 * per-event path changes this object only when a signal or category is first seen.
 */
public final class ModelState {
    final String model;
    final List<SignalState> signals = new ArrayList<>();
    final Map<String, SignalState> byName = new HashMap<>();
    /** Feature signals by the feature's own name: the per-event path looks them up without building "feature." + name. */
    final Map<String, SignalState> byFeature = new HashMap<>();
    /** Closed windows of the reference, oldest first. */
    final Deque<WindowState> reference = new ArrayDeque<>();
    boolean referenceFrozen;
    boolean hasLogLoss;
    /** Start of the last window in which the model had events, and of the last quiet window reported after it. */
    long lastActiveWindow = Long.MIN_VALUE;
    long lastQuietWindow = Long.MIN_VALUE;
    /** Pinned models: the version of the installed baseline (null before the first one). */
    String baselineVersion;
    /**
     * Pinned models: the state of the previous baseline while windows binned with its edges are still open
     * (they are closed against it); null otherwise. A chain only if baselines change faster than windows close.
     */
    ModelState retired;

    public ModelState(String model) {
        this.model = model;
    }

    public String model() {
        return model;
    }

    public String baselineVersion() {
        return baselineVersion;
    }

    /** The state (this one or a retired one) whose baseline a window was binned with. */
    public ModelState generationOf(WindowState w) {
        for (ModelState m = this; m != null; m = m.retired) {
            if (java.util.Objects.equals(m.baselineVersion, w.baselineVersion)) {
                return m;
            }
        }
        return this;
    }

    /** Keeps {@code previous} (and what it retired) as retired states, for the windows still open with those versions. */
    public void retireAfter(ModelState previous, java.util.Set<String> versionsInUse) {
        retired = previous;
        dropRetiredExcept(versionsInUse);
    }

    /** Notes that the model had events in a window (closed by a retired state of it). */
    public void activeIn(long windowStart) {
        lastActiveWindow = Math.max(lastActiveWindow, windowStart);
    }

    public boolean retiredBaselines() {
        return retired != null;
    }

        /** Drops the retired states that no window still open uses. */
    public void dropRetiredExcept(java.util.Set<String> versionsInUse) {
        ModelState keep = this;
        for (ModelState r = retired; r != null; r = r.retired) {
            if (versionsInUse.contains(r.baselineVersion)) {
                keep.retired = r;
                keep = r;
            }
        }
        keep.retired = null;
    }

    void addSignal(SignalState s) {
        signals.add(s);
        byName.put(s.name, s);
        if (s.name.startsWith(Signals.FEATURE_PREFIX)) {
            byFeature.put(s.name.substring(Signals.FEATURE_PREFIX.length()), s);
        }
    }

    /** Reference counts of a slot: the sum over the reference windows. */
    double[] referenceCounts(int slot) {
        double[] sum = new double[0];
        for (WindowState w : reference) {
            double[] c = w.counts(slot);
            if (c.length > sum.length) {
                sum = java.util.Arrays.copyOf(sum, c.length);
            }
            for (int i = 0; i < c.length; i++) {
                sum[i] += c[i];
            }
        }
        return sum;
    }
}
