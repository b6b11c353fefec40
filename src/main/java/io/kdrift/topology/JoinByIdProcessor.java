package io.kdrift.topology;

import io.kdrift.codec.EventJson;
import io.kdrift.config.KdriftConfig;
import io.kdrift.drift.WindowClock;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.Rejection;
import io.kdrift.time.Backlog;
import io.kdrift.time.Channel;
import io.kdrift.time.Watermarks;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The join of a serving layer's halves whose requests name no model (io.kdrift.config.InputSettings#joinsById), a stage
 * of its own: the halves come by the hop by id ({@link DriftTopology#HALVES_BY_ID_REPARTITION}), both halves of a
 * prediction to one task; what it hands on, a prediction joined or a half alone, goes keyed by its model through the hop
 * {@link DriftTopology#JOINED_REPARTITION} to the drift step. A request alone names no model: it goes to the dead-letter
 * topic.
 *
 * <p>Its clock is the least progress of the input partitions that feed it ({@link Watermarks}), as the drift step's is.
 * It tells that clock to every drift task, for every input partition it knows, by progress markers of its own way
 * ({@link #wayOf}: the hop and this task's partition), sent after the halves the clock released: a drift task's clock
 * never passes a join task's, so a half that waited until its window's close is still counted in that window.
 */
final class JoinByIdProcessor implements Processor<String, Parsed, String, Parsed> {
    private static final Logger LOG = LoggerFactory.getLogger(JoinByIdProcessor.class);
    static final String WAITING_STORE = "kdrift-request-by-id-waiting";
    static final String EXPIRY_STORE = "kdrift-request-by-id-expiry";
    static final String CLOCK_STORE = "kdrift-request-by-id-clock";
    /** Header of what goes through the hop {@link DriftTopology#JOINED_REPARTITION}: the partition of the join task that sent it. */
    static final String JOIN_TASK_HEADER = "kdrift-join-task";

    private final KdriftConfig config;
    private final EventCounters counters;
    private final Backlog backlog;
    private final Function<Channel, Collection<String>> viasOf;
    private final long markEveryMs;
    private ProcessorContext<String, Parsed> context;
    private Watermarks clocks;
    private JoinedRequests join;
    private byte[] task;
    private long sentClock = Long.MIN_VALUE;
    private long lastLogged;
    /** The half being joined; null in a punctuation. */
    private Record<String, Parsed> current;

    /**
     * @param viasOf      the ways an input partition's records reach this task (the hop by id)
     * @param markEveryMs how often the clock is told on
     */
    JoinByIdProcessor(KdriftConfig config, EventCounters counters, Backlog backlog, Function<Channel, Collection<String>> viasOf, long markEveryMs) {
        this.config = config;
        this.counters = counters;
        this.backlog = backlog;
        this.viasOf = viasOf;
        this.markEveryMs = markEveryMs;
    }

    /** The way by which what the join task of partition {@code task} hands on reaches the drift step: a channel of its own. */
    static String wayOf(int task) {
        return DriftTopology.JOINED_REPARTITION + "#" + task;
    }

    /** Whether {@code via} is the way of a join task: its records do not move a clock, its markers do ({@link #wayOf}). */
    static boolean isJoinedWay(String via) {
        return via.startsWith(DriftTopology.JOINED_REPARTITION + "#");
    }

    /** The partition of the join task whose way {@code via} is ({@link #wayOf}). */
    static int joinTaskOf(String via) {
        return Integer.parseInt(via.substring(DriftTopology.JOINED_REPARTITION.length() + 1));
    }

    @Override
    public void init(ProcessorContext<String, Parsed> context) {
        this.context = context;
        this.task = HeaderValues.utf8(context.taskId().partition());
        long now = context.currentSystemTimeMs();
        clocks = new Watermarks(config.window().idleAfter().toMillis(), context.getStateStore(CLOCK_STORE), backlog, viasOf,
                HopPartitions.of(context.taskId().partition()), Long.MIN_VALUE, now);
        join = new JoinedRequests(context, new String[] {WAITING_STORE, EXPIRY_STORE}, config, counters, new WindowClock(config.window()),
                this::handOn, this::refuse);
        context.schedule(Duration.ofMillis(markEveryMs), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, Parsed> record) {
        Parsed parsed = record.value();
        long now = context.currentSystemTimeMs();
        if (parsed.channel() != null && clocks.heard(parsed.channel(), parsed.eventTime(), now)) {
            join.advanceTo(clocks.predictionClock());
        }
        if (parsed.isProgress()) {
            return;
        }
        current = record;
        try {
            join.half(record, now);
        } finally {
            current = null;
        }
    }

    /**
     * The clock moves on with the wall clock too ({@link Watermarks#tick}); a move is told on, after what it released,
     * when it came from event time, or, from the wall clock (every input partition idle), while halves still wait: a
     * drift task's clock waits for them, and no longer (those ways then fall idle, and other inputs move it on).
     */
    private void tick(long wall) {
        boolean waited = join.mayHaveWaiting();
        if (LOG.isDebugEnabled() && wall - lastLogged >= 10_000) {
            lastLogged = wall;
            LOG.debug("join task {}: prediction clock {} (by wall {}), halves waiting {}, partitions heard {}", context.taskId(),
                    Instant.ofEpochMilli(clocks.predictionClock()), clocks.predictionClockByWall(), waited, clocks.progress());
        }
        if (clocks.tick(wall)) {
            join.advanceTo(clocks.predictionClock());
        }
        long clock = clocks.predictionClock();
        if (clock > sentClock && (!clocks.predictionClockByWall() || waited)) {
            sentClock = clock;
            long timestamp = Math.min(wall, Math.max(0, clock));
            for (Channel partition : clocks.partitions()) {
                Channel way = new Channel(DriftTopology.JOINED_REPARTITION, partition.topic(), partition.partition(), false);
                context.forward(new Record<>(ProgressMarker.KEY, Parsed.progress(way, clock), timestamp, withTask(new RecordHeaders())));
            }
        }
    }

    /** A prediction joined, or a half alone with a model: on to its model's drift task. */
    private void handOn(PredictionEvent event) {
        Channel from = current == null ? null : current.value().channel();
        Headers headers = withTask(new RecordHeaders());
        if (from != null) {
            // the input partition of the half that completed it: where a late one is said to come from
            headers.add(DeadLetterProcessor.SOURCE_TOPIC, HeaderValues.utf8(from.topic()));
            headers.add(DeadLetterProcessor.SOURCE_PARTITION, HeaderValues.utf8(from.partition()));
        }
        long timestamp = current == null ? context.currentSystemTimeMs() : current.timestamp();
        context.forward(new Record<>(event.model(), Parsed.made(event, from), timestamp, headers));
    }

    /** A request alone that names no model: to the dead-letter topic, as kdrift read it (a row of its record). */
    private void refuse(PredictionEvent request, Rejection why) {
        Headers headers = new RecordHeaders();
        if (current != null) {
            current.headers().forEach(h -> {
                if (h.key().startsWith("kdrift.source.")) {
                    headers.add(h);
                }
            });
        }
        long timestamp = current == null ? context.currentSystemTimeMs() : current.timestamp();
        context.forward(new Record<>((String) null, Parsed.rejected(null, EventJson.toJson(request), why), timestamp, headers));
    }

    private Headers withTask(Headers headers) {
        return headers.add(JOIN_TASK_HEADER, task);
    }
}
