package io.kdrift.topology;

import io.kdrift.alert.AlertEngine;
import io.kdrift.alert.AlertRecord;
import io.kdrift.alert.AlertRule;
import io.kdrift.alert.ModelAlerts;
import io.kdrift.codec.EventJson;
import io.kdrift.config.KdriftConfig;
import io.kdrift.drift.Admission;
import io.kdrift.drift.TaskWindows;
import io.kdrift.drift.WindowClock;
import io.kdrift.drift.WindowScorer;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.Rejection;
import io.kdrift.result.EstimatedPerformance;
import io.kdrift.result.ModelVerdict;
import io.kdrift.result.PerformanceRecord;
import io.kdrift.result.ScoreRecord;
import io.kdrift.time.Backlog;
import io.kdrift.time.Channel;
import io.kdrift.time.Watermarks;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The Kafka side of {@link TaskWindows}, which windows and scores the events of one task: its stores are
 * {@link ObjectStore}s, the wall clock a punctuator, and what it scores is forwarded with the alert changes it
 * causes. Late events go on to {@code topics.late} when one is configured, events that conflict with their
 * model's signals to the dead-letter topic. With label topics, predictions and labels meet here too ({@link JoinedLabels}).
 */
final class DriftProcessor implements Processor<String, Parsed, String, Emitted> {
    static final String MODEL_STORE = "kdrift-models";
    static final String WINDOW_STORE = "kdrift-windows";
    static final String CLOCK_STORE = "kdrift-stream-time";
    static final String ALERT_STORE = "kdrift-alert-state";
    /** Values of signals still learning their quantile edges, in chunks: see {@link io.kdrift.drift.SampleChunk}. */
    static final String SAMPLE_STORE = "kdrift-samples";

    private final KdriftConfig config;
    private final AlertEngine alertEngine;
    private final EventCounters counters;
    private final ScoreListener listener;
    private final boolean quietOnIdle;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DriftProcessor.class);
    private final boolean segmented;
    private long lastLogged;
    /** The partitions with records waiting since the instance started: they hold the clocks until read (io.kdrift.time.Watermarks). */
    private final Backlog backlog;
    private final boolean joinsRequests;
    private ProcessorContext<String, Emitted> context;
    /** The task's clocks: the minimum of every partition's progress that feeds it. */
    private Watermarks clocks;
    /** The request join of a serving layer's halves; null without such an input. */
    private JoinedRequests requests;
    private ObjectStore<ModelAlerts> alerts;
    private TaskWindows windows;
    /** The label join; null when no label topic is configured. */
    private JoinedLabels labels;
    /** The ways the records of a partition can reach this task (DriftTopology#viasOf). */
    private final Function<Channel, Collection<String>> viasOf;

    DriftProcessor(KdriftConfig config, AlertEngine alertEngine, EventCounters counters, ScoreListener listener, boolean quietOnIdle,
                   Backlog backlog, Function<Channel, Collection<String>> viasOf, boolean joinsRequests) {
        this.backlog = backlog;
        this.viasOf = viasOf;
        this.joinsRequests = joinsRequests;
        this.config = config;
        this.alertEngine = alertEngine;
        this.counters = counters;
        this.listener = listener;
        this.quietOnIdle = quietOnIdle;
        this.segmented = !config.segments().isEmpty();
    }

    @Override
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.alerts = context.getStateStore(ALERT_STORE);
        Baselines baselines = new Baselines(context.getStateStore(Baselines.STORE));
        TaskWindows.Stores stores = new TaskWindows.Stores(context.getStateStore(MODEL_STORE), context.getStateStore(WINDOW_STORE),
                context.getStateStore(CLOCK_STORE), context.getStateStore(SAMPLE_STORE), config.usesPinnedReference() ? baselines::of : null,
                baselines::rebaselineRequestedAt);
        reportFiringAlerts();
        windows = new TaskWindows(config, stores, new TaskWindows.Output() {
            @Override
            public boolean closed(String model, WindowScorer.Closed window) {
                return emit(model, window);
            }

            @Override
            public void quiet(String model, ScoreRecord events) {
                emitQuiet(model, events);
            }
        }, quietOnIdle, context.currentSystemTimeMs());
        windows.useExternalClock();
        long now = context.currentSystemTimeMs();
        clocks = new Watermarks(config.window().idleAfter().toMillis(), context.getStateStore(CLOCK_STORE), backlog,
                viasOf, HopPartitions.of(context.taskId().partition()), windows.streamTime(), now);
        clocks.readsInPlace(context.taskId().partition());
        labels = config.labels().enabled() ? new JoinedLabels(config, context, counters, this::emitPerformance, this::emitEstimate) : null;
        requests = joinsRequests ? new JoinedRequests(context, JoinedRequests.STORES, config, counters, new WindowClock(config.window()),
                this::admitJoined, this::refuseJoined) : null;
        context.schedule(Duration.ofMillis(windows.wallClockIntervalMs()), PunctuationType.WALL_CLOCK_TIME, wall -> {
            if (LOG.isDebugEnabled() && wall - lastLogged >= 10_000) {
                lastLogged = wall;
                LOG.debug("task {}: prediction clock {}, label clock {}, partitions heard {}", context.taskId(),
                        Instant.ofEpochMilli(clocks.predictionClock()), Instant.ofEpochMilli(clocks.labelClock()), clocks.progress());
            }
            if (clocks.tick(wall) || labels != null) {
                applyClocks(); // (the label join also learns which of predictions and labels still come)
            }
        });
    }

    /** The clocks moved: the request join, the windows and the label join follow, in that order (halves first: they are older). */
    private void applyClocks() {
        long predictionClock = clocks.predictionClock();
        if (requests != null) {
            requests.advanceTo(predictionClock);
        }
        windows.advanceTo(predictionClock, clocks.predictionClockByWall());
        if (labels != null) {
            labels.clocks(predictionClock, clocks.labelClock(), clocks.predictionsFlow(), clocks.labelsFlow());
        }
    }

    @Override
    public void process(Record<String, Parsed> record) {
        Parsed parsed = record.value();
        // what a join task hands on may be older than what it told of its clock: only its markers move that way's progress
        boolean moves = parsed.channel() != null && (parsed.isProgress() || !JoinByIdProcessor.isJoinedWay(parsed.channel().via()));
        if (moves && clocks.heard(parsed.channel(), parsed.eventTime(), context.currentSystemTimeMs())) {
            applyClocks();
        }
        if (parsed.isProgress()) {
            return;
        }
        if (parsed.label() != null) {
            counters.label();
            labels.label(record);
            return;
        }
        if (requests != null && JoinedRequests.isHalf(record)) {
            current = record;
            try {
                requests.half(record, context.currentSystemTimeMs());
            } finally {
                current = null;
            }
            return;
        }
        admit(record);
    }

    /** The half being joined, whose channel a prediction the join hands on now came by; null in a punctuation. */
    private Record<String, Parsed> current;

    /** A prediction of the request join: joined, or a half alone (now, or when its window ran out). */
    private void admitJoined(PredictionEvent event) {
        Channel channel = current == null ? null : current.value().channel();
        long timestamp = current == null ? context.currentSystemTimeMs() : current.timestamp();
        admit(new Record<>(event.model(), Parsed.made(event, channel), timestamp, new RecordHeaders()));
    }

    /** A request alone that names no model (in replay, where the join by id is here): to the dead-letter topic. */
    private void refuseJoined(PredictionEvent request, Rejection why) {
        long timestamp = current == null ? context.currentSystemTimeMs() : current.timestamp();
        context.forward(new Record<>(request.id(), Emitted.rejected(Parsed.rejected(null, EventJson.toJson(request), why)),
                timestamp, new RecordHeaders()));
    }

    private void admit(Record<String, Parsed> record) {
        // segment keys may read the record's headers; without any, no lookup is made per event
        Admission admission = segmented
                ? windows.add(record.key(), record.value().event(), name -> header(record, name), context.currentSystemTimeMs())
                : windows.add(record.key(), record.value().event(), context.currentSystemTimeMs());
        if (admission == Admission.ACCEPTED) {
            counters.accepted();
            if (labels != null) {
                labels.prediction(record.value().event());
            }
        } else if (admission instanceof Admission.Late late) {
            Channel from = record.value().channel();
            counters.late(from == null || Channel.REPLAY.equals(from.via()) ? null : from.topic());
            if (config.topics().late() != null) {
                Record<String, Emitted> out = record.withValue(Emitted.late(record.value())).withTimestamp(context.currentSystemTimeMs());
                out.headers().add("kdrift.window.start", HeaderValues.utf8(Instant.ofEpochMilli(late.windowStart())));
                out.headers().add("kdrift.stream.time", HeaderValues.utf8(Instant.ofEpochMilli(late.streamTime())));
                if (from != null && !Channel.REPLAY.equals(from.via())) {
                    // which input partition it came from, and how (a hop's, or read in place)
                    out.headers().remove(DeadLetterProcessor.SOURCE_TOPIC).add(DeadLetterProcessor.SOURCE_TOPIC, HeaderValues.utf8(from.topic()));
                    out.headers().remove(DeadLetterProcessor.SOURCE_PARTITION)
                            .add(DeadLetterProcessor.SOURCE_PARTITION, HeaderValues.utf8(from.partition()));
                    out.headers().add("kdrift.source.via", HeaderValues.utf8(from.via()));
                }
                context.forward(out);
            }
        } else if (admission instanceof Admission.Conflict conflict) {
            counters.rejected(conflict.rejection().reason());
            context.forward(record.withValue(Emitted.rejected(Parsed.rejected(record.value().rawKey(), record.value().rawValue(),
                    conflict.rejection()))));
        }
    }

    /**
     * Forwards a closed window's score records, its model's verdict and the alert changes they cause, stamped with the wall clock: a record stamped
     * with its window's event time would be rejected by the broker when ahead of its clock
     * ({@code log.message.timestamp.after.max.ms}) and deleted by time-based retention when older than
     * {@code retention.ms}. The window is in the record itself. Returns whether the window stays out of the model's
     * reference (a drift alert of the model fires or is pending).
     */
    private boolean emit(String model, WindowScorer.Closed window) {
        long timestamp = context.currentSystemTimeMs();
        for (ScoreRecord score : window.scores()) {
            context.forward(new Record<>(score.key(), Emitted.score(score), timestamp));
            listener.onScore(score);
        }
        ModelVerdict verdict = window.verdict();
        context.forward(new Record<>(verdict.key(), Emitted.verdict(verdict), timestamp));
        listener.onVerdict(verdict);
        AlertEngine.Judgement judgement = alertEngine.judge(alertsOf(model), window);
        forwardAlerts(judgement.changes(), timestamp);
        return judgement.holdReference();
    }

    /** The events record of a quiet window (no verdict: there is nothing to test), with the alert changes it causes. */
    private void emitQuiet(String model, ScoreRecord score) {
        long timestamp = context.currentSystemTimeMs();
        context.forward(new Record<>(score.key(), Emitted.score(score), timestamp));
        listener.onScore(score);
        forwardAlerts(alertEngine.evaluate(alertsOf(model), score), timestamp);
    }

    /** A window's final performance, stamped with the wall clock as scores are, and the alert changes it causes. */
    private void emitPerformance(PerformanceRecord performance) {
        long timestamp = context.currentSystemTimeMs();
        ModelAlerts modelAlerts = alertsOf(performance.model());
        context.forward(new Record<>(performance.model(), Emitted.performance(performance), timestamp));
        listener.onPerformance(performance);
        forwardAlerts(alertEngine.evaluate(modelAlerts, performance), timestamp);
    }

    /** A window's estimated performance, stamped with the wall clock as scores are, and the alert changes it causes. */
    private void emitEstimate(EstimatedPerformance estimate) {
        long timestamp = context.currentSystemTimeMs();
        context.forward(new Record<>(estimate.model(), Emitted.estimate(estimate), timestamp));
        listener.onEstimate(estimate);
        forwardAlerts(alertEngine.evaluate(alertsOf(estimate.model()), estimate), timestamp);
    }

    /** A header of the record as UTF-8 (a segment key may name one), or null. */
    private static String header(Record<String, Parsed> record, String name) {
        return HeaderValues.string(record.headers(), name);
    }

    /** The model's alert states, marked to be written back (the engine changes them in place). */
    private ModelAlerts alertsOf(String model) {
        ModelAlerts modelAlerts = alerts.get(model);
        if (modelAlerts == null) {
            modelAlerts = new ModelAlerts();
            alerts.put(model, modelAlerts);
        } else {
            alerts.markDirty(model);
        }
        return modelAlerts;
    }

    private void forwardAlerts(List<AlertRecord> changes, long timestamp) {
        for (AlertRecord alert : changes) {
            context.forward(new Record<>(alert.key(), Emitted.alert(alert), timestamp));
            listener.onAlertState(alert.model(), alert.signal(), alert.rule(), alert.severity(), AlertRecord.FIRING.equals(alert.status()));
            listener.onAlert(alert);
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
        listener.onModelsReleased(windows.models());
    }
}
