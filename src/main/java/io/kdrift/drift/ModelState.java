package io.kdrift.drift;

import io.kdrift.result.Signals;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final SignalState[] NONE_SEEN = new SignalState[0];

    final String model;
    final List<SignalState> signals = new ArrayList<>();
    final Map<String, SignalState> byName = new HashMap<>();
    /** Feature signals by the feature's own name: the per-event path looks them up without building "feature." + name. */
    final Map<String, SignalState> byFeature = new HashMap<>();
    /**
     * The feature signals of the events read so far, by the feature's position in the event: a model's events mostly
     * name the same features in the same order, and the parser hands out its canonical string for a name, so the name at
     * a position is matched by identity ({@link SignalState#featureNameSeen}) before the map is asked. Signals are only
     * ever added, never replaced, so what is kept here stays true; not stored. One reference a feature: the name is kept
     * in the signal, where it costs no heap (the object's padding).
     */
    private SignalState[] featureSignalsSeen = NONE_SEEN;
    /** Closed windows of the reference, oldest first. */
    final Deque<WindowState> reference = new ArrayDeque<>();
    boolean referenceFrozen;
    /**
     * Closed windows kept out of the reference because a drift alert of the model was firing or pending when they
     * closed, and the start of the first; 0 and MIN_VALUE while the reference learns.
     */
    int heldWindows;
    long heldSince = Long.MIN_VALUE;
    /** The time of the last re-baseline request applied (the reference restarted then); MIN_VALUE if none. */
    long rebaselinedAt = Long.MIN_VALUE;
    /** The values seen of each segment key (docs/segments.md), capped; empty for a segment and without segment keys. */
    final java.util.Map<String, io.kdrift.stats.CategoryIndex> segmentValues = new java.util.TreeMap<>();
    /** The segment keys made from {@link #segmentValues}, by key name and value index: not stored, made again after a restore. */
    final java.util.Map<String, String[]> segmentKeys = new HashMap<>();
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
    /**
     * Sample chunks changed since the processor last saved them (key slot &lt;&lt; 32 | chunk; true = write,
     * false = delete): not part of the encoded state, the chunks are stored apart ({@link SampleChunk}).
     */
    private java.util.LinkedHashMap<Long, Boolean> sampleChanges; // null while there are none: most models, most of the time
    /**
     * Learning signals given values since the samples were last saved: not part of the encoded state. Apart from
     * {@link #sampleChanges} so that the per-event path marks a signal once, not a chunk in a map for every value. Null
     * until a signal learns (most models' signals never do after their first minutes: no list kept for them).
     */
    private List<SignalState> sampleAppends;
    /** Decoded without the values of its learning signals, which are still to be read from their chunks. */
    boolean samplesToLoad;
    /** Decoded from a format that kept those values inside the model (before format 3): they are still to be written to their chunks. */
    boolean samplesInline;

    /** Where the sample chunks of learning signals are kept; keys are (model, baseline version, slot, chunk). */
    public interface SampleStore {
        SampleChunk get(String model, String baselineVersion, int slot, int chunk);

        void put(String model, String baselineVersion, int slot, int chunk, SampleChunk value);

        void delete(String model, String baselineVersion, int slot, int chunk);

        /**
         * A count that changes whenever the store may have encoded what was put in it. A chunk put since the last
         * change is encoded with the values it holds then, so putting it again before that changes nothing: a store
         * that encodes on every put changes it on every put; one that holds the chunks themselves never changes it.
         */
        long writes();
    }

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

    /**
     * Keeps {@code previous} (and what it retired) as retired states for the windows still open with those
     * versions; the others are dropped, with their stored sample chunks.
     */
    public void retireAfter(ModelState previous, java.util.Set<String> versionsInUse, SampleStore samples) {
        retired = previous;
        dropRetiredExcept(versionsInUse, samples);
    }

    /** Notes that the model had events in a window (closed by a retired state of it). */
    public void activeIn(long windowStart) {
        lastActiveWindow = Math.max(lastActiveWindow, windowStart);
    }

    public boolean retiredBaselines() {
        return retired != null;
    }

        /** Drops the retired states that no window still open uses, with their stored sample chunks. */
    public void dropRetiredExcept(java.util.Set<String> versionsInUse, SampleStore samples) {
        ModelState keep = this;
        for (ModelState r = retired; r != null; r = r.retired) {
            if (versionsInUse.contains(r.baselineVersion)) {
                keep.retired = r;
                keep = r;
            } else {
                r.deleteSamples(samples);
            }
        }
        keep.retired = null;
    }

    /** Deletes the stored sample chunks of this state's learning signals (not of the states it retired). */
    private void deleteSamples(SampleStore samples) {
        for (SignalState s : signals) {
            if (s.learner != null) {
                for (int c = 0; c < s.learner.chunks(); c++) {
                    samples.delete(model, baselineVersion, s.slot, c);
                }
            }
        }
    }

    private java.util.LinkedHashMap<Long, Boolean> sampleChanges() {
        if (sampleChanges == null) {
            sampleChanges = new java.util.LinkedHashMap<>();
        }
        return sampleChanges;
    }

    void sampleChanged(int slot, int chunk) {
        sampleChanges().put(((long) slot << 32) | chunk, Boolean.TRUE);
    }

    /** A learning signal was given a value. */
    void sampleAppended(SignalState s) {
        if (!s.learner.unsaved) {
            s.learner.unsaved = true;
            if (sampleAppends == null) {
                sampleAppends = new ArrayList<>();
            }
            sampleAppends.add(s);
        }
    }

    void sampleDropped(int slot, int chunks) {
        for (int c = 0; c < chunks; c++) {
            long key = ((long) slot << 32) | c;
            sampleChanges().remove(key);
            sampleChanges().put(key, Boolean.FALSE);
        }
    }

    /** Writes the changed sample chunks (of this state and the retired ones) to the store. */
    public void saveSamples(SampleStore store) {
        for (ModelState m = this; m != null; m = m.retired) {
            if (m.sampleChanges != null) {
                for (java.util.Map.Entry<Long, Boolean> e : m.sampleChanges.entrySet()) {
                    int slot = (int) (e.getKey() >>> 32);
                    int chunk = (int) (long) e.getKey();
                    if (e.getValue()) {
                        m.put(store, slot, chunk);
                    } else {
                        store.delete(model, m.baselineVersion, slot, chunk);
                    }
                }
                m.sampleChanges = null;
            }
            m.saveAppends(store);
        }
    }

    /** Puts the chunks that values went into since the last save, unless already put since the store last wrote. */
    private void saveAppends(SampleStore store) {
        if (sampleAppends == null) {
            return;
        }
        long writes = store.writes();
        for (SignalState s : sampleAppends) {
            QuantileLearner learner = s.learner;
            if (learner == null) {
                continue; // frozen since: its chunks were deleted (sampleDropped)
            }
            int last = (learner.size - 1) / QuantileLearner.CHUNK;
            for (int c = learner.savedSize / QuantileLearner.CHUNK; c <= last; c++) {
                if (c > learner.putChunk || writes != learner.putAtWrites) {
                    store.put(model, baselineVersion, s.slot, c, SampleChunk.view(learner, c));
                }
            }
            learner.putChunk = last;
            learner.putAtWrites = writes;
            learner.savedSize = learner.size;
            learner.unsaved = false;
        }
        sampleAppends = null;
    }

    private void put(SampleStore store, int slot, int chunk) {
        QuantileLearner learner = signals.get(slot).learner;
        if (learner != null) {
            store.put(model, baselineVersion, slot, chunk, SampleChunk.view(learner, chunk));
        }
    }

    /**
     * True after a restore, until {@link #loadSamples} has read the learning signals' values back from their chunks
     * (or, for older state, written them there): a flag, checked per event.
     */
    public boolean samplesUnloaded() {
        for (ModelState m = this; m != null; m = m.retired) {
            if (m.samplesToLoad || m.samplesInline) {
                return true;
            }
        }
        return false;
    }

    public void loadSamples(SampleStore store) {
        for (ModelState m = this; m != null; m = m.retired) {
            if (m.samplesInline) {
                // the model will be written in today's format, without the values: they go to their chunks first
                for (SignalState s : m.signals) {
                    for (int c = 0; s.learner != null && c < s.learner.chunks(); c++) {
                        m.sampleChanged(s.slot, c);
                    }
                }
                m.samplesInline = false;
            }
            if (!m.samplesToLoad) {
                continue;
            }
            for (SignalState s : m.signals) {
                QuantileLearner learner = s.learner;
                for (int c = 0; learner != null && c < learner.chunks(); c++) {
                    SampleChunk chunk = store.get(model, m.baselineVersion, s.slot, c);
                    if (chunk == null) {
                        throw new IllegalStateException("sample chunk " + c + " of " + model + "/" + s.name + " is missing from the store");
                    }
                    learner.restore(c, chunk);
                }
            }
            m.samplesToLoad = false;
        }
        saveSamples(store);
    }

    /** The signal of the feature {@code name}, the {@code position}-th of its event; null if the model has none yet. */
    SignalState feature(String name, int position) {
        if (position < featureSignalsSeen.length) {
            SignalState seen = featureSignalsSeen[position];
            if (seen != null && seen.featureNameSeen == name) {
                return seen;
            }
        }
        SignalState s = byFeature.get(name);
        if (s != null) {
            if (position >= featureSignalsSeen.length) {
                featureSignalsSeen = Arrays.copyOf(featureSignalsSeen, position + 1);
            }
            featureSignalsSeen[position] = s;
            s.featureNameSeen = name;
        }
        return s;
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
