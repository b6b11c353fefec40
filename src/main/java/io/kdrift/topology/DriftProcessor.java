package io.kdrift.topology;

import io.kdrift.alert.AlertEngine;
import io.kdrift.alert.AlertRecord;
import io.kdrift.alert.AlertRule;
import io.kdrift.alert.ModelAlerts;
import io.kdrift.config.ReferenceMode;
import io.kdrift.drift.Baseline;
import io.kdrift.drift.DriftEngine;
import io.kdrift.drift.ModelState;
import io.kdrift.drift.SampleChunk;
import io.kdrift.drift.ScoreRecord;
import io.kdrift.drift.WindowState;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.Rejection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Windows the events of the models of one task and scores each window when it closes.
 *
 * <p>Stream time is the largest event time this task has seen, as in Kafka Streams; a window closes when
 * stream time reaches its end plus the grace period, for every model of the task at once, so a quiet
 * model's window is closed by the traffic of the others. When the whole task is quiet for
 * {@code window.idleAfter} of wall-clock time, stream time moves on with the wall clock (a wall-clock
 * punctuator), so the last windows still close. Events for a window that has closed are late: counted,
 * not scored,
 * and sent to {@code topics.late} when one is configured.
 *
 * <p>State: one {@link ModelState} per model and one {@link WindowState} per open (model, window), kept
 * as objects and updated in place ({@link ObjectStore}); the task's stream time is stored too (with each
 * window written, and on its own when the wall clock moves it), so that a restart neither reopens a closed
 * window nor scores one twice.
 */
final class DriftProcessor implements Processor<String, Parsed, String, Emitted> {
    static final String MODEL_STORE = "kdrift-models";
    static final String WINDOW_STORE = "kdrift-windows";
    static final String CLOCK_STORE = "kdrift-stream-time";
    static final String ALERT_STORE = "kdrift-alert-state";
    /** Values of signals still learning their quantile edges, in chunks: see {@link SampleChunk}. */
    static final String SAMPLE_STORE = "kdrift-samples";
    private static final String CLOCK_KEY = "stream-time";
    private static final char WINDOW_KEY_SEPARATOR = '@'; // not allowed in model ids

    private final DriftEngine engine;
    private final AlertEngine alertEngine;
    private final EventCounters counters;
    private final ScoreListener listener;
    /** The models of this task, to tell the listener when the task leaves. */
    private final java.util.Set<String> taskModels = new java.util.HashSet<>();
    private final long idleAfterMs;
    private final boolean lateTopic;
    private final boolean quietOnIdle;
    private ProcessorContext<String, Emitted> context;
    private ObjectStore<ModelState> models;
    private ObjectStore<WindowState> windows;
    private ObjectStore<Long> clock;
    private ObjectStore<ModelAlerts> alerts;
    private ObjectStore<SampleChunk> samples;
    private ModelState.SampleStore sampleStore;
    /** Pinned baselines; null when no model is pinned. */
    private Baselines baselines;
    /** Open windows: start → models that have that window open, in name order for a deterministic output. */
    private final TreeMap<Long, NavigableSet<String>> open = new TreeMap<>();
    private long streamTime = Long.MIN_VALUE;
    private long lastRecordWallTime;
    private long streamTimeAtLastRecord;

    DriftProcessor(DriftEngine engine, AlertEngine alertEngine, EventCounters counters, ScoreListener listener, boolean quietOnIdle) {
        this.quietOnIdle = quietOnIdle;
        this.engine = engine;
        this.alertEngine = alertEngine;
        this.counters = counters;
        this.listener = listener;
        this.idleAfterMs = engine.config().window().idleAfter().toMillis();
        this.lateTopic = engine.config().topics().late() != null;
    }

    @Override
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.models = context.getStateStore(MODEL_STORE);
        this.windows = context.getStateStore(WINDOW_STORE);
        this.clock = context.getStateStore(CLOCK_STORE);
        this.alerts = context.getStateStore(ALERT_STORE);
        this.samples = context.getStateStore(SAMPLE_STORE);
        this.sampleStore = new ModelState.SampleStore() {
            private String key(String model, String version, int slot, int chunk) {
                return model + WINDOW_KEY_SEPARATOR + (version == null ? "" : version) + WINDOW_KEY_SEPARATOR + slot + '#' + chunk;
            }

            @Override
            public SampleChunk get(String model, String version, int slot, int chunk) {
                return samples.get(key(model, version, slot, chunk));
            }

            @Override
            public void put(String model, String version, int slot, int chunk, SampleChunk value) {
                samples.put(key(model, version, slot, chunk), value);
            }

            @Override
            public void delete(String model, String version, int slot, int chunk) {
                samples.delete(key(model, version, slot, chunk));
            }
        };
        if (engine.config().usesPinnedReference()) {
            this.baselines = new Baselines(context.getStateStore(Baselines.STORE));
        }
        reportFiringAlerts();
        // stream time is stored with every window written since the last wall-clock move (when it is
        // stored on its own): the largest of them all is the stream time of the last commit
        Long stored = clock.get(CLOCK_KEY);
        streamTime = stored == null ? Long.MIN_VALUE : stored;
        taskModels.addAll(models.keys());
        for (String key : windows.keys()) {
            int at = key.lastIndexOf(WINDOW_KEY_SEPARATOR);
            open.computeIfAbsent(Long.parseLong(key.substring(at + 1)), s -> new TreeSet<>()).add(key.substring(0, at));
            streamTime = Math.max(streamTime, windows.get(key).streamTime());
        }
        lastRecordWallTime = context.currentSystemTimeMs();
        streamTimeAtLastRecord = streamTime;
        Duration interval = Duration.ofMillis(Math.max(10, Math.min(1000, idleAfterMs)));
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    @Override
    public void process(Record<String, Parsed> record) {
        PredictionEvent event = record.value().event();
        String model = record.key();
        long ts = event.timestamp();
        long start = engine.windowStart(ts);
        if (engine.closeTime(start) <= streamTime) {
            counters.late();
            if (lateTopic) {
                Record<String, Emitted> late = record.withValue(Emitted.late(record.value())).withTimestamp(context.currentSystemTimeMs());
                late.headers().add("kdrift.window.start", java.time.Instant.ofEpochMilli(start).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                late.headers().add("kdrift.stream.time",
                        java.time.Instant.ofEpochMilli(streamTime).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                context.forward(late);
            }
            return;
        }
        ModelState m = model(model);
        if (m == null) {
            m = new ModelState(model);
            models.put(model, m);
            taskModels.add(model);
        }
        String windowKey = windowKey(model, start);
        WindowState w = windows.get(windowKey);
        if (w == null && baselines != null) {
            m = adoptBaseline(model, m);
        }
        // the state whose bins the window uses: the model's, or a retired baseline's for a window opened before a new one
        ModelState binnedBy = w == null ? m : m.generationOf(w);
        Rejection conflict = engine.conflict(binnedBy, event);
        if (conflict != null) {
            counters.rejected(conflict.reason());
            context.forward(record.withValue(Emitted.rejected(Parsed.rejected(record.value().rawKey(), record.value().rawValue(), conflict))));
            return;
        }
        if (w == null) {
            w = engine.newWindow(m, start);
            windows.put(windowKey, w);
            open.computeIfAbsent(start, s -> new TreeSet<>()).add(model);
        } else {
            windows.markDirty(windowKey);
        }
        if (engine.add(binnedBy, w, event, s -> openWindow(model, s))) {
            models.markDirty(model);
            m.saveSamples(sampleStore);
        }
        counters.accepted();
        lastRecordWallTime = context.currentSystemTimeMs();
        if (ts > streamTime) {
            advanceTo(ts, true, false);
        }
        // the window is written at the next commit anyway: it carries stream time there, one record less per commit
        w.recordStreamTime(streamTime);
        streamTimeAtLastRecord = streamTime;
    }

    private void onWallClock(long now) {
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
     * also reports the models of the task that went quiet ({@link DriftEngine#quietWindows}); not when
     * the wall clock moved stream time in replay, where the end of the file is not a silence.
     *
     * @param store true when no window records the new time (a move by the wall clock): it is stored on its own
     */
    private void advanceTo(long time, boolean reportQuiet, boolean store) {
        long before = streamTime;
        streamTime = time;
        if (store) {
            clock.put(CLOCK_KEY, time);
        }
        while (!open.isEmpty() && engine.closeTime(open.firstKey()) <= streamTime) {
            Map.Entry<Long, NavigableSet<String>> first = open.pollFirstEntry();
            for (String model : first.getValue()) {
                closeWindow(model, first.getKey());
            }
        }
        if (reportQuiet && (before == Long.MIN_VALUE || engine.lastClosedWindow(streamTime) != engine.lastClosedWindow(before))) {
            for (String model : new TreeSet<>(taskModels)) {
                ModelState m = model(model);
                if (m == null) {
                    continue;
                }
                for (long start : engine.quietWindows(m, streamTime)) {
                    emit(model, engine.quiet(m, start));
                    models.markDirty(model);
                }
            }
        }
    }


    private void closeWindow(String model, long start) {
        String key = windowKey(model, start);
        WindowState w = windows.get(key);
        ModelState m = model(model);
        windows.delete(key);
        if (w == null || m == null) {
            return;
        }
        ModelState binnedBy = m.generationOf(w);
        List<ScoreRecord> scores = engine.close(binnedBy, w, s -> openWindow(model, s));
        if (binnedBy != m) {
            m.activeIn(start);
        }
        if (m.retiredBaselines()) {
            m.dropRetiredExcept(openBaselineVersions(model), sampleStore);
        }
        models.markDirty(model);
        for (ScoreRecord score : scores) {
            emit(model, score);
        }
    }

    /**
     * Forwards a score record, and the alert changes it causes, stamped with the wall clock: a record stamped
     * with its window's event time would be rejected by the broker when ahead of its clock
     * ({@code log.message.timestamp.after.max.ms}) and deleted by time-based retention when older than
     * {@code retention.ms}. The window is in the record itself.
     */
    private void emit(String model, ScoreRecord score) {
        long timestamp = context.currentSystemTimeMs();
        ModelAlerts modelAlerts = alerts.get(model);
        if (modelAlerts == null) {
            modelAlerts = new ModelAlerts();
            alerts.put(model, modelAlerts);
        } else {
            alerts.markDirty(model);
        }
        context.forward(new Record<>(score.key(), Emitted.score(score), timestamp));
        listener.onScore(score);
        for (AlertRecord alert : alertEngine.evaluate(modelAlerts, score)) {
            context.forward(new Record<>(alert.key(), Emitted.alert(alert), timestamp));
            listener.onAlertState(alert.model(), alert.signal(), alert.rule(), alert.severity(), AlertRecord.FIRING.equals(alert.status()));
        }
    }

    /** After a restart or a move, the alerts still firing for this task's models are reported again (for the gauges). */
    private void reportFiringAlerts() {
        for (String model : alerts.keys()) {
            ModelAlerts modelAlerts = alerts.get(model);
            for (AlertRule rule : alertEngine.rules()) {
                modelAlerts.firingSignals(rule.name()).forEach(signal ->
                        listener.onAlertState(model, signal, rule.name(), rule.settings().severity(), true));
            }
        }
    }

    @Override
    public void close() {
        listener.onModelsReleased(taskModels);
    }

    /** The model's state, with the values of its learning signals read back from their chunks after a restore. */
    private ModelState model(String model) {
        ModelState m = models.get(model);
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
        if (engine.config().reference(model).mode() != ReferenceMode.PINNED) {
            return m;
        }
        Baseline b = baselines.of(model);
        if (b == null || b.version().equals(m.baselineVersion())) {
            return m;
        }
        ModelState adopted = engine.install(b, m);
        // the previous state stays for the windows still open with its bins; otherwise it goes, with its samples
        m.saveSamples(sampleStore);
        adopted.retireAfter(m, openBaselineVersions(model), sampleStore);
        models.put(model, adopted);
        return adopted;
    }

    /** The baseline versions of the model's open windows. */
    private Set<String> openBaselineVersions(String model) {
        Set<String> versions = new java.util.HashSet<>();
        for (Map.Entry<Long, NavigableSet<String>> e : open.entrySet()) {
            if (e.getValue().contains(model)) {
                WindowState w = windows.get(windowKey(model, e.getKey()));
                if (w != null && w.baselineVersion() != null) {
                    versions.add(w.baselineVersion());
                }
            }
        }
        return versions;
    }

    private WindowState openWindow(String model, long start) {
        String key = windowKey(model, start);
        WindowState w = windows.get(key);
        if (w != null) {
            windows.markDirty(key);
        }
        return w;
    }

    private static String windowKey(String model, long start) {
        return model + WINDOW_KEY_SEPARATOR + start;
    }
}
