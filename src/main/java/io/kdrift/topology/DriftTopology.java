package io.kdrift.topology;

import io.kdrift.alert.AlertEngine;
import io.kdrift.codec.AlertJson;
import io.kdrift.codec.EventParser;
import io.kdrift.codec.PerformanceJson;
import io.kdrift.codec.ScoreJson;
import io.kdrift.config.KdriftConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
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
 * predictions ─ parse ─┬─ rejected ──────────────────────────────────────────┐
 *                      ├─ keyed by model (record key = model) ──┐            │
 *                      └─ no key ─ repartition by model ─ parse ┴─ drift ─┬─ dead letters → predictions-dlq
 *                                                                          ├─ scores → drift-scores
 *                                                                          └─ alert changes → drift-alerts
 * </pre>
 * Records whose key is the model id are already partitioned by model and skip the repartition topic.
 * When a model's reference is pinned, the reference topic (baselines) is read into a global store.
 */
public final class DriftTopology {
    /** Name of the repartition topic, inside the application's namespace: {@code <application.id>-kdrift-events-by-model-repartition}. */
    public static final String REPARTITION = "kdrift-events-by-model";
    /** With labels: the internal topic that brings each keyed event to the partition its model's labels go to. */
    public static final String KEYED_REPARTITION = "kdrift-keyed-events-by-model";
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
        boolean replay = mode == Mode.REPLAY;
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
        if (config.usesPinnedReference()) {
            Baselines.addTo(builder, config.topics().reference());
        }

        KStream<byte[], byte[]> input = builder.stream(config.topics().input(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("kdrift-input"));
        // records of another shape become events of kdrift's own, without a key: they take the hop by model below
        KStream<String, Parsed> parsed = config.input().mapped()
                ? input.process(() -> ParseProcessor.mapped(parser, counters, !replay, maxAheadMs, config.input().mapping()), Named.as("kdrift-parse"))
                : input.process(() -> new ParseProcessor(parser, counters, !replay, maxAheadMs), Named.as("kdrift-parse"));
        Map<String, KStream<String, Parsed>> routes = parsed.split(Named.as("kdrift-route-"))
                .branch((model, p) -> p.isRejected(), Branched.as("rejected"))
                .branch((model, p) -> p.rawKey() == null || p.rawKey().length == 0, Branched.as("unkeyed"))
                .defaultBranch(Branched.as("keyed"));

        // replay runs one task: records without a key need no repartitioning, the parser has keyed them by model
        KStream<String, Parsed> rekeyed = replay ? routes.get("kdrift-route-unkeyed") : routes.get("kdrift-route-unkeyed")
                .processValues(SourceHeaders::new, Named.as("kdrift-source-headers"))
                .mapValues(Parsed::rawValue, Named.as("kdrift-unkeyed-raw"))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(REPARTITION))
                // parsed a second time after the hop: events without a key are the rarer path, and
                // carrying the original bytes keeps what reaches the dead-letter topic exactly what was sent;
                // the key goes back to null, as it was, and the model comes from the event again
                .map((model, raw) -> KeyValue.pair((byte[]) null, raw), Named.as("kdrift-rekeyed-unkey"))
                .process(() -> new ParseProcessor(parser, counters, !replay, maxAheadMs), Named.as("kdrift-reparse"));

        KStream<String, Parsed> keyed = routes.get("kdrift-route-keyed");
        if (config.labels().enabled() && !replay) {
            // a model's labels are brought to the partition Kafka's own partitioner gives it (murmur2 of the model id);
            // its keyed predictions may have been put elsewhere (librdkafka's default partitioner, kcat, custom ones):
            // those take the same hop, so that predictions and labels of a model meet in one task. Those already there
            // (a Java producer's) stay where they are.
            Map<String, KStream<String, Parsed>> placed = keyed.split(Named.as("kdrift-keyed-"))
                    .branch((model, p) -> p.onPartitionOfModel(model, inputPartitions), Branched.as("in-place"))
                    .defaultBranch(Branched.as("elsewhere"));
            keyed = placed.get("kdrift-keyed-elsewhere")
                    .processValues(SourceHeaders::new, Named.as("kdrift-keyed-source-headers"))
                    .mapValues(Parsed::rawValue, Named.as("kdrift-keyed-raw"))
                    .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(KEYED_REPARTITION)
                            .withNumberOfPartitions(inputPartitions))
                    .map((model, raw) -> KeyValue.pair(model.getBytes(StandardCharsets.UTF_8), raw), Named.as("kdrift-keyed-rekeyed"))
                    .process(() -> new ParseProcessor(parser, counters, !replay, maxAheadMs), Named.as("kdrift-keyed-reparse"))
                    .merge(placed.get("kdrift-keyed-in-place"), Named.as("kdrift-keyed-merge"));
        }
        KStream<String, Parsed> driftInput = keyed.merge(rekeyed, Named.as("kdrift-merge"));
        List<String> driftStores = new ArrayList<>(List.of(DriftProcessor.MODEL_STORE, DriftProcessor.WINDOW_STORE, DriftProcessor.CLOCK_STORE,
                DriftProcessor.ALERT_STORE, DriftProcessor.SAMPLE_STORE));
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
                            Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("kdrift-labels"))
                    .process(() -> ParseProcessor.labels(parser, counters, !replay, maxAheadMs, config.labels().mapping()), Named.as("kdrift-labels-parse"))
                    .split(Named.as("kdrift-labels-route-"))
                    .branch((model, p) -> p.isRejected(), Branched.as("rejected"))
                    .defaultBranch(Branched.as("accepted"));
            rejectedLabels = labelRoutes.get("kdrift-labels-route-rejected");
            // a label topic is keyed and partitioned as its producer chose (often by prediction id): every label hops
            // to the partition of its model, as many as the input has, where that model's predictions are
            KStream<String, Parsed> labelsByModel = replay ? labelRoutes.get("kdrift-labels-route-accepted") : labelRoutes
                    .get("kdrift-labels-route-accepted")
                    .processValues(SourceHeaders::new, Named.as("kdrift-labels-source-headers"))
                    .mapValues(Parsed::rawValue, Named.as("kdrift-labels-raw"))
                    .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(LABELS_REPARTITION)
                            .withNumberOfPartitions(inputPartitions))
                    .map((model, raw) -> KeyValue.pair(model.getBytes(StandardCharsets.UTF_8), raw), Named.as("kdrift-labels-keyed"))
                    .process(() -> ParseProcessor.labels(parser, counters, !replay, maxAheadMs, config.labels().mapping()),
                            Named.as("kdrift-labels-reparse"));
            driftInput = driftInput.merge(labelsByModel, Named.as("kdrift-labels-merge"));
        }
        KStream<String, Emitted> emitted = driftInput
                .process(() -> new DriftProcessor(config, alertEngine, counters, listener, !replay), Named.as("kdrift-drift"),
                        driftStores.toArray(new String[0]));
        Map<String, KStream<String, Emitted>> outputs = emitted.split(Named.as("kdrift-out-"))
                .branch((key, e) -> e instanceof Emitted.Score, Branched.as("scores"))
                .branch((key, e) -> e instanceof Emitted.Alert, Branched.as("alerts"))
                .branch((key, e) -> e instanceof Emitted.Late, Branched.as("late"))
                .branch((key, e) -> e instanceof Emitted.Performance, Branched.as("performance"))
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

        if (config.labels().enabled()) {
            outputs.get("kdrift-out-performance")
                    .mapValues(e -> PerformanceJson.toJson(((Emitted.Performance) e).performance()), Named.as("kdrift-performance-json"))
                    .to(config.topics().performance(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("kdrift-performance"));
        }

        KStream<String, Parsed> rejected = routes.get("kdrift-route-rejected");
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

    /** Records where an unkeyed event came from, so that a later rejection can still name it. */
    private static final class SourceHeaders implements FixedKeyProcessor<String, Parsed, Parsed> {
        private FixedKeyProcessorContext<String, Parsed> context;

        @Override
        public void init(FixedKeyProcessorContext<String, Parsed> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, Parsed> record) {
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
