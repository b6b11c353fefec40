package io.kdrift.drift;

import static io.kdrift.event.PredictionEvent.KEY_SEPARATOR;

import io.kdrift.config.KdriftConfig;
import io.kdrift.config.ReferenceMode;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.Rejection;
import io.kdrift.result.ScoreRecord;
import io.kdrift.state.KeyedState;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Windows the events of the models of one task (one partition of the input) and scores each window when it
 * closes; free of Kafka, so that the topology, the tests and any other driver run the same code.
 *
 * <p>Stream time is the largest event time this task has seen, as in Kafka Streams; a window closes when
 * stream time reaches its end plus the grace period, for every model of the task at once, so a quiet
 * model's window is closed by the traffic of the others. When the whole task is quiet for
 * {@code window.idleAfter} of wall-clock time, stream time moves on with the wall clock ({@link #onWallClock}),
 * so the last windows still close. Events for a window that has closed are late: not counted.
 *
 * <p>State, behind {@link KeyedState}: one {@link ModelState} per model and one {@link WindowState} per open
 * (model, window), updated in place and marked dirty; the sample chunks of learning signals; the task's stream
 * time, stored with each window written (and on its own when the wall clock moves it), so that a restart neither
 * reopens a closed window nor scores one twice.
 */
public final class TaskWindows {
    private static final String CLOCK_KEY = "stream-time";

    /** Where the score records of closed (and quiet) windows go, in order. */
    public interface Output {
        /**
         * A closed window's score records and its model's verdict; returns true to keep the window out of the model's
         * reference (a drift alert of the model is firing or pending).
         */
        boolean closed(String model, WindowScorer.Closed window);

        /** The events record of a window in which the model had no event. */
        void quiet(String model, ScoreRecord events);

        /** Every score record to {@code each}, with no alert rules: every closed window enters its reference. */
        static Output everyRecord(java.util.function.BiConsumer<String, ScoreRecord> each) {
            return new Output() {
                @Override
                public boolean closed(String model, WindowScorer.Closed window) {
                    window.scores().forEach(r -> each.accept(model, r));
                    return false;
                }

                @Override
                public void quiet(String model, ScoreRecord events) {
                    each.accept(model, events);
                }
            };
        }
    }

    /**
     * The state of a task.
     *
     * @param pinned      the published baseline of a model, or null; null itself when no model is pinned
     * @param rebaselines when a user last asked to restart a model's reference (epoch ms), or null; null itself when
     *                    there is no such request anywhere
     */
    public record Stores(KeyedState<ModelState> models, KeyedState<WindowState> windows, KeyedState<Long> clock,
                         KeyedState<SampleChunk> samples, Function<String, Baseline> pinned, Function<String, Long> rebaselines) {
        public Stores(KeyedState<ModelState> models, KeyedState<WindowState> windows, KeyedState<Long> clock,
                      KeyedState<SampleChunk> samples, Function<String, Baseline> pinned) {
            this(models, windows, clock, samples, pinned, null);
        }
    }

    private final KdriftConfig config;
    private final WindowClock clock;
    private final EventBinner binner;
    private final WindowScorer scorer;
    private final BaselineStates baselineStates;
    private final Segments segments;
    private final Stores stores;
    private final ModelState.SampleStore sampleStore;
    private final Output output;
    private final boolean quietOnIdle;
    private final long idleAfterMs;
    /** The models of this task. */
    private final Set<String> taskModels = new HashSet<>();
    /** Open windows: start → models that have that window open, in name order for a deterministic output. */
    private final TreeMap<Long, NavigableSet<String>> open = new TreeMap<>();
    private long streamTime = Long.MIN_VALUE;
    /** Whether stream time is given from outside ({@link #advanceTo(long, boolean)}) rather than by the events' own times. */
    private boolean externalClock;
    private long lastRecordWallTime;
    private long streamTimeAtLastRecord;

    /**
     * Restores the task from its stores.
     *
     * @param quietOnIdle whether a move of stream time by the wall clock reports quiet models: not in replay,
     *                    where the end of the file is not a silence
     * @param now         the wall clock, in epoch milliseconds
     */
    public TaskWindows(KdriftConfig config, Stores stores, Output output, boolean quietOnIdle, long now) {
        this.config = config;
        this.clock = new WindowClock(config.window());
        this.binner = new EventBinner(config);
        this.scorer = new WindowScorer(config);
        this.baselineStates = new BaselineStates(config);
        this.segments = new Segments(config);
        this.stores = stores;
        this.sampleStore = new KeyedSampleStore(stores.samples());
        this.output = output;
        this.quietOnIdle = quietOnIdle;
        this.idleAfterMs = config.window().idleAfter().toMillis();
        // stream time is stored with every window written since the last wall-clock move (when it is
        // stored on its own): the largest of them all is the stream time of the last commit
        Long stored = stores.clock().get(CLOCK_KEY);
        streamTime = stored == null ? Long.MIN_VALUE : stored;
        taskModels.addAll(stores.models().keys());
        for (String key : stores.windows().keys()) {
            int at = key.lastIndexOf(KEY_SEPARATOR);
            open.computeIfAbsent(Long.parseLong(key.substring(at + 1)), s -> new TreeSet<>()).add(key.substring(0, at));
            streamTime = Math.max(streamTime, stores.windows().get(key).streamTime());
        }
        lastRecordWallTime = now;
        streamTimeAtLastRecord = streamTime;
    }

    /** The models this task has seen. */
    public Set<String> models() {
        return taskModels;
    }

    public long streamTime() {
        return streamTime;
    }

    /**
     * From now on stream time is what {@link #advanceTo(long, boolean)} says (the task's prediction clock, the minimum over
     * the partitions that feed it: io.kdrift.time.Watermarks), not the largest event time seen: an event no longer moves it.
     */
    public void useExternalClock() {
        externalClock = true;
    }

    /**
     * Moves stream time on to {@code time} (never back) and closes the windows that are due.
     *
     * @param byWallClock whether the move comes from the wall clock (no partition has moved for idleAfter): quiet models are
     *                    then reported only where the wall clock is a silence (not in replay)
     */
    public void advanceTo(long time, boolean byWallClock) {
        if (time > streamTime) {
            // stored when it closes a window (a restart must not open it again) or no window written carries it
            boolean closes = !open.isEmpty() && clock.closeTime(open.firstKey()) <= time;
            advanceTo(time, !byWallClock || quietOnIdle, byWallClock || closes);
        }
    }

    /** How often the wall clock should be offered to {@link #onWallClock}: often enough to notice {@code window.idleAfter}. */
    public long wallClockIntervalMs() {
        return Math.max(10, Math.min(1000, idleAfterMs));
    }

    /**
     * Counts an event of {@code model} in its window, and closes the windows its event time makes due.
     *
     * @param now the wall clock, in epoch milliseconds
     */
    public Admission add(String model, PredictionEvent event, long now) {
        return add(model, event, name -> null, now);
    }

    /**
     * The same, and counts an accepted event in the segments of its model too (docs/segments.md): as many more keys as
     * segment keys apply to the model, each windowed and scored as a model of its own.
     *
     * @param header the record's header of this name (UTF-8), or null
     */
    public Admission add(String model, PredictionEvent event, Function<String, String> header, long now) {
        Admission admission = addOne(model, event, now);
        if (admission == Admission.ACCEPTED && segments.any()) {
            ModelState m = model(model);
            boolean[] changed = {false};
            for (String segment : segments.of(m, event, header, changed)) {
                // same event time: never late; a conflict of kinds was already refused for the model
                addOne(segment, event, now);
            }
            if (changed[0]) {
                stores.models().markDirty(model);
            }
        }
        return admission;
    }

    private Admission addOne(String model, PredictionEvent event, long now) {
        long ts = event.timestamp();
        long start = clock.windowStart(ts);
        if (clock.closeTime(start) <= streamTime) {
            return new Admission.Late(start, streamTime);
        }
        ModelState m = model(model);
        if (m == null) {
            m = new ModelState(model);
            stores.models().put(model, m);
            taskModels.add(model);
        }
        String windowKey = windowKey(model, start);
        WindowState w = stores.windows().get(windowKey);
        if (w == null && stores.pinned() != null) {
            m = adoptBaseline(model, m);
        }
        // the state whose bins the window uses: the model's, or a retired baseline's for a window opened before a new one
        ModelState binnedBy = w == null ? m : m.generationOf(w);
        Rejection conflict = binner.conflict(binnedBy, event);
        if (conflict != null) {
            return new Admission.Conflict(conflict);
        }
        if (w == null) {
            w = binner.newWindow(m, start);
            stores.windows().put(windowKey, w);
            open.computeIfAbsent(start, s -> new TreeSet<>()).add(model);
        } else {
            stores.windows().markDirty(windowKey);
        }
        if (binner.add(binnedBy, w, event, s -> openWindow(model, s))) {
            stores.models().markDirty(model);
            m.saveSamples(sampleStore);
        }
        lastRecordWallTime = now;
        if (!externalClock && ts > streamTime) {
            advanceTo(ts, true, false);
        }
        // the window is written at the next commit anyway: it carries stream time there, one record less per commit
        w.recordStreamTime(streamTime);
        streamTimeAtLastRecord = streamTime;
        return Admission.ACCEPTED;
    }

    /** When the task has had no event for {@code window.idleAfter}, stream time follows the wall clock from there. */
    public void onWallClock(long now) {
        long idle = now - lastRecordWallTime;
        if (idle >= idleAfterMs && streamTimeAtLastRecord != Long.MIN_VALUE) {
            long candidate = streamTimeAtLastRecord + idle;
            if (candidate > streamTime) {
                advanceTo(candidate, quietOnIdle, true);
            }
        }
    }

    /**
     * Moves stream time on and closes the windows that are due. Once per window boundary crossed, it
     * also reports the models of the task that went quiet ({@link WindowScorer#quietWindows}).
     *
     * @param store true when no window records the new time (a move by the wall clock): it is stored on its own
     */
    private void advanceTo(long time, boolean reportQuiet, boolean store) {
        long before = streamTime;
        streamTime = time;
        if (store) {
            stores.clock().put(CLOCK_KEY, time);
        }
        while (!open.isEmpty() && clock.closeTime(open.firstKey()) <= streamTime) {
            Map.Entry<Long, NavigableSet<String>> first = open.pollFirstEntry();
            for (String model : first.getValue()) {
                closeWindow(model, first.getKey());
            }
        }
        if (reportQuiet && (before == Long.MIN_VALUE || clock.lastClosedWindow(streamTime) != clock.lastClosedWindow(before))) {
            for (String model : new TreeSet<>(taskModels)) {
                ModelState m = model(model);
                if (m == null) {
                    continue;
                }
                for (long start : scorer.quietWindows(m, streamTime)) {
                    output.quiet(model, scorer.quiet(m, start));
                    stores.models().markDirty(model);
                }
            }
        }
    }

    private void closeWindow(String model, long start) {
        String key = windowKey(model, start);
        WindowState w = stores.windows().get(key);
        ModelState m = model(model);
        stores.windows().delete(key);
        if (w == null || m == null) {
            return;
        }
        ModelState binnedBy = m.generationOf(w);
        rebaseline(binnedBy);
        WindowScorer.Closed closed = scorer.close(binnedBy, w, s -> openWindow(model, s));
        if (binnedBy != m) {
            m.activeIn(start);
        }
        if (m.retiredBaselines()) {
            m.dropRetiredExcept(openBaselineVersions(model), sampleStore);
        }
        stores.models().markDirty(model);
        scorer.learn(binnedBy, w, output.closed(model, closed));
    }

    /** A re-baseline asked for since the model's last one: its reference restarts with the window closing now. */
    private void rebaseline(ModelState m) {
        Long requested = stores.rebaselines() == null ? null : stores.rebaselines().apply(m.model());
        if (requested != null && requested > m.rebaselinedAt) {
            scorer.restartReference(m, requested);
        }
    }

    /** The model's state, with the values of its learning signals read back from their chunks after a restore. */
    private ModelState model(String model) {
        ModelState m = stores.models().get(model);
        if (m != null && m.samplesUnloaded()) {
            m.loadSamples(sampleStore);
        }
        return m;
    }

    /**
     * A pinned model switches to a newly published baseline when its next window opens. Windows already open
     * were binned with the old baseline's edges: they keep it (as a retired state) until they close.
     */
    private ModelState adoptBaseline(String model, ModelState m) {
        if (config.reference(model).mode() != ReferenceMode.PINNED) {
            return m;
        }
        Baseline b = stores.pinned().apply(model);
        if (b == null || b.version().equals(m.baselineVersion())) {
            return m;
        }
        ModelState adopted = baselineStates.install(b, m);
        // the previous state stays for the windows still open with its bins; otherwise it goes, with its samples
        m.saveSamples(sampleStore);
        adopted.retireAfter(m, openBaselineVersions(model), sampleStore);
        stores.models().put(model, adopted);
        return adopted;
    }

    /** The baseline versions of the model's open windows. */
    private Set<String> openBaselineVersions(String model) {
        Set<String> versions = new HashSet<>();
        for (Map.Entry<Long, NavigableSet<String>> e : open.entrySet()) {
            if (e.getValue().contains(model)) {
                WindowState w = stores.windows().get(windowKey(model, e.getKey()));
                if (w != null && w.baselineVersion() != null) {
                    versions.add(w.baselineVersion());
                }
            }
        }
        return versions;
    }

    private WindowState openWindow(String model, long start) {
        String key = windowKey(model, start);
        WindowState w = stores.windows().get(key);
        if (w != null) {
            stores.windows().markDirty(key);
        }
        return w;
    }

    private static String windowKey(String model, long start) {
        return model + KEY_SEPARATOR + start;
    }
}
