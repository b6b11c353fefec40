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

    public ModelState(String model) {
        this.model = model;
    }

    public String model() {
        return model;
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
