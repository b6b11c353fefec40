package io.kdrift.topology;

import io.kdrift.alert.AlertEngine;
import io.kdrift.codec.AlertJson;
import io.kdrift.codec.EventParser;
import io.kdrift.codec.PerformanceJson;
import io.kdrift.codec.ScoreJson;
import io.kdrift.codec.VerdictJson;
import io.kdrift.config.InputSettings;
import io.kdrift.config.KdriftConfig;
import io.kdrift.time.Backlog;
import io.kdrift.time.Channel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * kdrift's Kafka Streams topology. Every node, store and internal topic is named, so that names stay
 * stable across versions (they are part of the state's identity).
 *
 * <pre>
 * input 1 (kdrift) ─ parse ─┬─ rejected ───────────────────────────────────────────────────┐
 *                           ├─ keyed by model (record key = model) ──────────┐             │
 *                           └─ no key ─┐                                      │             │
 * input 2 (mapping) ─ parse ─ events ──┴─ repartition by model ─ parse ──────┤             │
 * input 3 (oip, kserve, ...) ─ parse ─ requests, responses ─ repartition by   │             │
 *                                      model ─ parse ─ join by id ───────────┴─ drift ─┬─ dead letters → predictions-dlq
 *                                                                                       ├─ scores → drift-scores
 *                                                                                       └─ alert changes → drift-alerts
 * </pre>
 * Records of the first input whose key is the model id are already partitioned by model and skip the repartition
 * topic. When a model's reference is pinned, the reference topic (baselines) is read into a global store; with label
 * topics, labels hop by model to the drift step too (docs/performance.md).
 */
public final class DriftTopology {
    /** Name of the repartition topic, inside the application's namespace: {@code <application.id>-kdrift-events-by-model-repartition}. */
    public static final String REPARTITION = "kdrift-events-by-model";
    /** With labels: the internal topic that brings each keyed event to the partition its model's labels go to. */
    public static final String KEYED_REPARTITION = "kdrift-keyed-events-by-model";
    /** The internal topic that brings each request and response of a serving layer to the partition of its model. */
    public static final String HALVES_REPARTITION = "kdrift-halves-by-model";
    /** Header set by {@code kdrift replay} on the records of envelopes: the record timestamp the envelope gave, milliseconds. */
    public static final String REPLAY_TIMESTAMP_HEADER = "kdrift-replay-timestamp";
    /** The internal topic that brings each label to the partition of its model. */
    public static final String LABELS_REPARTITION = "kdrift-labels-by-model";

    private DriftTopology() {
    }

    /** Where the topology runs. */
    public enum Mode {
        /** Against Kafka: durable, changelogged state; the record timestamp is the default event time. */
        KAFKA,
        /** {@code kdrift replay}: state in memory only; events must carry their own timestamp. */
        REPLAY
    }

    /**
     * How an input or label topic is read: from its start when the application has no committed offset. Said per
     * source (not by auto.offset.reset) so that Kafka Streams resets positions itself: its consumer then reports a
     * position the broker deleted (OffsetOutOfRangeException), which run.LostRecordsWatch counts, instead of
     * resetting it silently.
     */
    static Consumed<byte[], byte[]> inputConsumed(String name) {
        return Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name)
                .withOffsetResetPolicy(org.apache.kafka.streams.AutoOffsetReset.earliest());
    }

    public static Topology build(KdriftConfig config, EventCounters counters, Mode mode) {
        return build(config, counters, ScoreListener.NONE, mode);
    }

    public static Topology build(KdriftConfig config, EventCounters counters, ScoreListener listener, Mode mode) {
        return build(config, counters, listener, mode, config.topics().partitions());
    }

    /**
     * @param inputPartitions the input topic's partitions: labels are repartitioned by model into as many, so that a
     *                        model's labels meet its predictions in the same task
     */
    public static Topology build(KdriftConfig config, EventCounters counters, ScoreListener listener, Mode mode, int inputPartitions) {
        return build(config, counters, listener, mode, inputPartitions, Backlog.NONE);
    }

    /**
     * @param backlog the input and label partitions with records waiting since the instance started: each task's clocks
     *                wait for them to be read (io.kdrift.time.Watermarks), so that a source that Kafka Streams comes to
     *                later is not outrun; {@link Backlog#NONE}: only the partitions heard count
     */
    public static Topology build(KdriftConfig config, EventCounters counters, ScoreListener listener, Mode mode, int inputPartitions,
                                 Backlog backlog) {
        boolean replay = mode == Mode.REPLAY;
        // how often each input partition's progress is sent on to every task (what a task's clock lags behind by, at most)
        long markEveryMs = Math.max(10, Math.min(1000, config.window().idleAfter().toMillis() / 10));
        EventParser parser = new EventParser(config.limits().toEventLimits());
        long maxAheadMs = config.window().maxAheadMs();
        StreamsBuilder builder = new StreamsBuilder();
        boolean durable = mode != Mode.REPLAY;
        builder.addStateStore(new ObjectStoreBuilder<>(DriftProcessor.MODEL_STORE, StateSerdes.MODEL, durable));
        builder.addStateStore(new ObjectStoreBuilder<>(DriftProcessor.WINDOW_STORE, StateSerdes.WINDOW, durable));
        builder.addStateStore(new ObjectStoreBuilder<>(DriftProcessor.CLOCK_STORE, StateSerdes.CLOCK, durable));
        builder.addStateStore(new ObjectStoreBuilder<>(DriftProcessor.SAMPLE_STORE, StateSerdes.SAMPLE, durable));
        builder.addStateStore(new ObjectStoreBuilder<>(DriftProcessor.ALERT_STORE, StateSerdes.ALERTS, durable));
        AlertEngine alertEngine = new AlertEngine(config);
        // pinned baselines, and re-baseline requests of any model
        Baselines.addTo(builder, config.topics().reference());

        // each input is read in its format; what it gives goes one of four ways: rejected, keyed by model already (the
        // first input's records whose key is their model), to a hop by model (records without a key, records of another
        // shape, keyed records of other inputs or on another partition), or, for a serving layer's halves, to a hop by
        // model and the join of each request with its response
        List<KStream<String, Parsed>> rejectedInputs = new ArrayList<>();
        List<KStream<String, Parsed>> direct = new ArrayList<>();
        List<KStream<String, Parsed>> unkeyed = new ArrayList<>();
        List<KStream<String, Parsed>> keyedElsewhere = new ArrayList<>();
        List<KStream<String, Parsed>> halves = new ArrayList<>();
        for (int i = 0; i < config.inputs().size(); i++) {
            InputSettings in = config.inputs().get(i);
            String n = i == 0 ? "" : "-" + i; // the first input keeps the names nodes had when there was one
            Consumed<byte[], byte[]> consumed = inputConsumed("kdrift-input" + n);
            KStream<byte[], byte[]> input = in.pattern() != null ? builder.stream(Pattern.compile(in.pattern()), consumed)
                    : builder.stream(in.namedTopics(), consumed);
            KStream<String, Parsed> parsed = input.process(() -> ParseProcessor.of(in, parser, counters, !replay, maxAheadMs, markEveryMs),
                    Named.as("kdrift-parse" + n));
            // progress markers go every way the input's records go: each task that keeps a clock hears of every partition
            BranchedKStream<String, Parsed> branches = parsed.split(Named.as("kdrift-route" + n + "-"))
                    .branch((model, p) -> p.isProgress(), Branched.as("progress"))
                    .branch((model, p) -> p.isRejected(), Branched.as("rejected"));
            if (in.inference()) {
                Map<String, KStream<String, Parsed>> routes = branches.defaultBranch(Branched.as("halves"));
                halves.add(routes.get("kdrift-route" + n + "-halves"));
                halves.add(routes.get("kdrift-route" + n + "-progress"));
                rejectedInputs.add(routes.get("kdrift-route" + n + "-rejected"));
                continue;
            }
            Map<String, KStream<String, Parsed>> routes = branches
                    .branch((model, p) -> p.rawKey() == null || p.rawKey().length == 0, Branched.as("unkeyed"))
                    .defaultBranch(Branched.as("keyed"));
            KStream<String, Parsed> progress = routes.get("kdrift-route" + n + "-progress");
            rejectedInputs.add(routes.get("kdrift-route" + n + "-rejected"));
            unkeyed.add(routes.get("kdrift-route" + n + "-unkeyed"));
            unkeyed.add(progress);
            KStream<String, Parsed> keyed = routes.get("kdrift-route" + n + "-keyed");
            if (i > 0 || in.namedTopics().size() != 1) {
                // only the first input's topic has the partitions of kdrift's repartition topics
                keyedElsewhere.add(keyed);
                keyedElsewhere.add(progress);
            } else if (config.labels().enabled() && !replay) {
                // a model's labels are brought to the partition Kafka's own partitioner gives it (murmur2 of the model id);
                // its keyed predictions may have been put elsewhere (librdkafka's default partitioner, kcat, custom ones):
                // those take the same hop, so that predictions and labels of a model meet in one task. Those already there
                // (a Java producer's) stay where they are.
                Map<String, KStream<String, Parsed>> placed = keyed.split(Named.as("kdrift-keyed-"))
                        .branch((model, p) -> p.onPartitionOfModel(model, inputPartitions), Branched.as("in-place"))
                        .defaultBranch(Branched.as("elsewhere"));
                keyedElsewhere.add(placed.get("kdrift-keyed-elsewhere"));
                keyedElsewhere.add(progress);
                direct.add(placed.get("kdrift-keyed-in-place"));
                direct.add(progress);
            } else {
                direct.add(keyed);
                direct.add(progress);
            }
        }
        List<KStream<String, Parsed>> driftInputs = new ArrayList<>(direct);
        if (replay) {
            // replay runs one task: nothing needs a hop, the parser has keyed every event by its model
            driftInputs.addAll(unkeyed);
            driftInputs.addAll(keyedElsewhere);
        } else {
            if (!unkeyed.isEmpty()) {
                // parsed a second time after the hop: events without a key are the rarer path, and carrying the original
                // bytes keeps what reaches the dead-letter topic exactly what was sent; the key goes back to null, as it
                // was, and the model comes from the event again
                driftInputs.add(hop(merged(unkeyed, "kdrift-unkeyed-merge"), REPARTITION, inputPartitions, false,
                        new HopNames("kdrift-source-headers", "kdrift-unkeyed-raw", "kdrift-reparse"),
                        () -> ParseProcessor.afterHop(REPARTITION, parser, counters, maxAheadMs)));
            }
            if (!keyedElsewhere.isEmpty()) {
                driftInputs.add(hop(merged(keyedElsewhere, "kdrift-keyed-elsewhere-merge"), KEYED_REPARTITION, inputPartitions, true,
                        new HopNames("kdrift-keyed-source-headers", "kdrift-keyed-raw", "kdrift-keyed-reparse"),
                        () -> ParseProcessor.afterHop(KEYED_REPARTITION, parser, counters, maxAheadMs)));
            }
        }
        if (!halves.isEmpty()) {
            builder.addStateStore(new ObjectStoreBuilder<>(JoinedRequests.WAITING_STORE, StateSerdes.WAITING_HALF, durable).notRetained());
            builder.addStateStore(new ObjectStoreBuilder<>(JoinedRequests.EXPIRY_STORE, StateSerdes.EXPIRY_BUCKET, durable).notRetained());
            KStream<String, Parsed> byModel = merged(halves, "kdrift-halves-merge");
            if (!replay) {
                // a request and its response may come from two topics, partitioned as their producers chose: each half
                // hops to the partition of its model, where the two meet
                byModel = hop(byModel, HALVES_REPARTITION, inputPartitions, false,
                        new HopNames("kdrift-halves-source-headers", "kdrift-halves-raw", "kdrift-halves-reparse"),
                        () -> ParseProcessor.afterHop(HALVES_REPARTITION, parser, counters, maxAheadMs));
            }
            // the halves are joined in the drift processor's task, by its prediction clock
            driftInputs.add(byModel);
        }
        KStream<String, Parsed> driftInput = merged(driftInputs, "kdrift-merge");
        List<String> driftStores = new ArrayList<>(List.of(DriftProcessor.MODEL_STORE, DriftProcessor.WINDOW_STORE, DriftProcessor.CLOCK_STORE,
                DriftProcessor.ALERT_STORE, DriftProcessor.SAMPLE_STORE));
        if (!halves.isEmpty()) {
            driftStores.addAll(List.of(JoinedRequests.STORES));
        }
        KStream<String, Parsed> rejectedLabels = null;
        if (config.labels().enabled()) {
            // millions of waiting predictions over a day's horizon: in RocksDB, not in memory
            builder.addStateStore(new ObjectStoreBuilder<>(JoinedLabels.PENDING_STORE, StateSerdes.PENDING, durable).notRetained());
            builder.addStateStore(new ObjectStoreBuilder<>(JoinedLabels.EARLY_STORE, StateSerdes.EARLY_LABEL, durable).notRetained());
            builder.addStateStore(new ObjectStoreBuilder<>(JoinedLabels.EXPIRY_STORE, StateSerdes.EXPIRY_BUCKET, durable).notRetained());
            builder.addStateStore(new ObjectStoreBuilder<>(JoinedLabels.WINDOW_STORE, StateSerdes.PERFORMANCE_WINDOW, durable));
            builder.addStateStore(new ObjectStoreBuilder<>(JoinedLabels.REFERENCE_STORE, StateSerdes.PERFORMANCE_REFERENCE, durable));
            driftStores.addAll(List.of(JoinedLabels.STORES));
            Map<String, KStream<String, Parsed>> labelRoutes = builder.stream(config.labels().topics(),
                            inputConsumed("kdrift-labels"))
                    .process(() -> ParseProcessor.labels(parser, counters, !replay, maxAheadMs, config.labels().mapping(), markEveryMs),
                            Named.as("kdrift-labels-parse"))
                    .split(Named.as("kdrift-labels-route-"))
                    .branch((model, p) -> p.isProgress(), Branched.as("progress"))
                    .branch((model, p) -> p.isRejected(), Branched.as("rejected"))
                    .defaultBranch(Branched.as("accepted"));
            rejectedLabels = labelRoutes.get("kdrift-labels-route-rejected");
            // a label topic is keyed and partitioned as its producer chose (often by prediction id): every label hops
            // to the partition of its model, as many as the input has, where that model's predictions are
            KStream<String, Parsed> accepted = labelRoutes.get("kdrift-labels-route-accepted")
                    .merge(labelRoutes.get("kdrift-labels-route-progress"), Named.as("kdrift-labels-progress-merge"));
            KStream<String, Parsed> labelsByModel = replay ? accepted
                    : hop(accepted, LABELS_REPARTITION, inputPartitions, true,
                            new HopNames("kdrift-labels-source-headers", "kdrift-labels-raw", "kdrift-labels-reparse"),
                            () -> ParseProcessor.labelsAfterHop(LABELS_REPARTITION, parser, counters, maxAheadMs, config.labels().mapping()));
            driftInput = driftInput.merge(labelsByModel, Named.as("kdrift-labels-merge"));
        }
        KStream<String, Emitted> emitted = driftInput
                .process(() -> new DriftProcessor(config, alertEngine, counters, listener, !replay, backlog, !halves.isEmpty()),
                        Named.as("kdrift-drift"),
                        driftStores.toArray(new String[0]));
        Map<String, KStream<String, Emitted>> outputs = emitted.split(Named.as("kdrift-out-"))
                .branch((key, e) -> e instanceof Emitted.Score, Branched.as("scores"))
                .branch((key, e) -> e instanceof Emitted.Alert, Branched.as("alerts"))
                .branch((key, e) -> e instanceof Emitted.Late, Branched.as("late"))
                .branch((key, e) -> e instanceof Emitted.Performance, Branched.as("performance"))
                .branch((key, e) -> e instanceof Emitted.Verdict, Branched.as("verdicts"))
                .defaultBranch(Branched.as("rejected"));

        KStream<String, Emitted> late = outputs.get("kdrift-out-late");
        if (config.topics().late() != null) {
            late.map((model, e) -> KeyValue.pair(((Emitted.Late) e).late().rawKey(), ((Emitted.Late) e).late().rawValue()), Named.as("kdrift-late-raw"))
                    .to(config.topics().late(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("kdrift-late"));
        }

        outputs.get("kdrift-out-alerts")
                .mapValues(e -> AlertJson.toJson(((Emitted.Alert) e).alert()), Named.as("kdrift-alert-json"))
                .to(config.topics().alerts(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("kdrift-alerts"));

        outputs.get("kdrift-out-scores")
                .mapValues(e -> ScoreJson.toJson(((Emitted.Score) e).score()), Named.as("kdrift-score-json"))
                .to(config.topics().scores(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("kdrift-scores"));

        outputs.get("kdrift-out-verdicts")
                .mapValues(e -> VerdictJson.toJson(((Emitted.Verdict) e).verdict()), Named.as("kdrift-verdict-json"))
                .to(config.topics().verdicts(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("kdrift-verdicts"));

        if (config.labels().enabled()) {
            outputs.get("kdrift-out-performance")
                    .mapValues(e -> PerformanceJson.toJson(((Emitted.Performance) e).performance()), Named.as("kdrift-performance-json"))
                    .to(config.topics().performance(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("kdrift-performance"));
        }

        KStream<String, Parsed> rejected = merged(rejectedInputs, "kdrift-inputs-rejected-merge");
        if (rejectedLabels != null) {
            rejected = rejected.merge(rejectedLabels, Named.as("kdrift-labels-rejected-merge"));
        }
        rejected
                .merge(outputs.get("kdrift-out-rejected").mapValues(e -> ((Emitted.Rejected) e).rejected(), Named.as("kdrift-drift-rejected")),
                        Named.as("kdrift-rejected-merge"))
                .process(DeadLetterProcessor::new, Named.as("kdrift-dead-letter"))
                .to(config.topics().deadLetter(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("kdrift-dlq"));
        return builder.build();
    }

    /**
     * The hops by which the records of a partition (of {@code source}'s topic) reach the drift processor, as {@link #build}
     * routes them: each is a channel of its own (io.kdrift.time.Watermarks). Progress markers take every one of them, so
     * each is heard.
     */
    static java.util.function.Function<Channel, Collection<String>> viasOf(KdriftConfig config, boolean replay) {
        return source -> {
            if (replay) {
                return List.of(Channel.REPLAY);
            }
            if (source.labels()) {
                return List.of(LABELS_REPARTITION);
            }
            for (int i = 0; i < config.inputs().size(); i++) {
                InputSettings in = config.inputs().get(i);
                if (!in.reads(source.topic())) {
                    continue;
                }
                if (in.inference()) {
                    return List.of(HALVES_REPARTITION);
                }
                if (i > 0 || in.namedTopics().size() != 1) {
                    return List.of(REPARTITION, KEYED_REPARTITION);
                }
                // its records read in place (Channel.DIRECT, in the task of their partition) are never in flight: that
                // channel counts once heard, and waits for nothing before
                return config.labels().enabled() ? List.of(REPARTITION, KEYED_REPARTITION) : List.of(REPARTITION);
            }
            return List.of();
        };
    }

    /** The names of a hop's nodes: they are part of the topology's identity, so each hop keeps its own. */
    private record HopNames(String sourceHeaders, String raw, String reparse) {
    }

    /**
     * A hop by model: the records' original bytes (with where they came from in headers) through the internal topic
     * {@code topic} of {@code partitions}, keyed by model, then parsed again by {@code parse} as they came, keyed by
     * the model again ({@code keyed}) or by nothing; progress markers go to every partition ({@link ProgressMarker}).
     */
    private static KStream<String, Parsed> hop(KStream<String, Parsed> stream, String topic, int partitions, boolean keyed, HopNames names,
                                               java.util.function.Supplier<ParseProcessor> parse) {
        return stream
                .processValues(SourceHeaders::new, Named.as(names.sourceHeaders()))
                .mapValues(Parsed::rawValue, Named.as(names.raw()))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(topic).withNumberOfPartitions(partitions)
                        .withStreamPartitioner(new ProgressMarker.HopPartitioner()))
                .process(() -> new HopArrival(topic, keyed, parse.get()), Named.as(names.reparse()));
    }

    /** One stream of {@code streams}: the one, or their merge named {@code name}. */
    private static KStream<String, Parsed> merged(List<KStream<String, Parsed>> streams, String name) {
        KStream<String, Parsed> out = streams.get(0);
        for (int i = 1; i < streams.size(); i++) {
            out = out.merge(streams.get(i), Named.as(name + (i == 1 ? "" : "-" + i)));
        }
        return out;
    }

    /** Records where an unkeyed event came from, so that a later rejection can still name it. */
    private static final class SourceHeaders implements FixedKeyProcessor<String, Parsed, Parsed> {
        private FixedKeyProcessorContext<String, Parsed> context;

        @Override
        public void init(FixedKeyProcessorContext<String, Parsed> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, Parsed> record) {
            if (record.value().isProgress()) {
                context.forward(record); // a marker says where it came from itself (and is sent from a punctuation)
                return;
            }
            context.recordMetadata().ifPresent(meta -> {
                record.headers().remove(DeadLetterProcessor.SOURCE_TOPIC).add(DeadLetterProcessor.SOURCE_TOPIC, HeaderValues.utf8(meta.topic()));
                record.headers().remove(DeadLetterProcessor.SOURCE_PARTITION).add(DeadLetterProcessor.SOURCE_PARTITION,
                        HeaderValues.utf8(meta.partition()));
                record.headers().remove(DeadLetterProcessor.SOURCE_OFFSET).add(DeadLetterProcessor.SOURCE_OFFSET, HeaderValues.utf8(meta.offset()));
            });
            context.forward(record);
        }
    }
}
