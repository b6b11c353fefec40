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
import java.util.function.Function;
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
    /**
     * The changelog of the models' state, inside the application's namespace: its partitions are the state's, fixed at
     * the first start ({@link Partitioning}).
     */
    public static final String STATE_TOPIC = DriftProcessor.MODEL_STORE + "-changelog";
    /** Name of the repartition topic, inside the application's namespace: {@code <application.id>-kdrift-events-by-model-repartition}. */
    public static final String REPARTITION = "kdrift-events-by-model";
    /** With labels: the internal topic that brings each keyed event to the partition its model's labels go to. */
    public static final String KEYED_REPARTITION = "kdrift-keyed-events-by-model";
    /** The internal topic that brings the records without a key of inputs other than the first to the partition of their model. */
    public static final String INPUTS_REPARTITION = "kdrift-inputs-events-by-model";
    /** The internal topic that brings the keyed records of inputs other than the first to the partition of their model. */
    public static final String INPUTS_KEYED_REPARTITION = "kdrift-inputs-keyed-events-by-model";
    /** The internal topic that brings each request and response of a serving layer to the partition of its model. */
    public static final String HALVES_REPARTITION = "kdrift-halves-by-model";
    /**
     * The internal topic that brings each request and response of a serving layer whose requests name no model
     * (InputSettings#joinsById) to the partition of its join scope and id, where the two meet ({@link JoinByIdProcessor}).
     */
    public static final String HALVES_BY_ID_REPARTITION = "kdrift-halves-by-id";
    /** The internal topic that brings what the join by id hands on to the partition of its model. */
    public static final String JOINED_REPARTITION = "kdrift-joined-by-model";
    /** Header set by {@code kdrift replay} on the records of envelopes: the record timestamp the envelope gave, milliseconds. */
    public static final String REPLAY_TIMESTAMP_HEADER = "kdrift-replay-timestamp";
    /** In replay: the line of the file a record is (for its dead letter). */
    public static final String REPLAY_LINE_HEADER = "kdrift.replay.line";
    /**
     * In replay: a record that is a run of lines of the file, separated by newlines, whose line numbers this header
     * lists (comma-separated); the parse step reads each as the record of one line ({@link ParseProcessor}).
     */
    public static final String REPLAY_LINES_HEADER = "kdrift.replay.lines";
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
        return build(config, counters, listener, mode, Partitioning.inPlace(inputPartitions), Backlog.NONE);
    }

    /**
     * @param backlog the input and label partitions with records waiting since the instance started: each task's clocks
     *                wait for them to be read (io.kdrift.time.Watermarks), so that a source that Kafka Streams comes to
     *                later is not outrun; {@link Backlog#NONE}: only the partitions heard count
     */
    public static Topology build(KdriftConfig config, EventCounters counters, ScoreListener listener, Mode mode, Partitioning partitioning,
                                 Backlog backlog) {
        return new Steps(config, counters, mode, partitioning).build(listener, backlog);
    }

    /**
     * The steps of the topology, in the order they are added to the builder (which unnamed nodes' names depend on:
     * TopologyNamesTest): the drift step's stores; each input read in its format and routed; the hops that bring each
     * model's records to its task; the joins of a serving layer's halves; the labels; the drift step; its outputs.
     */
    private static final class Steps {
        private final KdriftConfig config;
        private final EventCounters counters;
        private final Partitioning partitioning;
        private final int inputPartitions;
        private final boolean replay;
        private final boolean durable;
        /** How often each input partition's progress is sent on to every task (what a task's clock lags behind by, at most). */
        private final long markEveryMs;
        private final EventParser parser;
        private final long maxAheadMs;
        private final StreamsBuilder builder = new StreamsBuilder();
        /** Records keyed by model already (the first input's records whose key is their model, read in place). */
        private final List<KStream<String, Parsed>> direct = new ArrayList<>();
        // the first input's hops and those of the others go through topics of their own: while the first input is read in
        // place, its tasks are the drift step's, and the other inputs' tasks (as many as their topics have partitions) are
        // not tied to them
        private final Hops first = new Hops();
        private final Hops others = new Hops();
        /** A serving layer's halves, joined by model in the drift step's task. */
        private final List<KStream<String, Parsed>> halves = new ArrayList<>();
        /** The halves of inputs whose requests name no model: joined by id in a stage of their own, then by model on. */
        private final List<KStream<String, Parsed>> halvesById = new ArrayList<>();

        Steps(KdriftConfig config, EventCounters counters, Mode mode, Partitioning partitioning) {
            this.config = config;
            this.counters = counters;
            this.partitioning = partitioning;
            this.inputPartitions = partitioning.count();
            this.replay = mode == Mode.REPLAY;
            this.durable = mode != Mode.REPLAY;
            this.markEveryMs = Math.max(10, Math.min(1000, config.window().idleAfter().toMillis() / 10));
            this.parser = new EventParser(config.limits().toEventLimits());
            this.maxAheadMs = config.window().maxAheadMs();
        }

        Topology build(ScoreListener listener, Backlog backlog) {
            builder.addStateStore(new ObjectStoreBuilder<>(DriftProcessor.MODEL_STORE, StateSerdes.MODEL, durable));
            builder.addStateStore(new ObjectStoreBuilder<>(DriftProcessor.WINDOW_STORE, StateSerdes.WINDOW, durable));
            builder.addStateStore(new ObjectStoreBuilder<>(DriftProcessor.CLOCK_STORE, StateSerdes.CLOCK, durable));
            builder.addStateStore(new ObjectStoreBuilder<>(DriftProcessor.SAMPLE_STORE, StateSerdes.SAMPLE, durable));
            builder.addStateStore(new ObjectStoreBuilder<>(DriftProcessor.ALERT_STORE, StateSerdes.ALERTS, durable));
            AlertEngine alertEngine = new AlertEngine(config);
            // pinned baselines, and re-baseline requests of any model
            Baselines.addTo(builder, config.topics().reference());
            for (int i = 0; i < config.inputs().size(); i++) {
                readInput(i);
            }
            List<KStream<String, Parsed>> driftInputs = new ArrayList<>(direct);
            hopByModel(driftInputs);
            if (!halves.isEmpty()) {
                driftInputs.add(joinedHalves());
            }
            if (!halvesById.isEmpty()) {
                driftInputs.add(joinedById(builder, halvesById, config, counters, backlog, partitioning, parser, maxAheadMs, markEveryMs));
            }
            KStream<String, Parsed> driftInput = merged(driftInputs, "kdrift-merge");
            List<String> driftStores = new ArrayList<>(List.of(DriftProcessor.MODEL_STORE, DriftProcessor.WINDOW_STORE, DriftProcessor.CLOCK_STORE,
                    DriftProcessor.ALERT_STORE, DriftProcessor.SAMPLE_STORE));
            if (!halves.isEmpty()) {
                driftStores.addAll(List.of(JoinedRequests.STORES));
            }
            if (config.labels().enabled()) {
                driftInput = withLabels(driftInput, driftStores);
            }
            KStream<String, Emitted> emitted = driftInput
                    .process(() -> new DriftProcessor(config, alertEngine, counters, listener, !replay, backlog,
                                    viasOf(config, replay, partitioning), !halves.isEmpty()),
                            Named.as("kdrift-drift"),
                            driftStores.toArray(new String[0]));
            writeOutputs(emitted);
            return builder.build();
        }

        /**
         * Input {@code i}, read in its format; what it gives goes one of four ways: rejected, keyed by model already (the
         * first input's records whose key is their model), to a hop by model (records without a key, records of another
         * shape, keyed records of other inputs or on another partition), or, for a serving layer's halves, to a hop by
         * model and the join of each request with its response.
         */
        private void readInput(int i) {
            InputSettings in = config.inputs().get(i);
            String n = i == 0 ? "" : "-" + i; // the first input keeps the names nodes had when there was one
            Consumed<byte[], byte[]> consumed = inputConsumed("kdrift-input" + n);
            KStream<byte[], byte[]> input = in.pattern() != null ? builder.stream(Pattern.compile(in.pattern()), consumed)
                    : builder.stream(in.namedTopics(), consumed);
            String idScope = !replay && in.joinsById() ? in.joinScope(i) : null;
            KStream<String, Parsed> parsed = input.process(() -> ParseProcessor.of(in, idScope, parser, counters, !replay, maxAheadMs, markEveryMs),
                    Named.as("kdrift-parse" + n));
            // progress markers go every way the input's records go: each task that keeps a clock hears of every partition
            BranchedKStream<String, Parsed> branches = parsed.split(Named.as("kdrift-route" + n + "-"))
                    .branch((model, p) -> p.isProgress(), Branched.as("progress"))
                    .branch((model, p) -> p.isRejected(), Branched.as("rejected"));
            if (in.inference()) {
                Map<String, KStream<String, Parsed>> routes = branches.defaultBranch(Branched.as("halves"));
                if (idScope != null) {
                    halvesById.add(routes.get("kdrift-route" + n + "-halves"));
                    halvesById.add(routes.get("kdrift-route" + n + "-progress"));
                } else {
                    halves.add(routes.get("kdrift-route" + n + "-halves"));
                    halves.add(routes.get("kdrift-route" + n + "-progress"));
                }
                deadLetters(routes.get("kdrift-route" + n + "-rejected"), "kdrift-input" + n, config);
                return;
            }
            Map<String, KStream<String, Parsed>> routes = branches
                    .branch((model, p) -> p.rawKey() == null || p.rawKey().length == 0, Branched.as("unkeyed"))
                    .defaultBranch(Branched.as("keyed"));
            KStream<String, Parsed> progress = routes.get("kdrift-route" + n + "-progress");
            deadLetters(routes.get("kdrift-route" + n + "-rejected"), "kdrift-input" + n, config);
            Hops hops = i == 0 ? first : others;
            hops.unkeyed.add(routes.get("kdrift-route" + n + "-unkeyed"));
            hops.unkeyed.add(progress);
            KStream<String, Parsed> keyed = routes.get("kdrift-route" + n + "-keyed");
            if (!readInPlace(config, i, partitioning)) {
                // only the first input's topic has the partitions of kdrift's state, until partitions are added
                hops.keyed.add(keyed);
                hops.keyed.add(progress);
                return;
            }
            if (config.labels().enabled() && !replay) {
                // a model's labels are brought to the partition Kafka's own partitioner gives it (murmur2 of the model id);
                // its keyed predictions may have been put elsewhere (librdkafka's default partitioner, kcat, custom ones):
                // those take the same hop, so that predictions and labels of a model meet in one task. Those already there
                // (a Java producer's) stay where they are.
                Map<String, KStream<String, Parsed>> placed = keyed.split(Named.as("kdrift-keyed-"))
                        .branch((model, p) -> p.onPartitionOfModel(model, inputPartitions), Branched.as("in-place"))
                        .defaultBranch(Branched.as("elsewhere"));
                hops.keyed.add(placed.get("kdrift-keyed-elsewhere"));
                direct.add(placed.get("kdrift-keyed-in-place"));
            } else {
                direct.add(keyed);
            }
            direct.add(progress);
            if (firstInputVias(config, partitioning).contains(KEYED_REPARTITION)) {
                // the keyed hop of kdrift versions that sent other inputs' keyed records through it: still read, so that
                // none of those in flight at an upgrade is left unread
                hops.keyed.add(progress);
            }
        }

        /**
         * The hops by model of what is not read in place (replay runs one task: nothing needs a hop, the parser keyed every
         * event by its model).
         */
        private void hopByModel(List<KStream<String, Parsed>> driftInputs) {
            if (replay) {
                driftInputs.addAll(first.all());
                driftInputs.addAll(others.all());
            } else {
                // parsed a second time after the hop: carrying the original bytes keeps what reaches the dead-letter topic
                // exactly what was sent; the key goes back to what it was (null, or the model), and the model comes from the
                // event again
                hopAll(first.unkeyed, REPARTITION, false, "kdrift-unkeyed-merge",
                        new HopNames("kdrift-source-headers", "kdrift-unkeyed-raw", "kdrift-reparse"), driftInputs);
                hopAll(first.keyed, KEYED_REPARTITION, true, "kdrift-keyed-elsewhere-merge",
                        new HopNames("kdrift-keyed-source-headers", "kdrift-keyed-raw", "kdrift-keyed-reparse"), driftInputs);
                hopAll(others.unkeyed, INPUTS_REPARTITION, false, "kdrift-inputs-unkeyed-merge",
                        new HopNames("kdrift-inputs-source-headers", "kdrift-inputs-unkeyed-raw", "kdrift-inputs-reparse"), driftInputs);
                hopAll(others.keyed, INPUTS_KEYED_REPARTITION, true, "kdrift-inputs-keyed-merge",
                        new HopNames("kdrift-inputs-keyed-source-headers", "kdrift-inputs-keyed-raw", "kdrift-inputs-keyed-reparse"), driftInputs);
            }
        }

        private void hopAll(List<KStream<String, Parsed>> streams, String topic, boolean keyed, String mergeName, HopNames names,
                            List<KStream<String, Parsed>> into) {
            DriftTopology.hopAll(streams, topic, keyed, mergeName, names, into, inputPartitions, parser, counters, maxAheadMs);
        }

        /**
         * The halves of a serving layer, each brought to the partition of its model, where the two meet; joined in the drift
         * step's task.
         */
        private KStream<String, Parsed> joinedHalves() {
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
            return byModel;
        }

        /**
         * {@code driftInput} with the labels, each brought to the partition of its model; their stores added to
         * {@code driftStores}.
         */
        private KStream<String, Parsed> withLabels(KStream<String, Parsed> driftInput, List<String> driftStores) {
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
            deadLetters(labelRoutes.get("kdrift-labels-route-rejected"), "kdrift-labels", config);
            // a label topic is keyed and partitioned as its producer chose (often by prediction id): every label hops
            // to the partition of its model, as many as the input has, where that model's predictions are
            KStream<String, Parsed> accepted = labelRoutes.get("kdrift-labels-route-accepted")
                    .merge(labelRoutes.get("kdrift-labels-route-progress"), Named.as("kdrift-labels-progress-merge"));
            KStream<String, Parsed> labelsByModel = replay ? accepted
                    : hop(accepted, LABELS_REPARTITION, inputPartitions, true,
                            new HopNames("kdrift-labels-source-headers", "kdrift-labels-raw", "kdrift-labels-reparse"),
                            () -> ParseProcessor.labelsAfterHop(LABELS_REPARTITION, parser, counters, maxAheadMs, config.labels().mapping()));
            return driftInput.merge(labelsByModel, Named.as("kdrift-labels-merge"));
        }

        /**
         * Scores, alerts, verdicts, performance and late events to their topics; what the drift step rejects to the dead
         * letters.
         */
        private void writeOutputs(KStream<String, Emitted> emitted) {
            Map<String, KStream<String, Emitted>> outputs = emitted.split(Named.as("kdrift-out-"))
                    .branch((key, e) -> e instanceof Emitted.Score, Branched.as("scores"))
                    .branch((key, e) -> e instanceof Emitted.Alert, Branched.as("alerts"))
                    .branch((key, e) -> e instanceof Emitted.Late, Branched.as("late"))
                    .branch((key, e) -> e instanceof Emitted.Performance || e instanceof Emitted.Estimate, Branched.as("performance"))
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
                        .mapValues(e -> e instanceof Emitted.Estimate estimate ? PerformanceJson.toJson(estimate.estimate())
                                : PerformanceJson.toJson(((Emitted.Performance) e).performance()), Named.as("kdrift-performance-json"))
                        .to(config.topics().performance(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("kdrift-performance"));
            }

            deadLetters(outputs.get("kdrift-out-rejected").mapValues(e -> ((Emitted.Rejected) e).rejected(), Named.as("kdrift-drift-rejected")),
                    "kdrift", config);
        }
    }

    /**
     * The hops by which the records of a partition (of {@code source}'s topic) reach the drift processor, as {@link #build}
     * routes them: each is a channel of its own (io.kdrift.time.Watermarks). Progress markers take every one of them, so
     * each is heard.
     */
    static Function<Channel, Collection<String>> viasOf(KdriftConfig config, boolean replay, Partitioning partitioning) {
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
                if (in.joinsById()) {
                    // what each join task hands on comes by a way of its own, with the join task's clock
                    List<String> vias = new ArrayList<>();
                    for (int task = 0; task < partitioning.count(); task++) {
                        vias.add(JoinByIdProcessor.wayOf(task));
                    }
                    return vias;
                }
                if (in.inference()) {
                    return List.of(HALVES_REPARTITION);
                }
                if (i > 0) {
                    return List.of(INPUTS_REPARTITION, INPUTS_KEYED_REPARTITION);
                }
                List<String> vias = new ArrayList<>(firstInputVias(config, partitioning));
                if (readInPlace(config, 0, partitioning)) {
                    vias.add(Channel.DIRECT);
                }
                return vias;
            }
            return List.of();
        };
    }

    /**
     * The join by id of {@code halves} (of the inputs whose requests name no model): each hops by its scope and id to a
     * join task ({@link JoinByIdProcessor}), whose predictions hop by model to the drift step with its clock; a request
     * left without a model goes to the dead-letter topic.
     */
    private static KStream<String, Parsed> joinedById(StreamsBuilder builder, List<KStream<String, Parsed>> halves, KdriftConfig config,
                                                      EventCounters counters, Backlog backlog, Partitioning partitioning, EventParser parser,
                                                      long maxAheadMs, long markEveryMs) {
        int partitions = partitioning.count();
        builder.addStateStore(new ObjectStoreBuilder<>(JoinByIdProcessor.WAITING_STORE, StateSerdes.WAITING_HALF, true).notRetained());
        builder.addStateStore(new ObjectStoreBuilder<>(JoinByIdProcessor.EXPIRY_STORE, StateSerdes.EXPIRY_BUCKET, true).notRetained());
        builder.addStateStore(new ObjectStoreBuilder<>(JoinByIdProcessor.CLOCK_STORE, StateSerdes.CLOCK, true));
        Function<Channel, Collection<String>> viasOf = source -> config.inputs().stream()
                .anyMatch(in -> in.joinsById() && in.reads(source.topic())) ? List.of(HALVES_BY_ID_REPARTITION) : List.of();
        Map<String, KStream<String, Parsed>> out = hop(merged(halves, "kdrift-halves-by-id-merge"), HALVES_BY_ID_REPARTITION, partitions, false,
                new HopNames("kdrift-halves-by-id-source-headers", "kdrift-halves-by-id-raw", "kdrift-halves-by-id-reparse"),
                () -> ParseProcessor.halvesAfterHop(HALVES_BY_ID_REPARTITION, parser, counters, maxAheadMs))
                .process(() -> new JoinByIdProcessor(config, counters, backlog, viasOf, markEveryMs), Named.as("kdrift-join-by-id"),
                        JoinByIdProcessor.WAITING_STORE, JoinByIdProcessor.EXPIRY_STORE, JoinByIdProcessor.CLOCK_STORE)
                .split(Named.as("kdrift-join-by-id-route-"))
                .branch((key, p) -> p.isRejected(), Branched.as("rejected"))
                .defaultBranch(Branched.as("handed-on"));
        deadLetters(out.get("kdrift-join-by-id-route-rejected"), "kdrift-join-by-id", config);
        // the join task sets where each record came from (its way, the input partition) in headers itself
        return out.get("kdrift-join-by-id-route-handed-on")
                .mapValues(Parsed::rawValue, Named.as("kdrift-joined-raw"))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(JOINED_REPARTITION).withNumberOfPartitions(partitions)
                        .withStreamPartitioner(new ProgressMarker.HopPartitioner()))
                .process(() -> new HopArrival(JOINED_REPARTITION, false, ParseProcessor.afterHop(JOINED_REPARTITION, parser, counters, maxAheadMs)),
                        Named.as("kdrift-joined-reparse"));
    }

    /**
     * The dead-letter topic's writer for the records {@code rejected} where they were read: one per input, labels and
     * the drift step, so that no input's tasks are tied to another's (or to the drift step's, whose partitions are
     * its state's): a partition added to an input topic is one more task of its own reading.
     */
    private static void deadLetters(KStream<String, Parsed> rejected, String prefix, KdriftConfig config) {
        rejected.process(DeadLetterProcessor::new, Named.as(prefix + "-dead-letter"))
                .to(config.topics().deadLetter(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(prefix + "-dlq"));
    }

    /**
     * The hops the first input's records take: unkeyed ones through {@link #REPARTITION}; keyed ones through
     * {@link #KEYED_REPARTITION} when not read in place, or, with labels, when not on their model's partition (its
     * records read in place, Channel.DIRECT, are never in flight: that channel counts once heard, waits for nothing
     * before). The keyed hop is kept where kdrift versions before used it for the other inputs too.
     */
    static List<String> firstInputVias(KdriftConfig config, Partitioning partitioning) {
        boolean othersHopKeyed = config.inputs().stream().skip(1).anyMatch(in -> !in.inference());
        return !readInPlace(config, 0, partitioning) || config.labels().enabled() || othersHopKeyed
                ? List.of(REPARTITION, KEYED_REPARTITION) : List.of(REPARTITION);
    }

    /** The streams of one group of inputs that hop by model: records without a key, keyed records not read in place. */
    private static final class Hops {
        final List<KStream<String, Parsed>> unkeyed = new ArrayList<>();
        final List<KStream<String, Parsed>> keyed = new ArrayList<>();

        List<KStream<String, Parsed>> all() {
            List<KStream<String, Parsed>> out = new ArrayList<>(unkeyed);
            out.addAll(keyed);
            return out;
        }
    }

    /** {@code streams}, merged, through the hop {@code topic} to the drift step's inputs; nothing when there are none. */
    private static void hopAll(List<KStream<String, Parsed>> streams, String topic, boolean keyed, String mergeName, HopNames names,
                               List<KStream<String, Parsed>> driftInputs, int partitions, EventParser parser, EventCounters counters, long maxAheadMs) {
        if (!streams.isEmpty()) {
            driftInputs.add(hop(merged(streams, mergeName), topic, partitions, keyed, names,
                    () -> ParseProcessor.afterHop(topic, parser, counters, maxAheadMs)));
        }
    }

    /** Whether input {@code i}'s records keyed by their model are read in place, in the task of their partition. */
    private static boolean readInPlace(KdriftConfig config, int i, Partitioning partitioning) {
        return i == 0 && config.inputs().get(0).namedTopics().size() == 1 && partitioning.firstInputInPlace();
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
