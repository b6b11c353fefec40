package io.kdrift.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.topology.DriftTopology;
import io.kdrift.topology.EventCounters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.test.TestRecord;

/** What the benchmarks run: each returns the events/s of one pass over the events. */
final class Contenders {
    static final String CONFIG = """
            window: {size: 5m, grace: 30s}
            reference: {mode: rolling, windows: 12}
            binning: {numeric: {type: quantile, bins: %d, sample: 1000}}
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Contenders() {
    }

    /** Fixed uniform edges: no quantile learning, the state's steady size from the first event. */
    static KdriftConfig fixedBinsConfig() {
        return ConfigLoader.parse("""
                window: {size: 5m, grace: 30s}
                reference: {mode: rolling, windows: 12}
                binning: {numeric: {type: uniform, min: -50, max: 50, bins: 10}}
                """, "bench");
    }

    static KdriftConfig config(int bins) {
        return ConfigLoader.parse(CONFIG.formatted(bins), "bench");
    }

    /** kdrift's topology on TopologyTestDriver (durable stores, as in `kdrift run`, or transient, as in replay). */
    static double kdriftOnDriver(BenchEvents events, KdriftConfig config, DriftTopology.Mode mode) {
        return onDriver(events, DriftTopology.build(config, new EventCounters(), mode), config.topics().input());
    }

    /**
     * The minimum any windowed monitor does: parse the JSON with Jackson and count per model (the record
     * key) in the same windows with the same emit strategy, with Kafka Streams' own windowed count().
     */
    static Topology baseline(KdriftConfig config) {
        return baseline(config, new java.util.concurrent.atomic.LongAdder());
    }

    /** The baseline, counting the events it has parsed into {@code processed}. */
    static Topology baseline(KdriftConfig config, java.util.concurrent.atomic.LongAdder processed) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(config.topics().input(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .mapValues(v -> {
                    processed.increment();
                    return parse(v).path("model").asText();
                })
                // the record key is the model id, as for kdrift: no repartition on either side
                .groupByKey(Grouped.with(Serdes.ByteArray(), Serdes.String()))
                .windowedBy(TimeWindows.ofSizeAndGrace(config.window().size(), config.window().grace()))
                .emitStrategy(EmitStrategy.onWindowClose())
                .count(Materialized.as("baseline-counts"))
                .toStream((w, c) -> w.key())
                .to("baseline-out", Produced.with(Serdes.ByteArray(), Serdes.Long()));
        return b.build();
    }

    /**
     * What the bare consumer does, inside Kafka Streams: read the topic and parse every value with Jackson,
     * no state and no output. The ceiling of any Kafka Streams application that parses its input.
     */
    static Topology parseOnly(String topic, java.util.concurrent.atomic.LongAdder processed) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .foreach((k, v) -> {
                    parse(v);
                    processed.increment();
                });
        return b.build();
    }

    /**
     * The runtime's own cost of keeping each record as a join keeps a waiting prediction, with nothing else of a join:
     * parse, put a {@code valueBytes} value under the record's model and id in a changelogged RocksDB store, and delete
     * the one put {@code wait} records before in the task (its wait over), as the join's expiry does.
     */
    static Topology parseAndKeep(String topic, int valueBytes, int wait, java.util.concurrent.atomic.LongAdder processed) {
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.persistentKeyValueStore("kept"), Serdes.String(), Serdes.ByteArray()));
        byte[] value = new byte[valueBytes];
        b.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(() -> new org.apache.kafka.streams.processor.api.Processor<byte[], byte[], Void, Void>() {
                    private org.apache.kafka.streams.state.KeyValueStore<String, byte[]> kept;
                    private final java.util.ArrayDeque<String> order = new java.util.ArrayDeque<>();

                    @Override
                    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> context) {
                        kept = context.getStateStore("kept");
                    }

                    @Override
                    public void process(org.apache.kafka.streams.processor.api.Record<byte[], byte[]> r) {
                        JsonNode e = parse(r.value());
                        String key = e.path("model").asText() + "@" + e.path("id").asText();
                        kept.put(key, value);
                        order.add(key);
                        if (order.size() > wait) {
                            kept.delete(order.poll());
                        }
                        processed.increment();
                    }
                }, org.apache.kafka.streams.kstream.Named.as("keep"), "kept");
        return b.build();
    }

    /**
     * The runtime's own cost of one hop: parse, key by the event's model, one repartition topic of {@code partitions},
     * parse again (what kdrift does to a record without a key), and nothing else.
     */
    static Topology parseHopParse(String topic, int partitions, java.util.concurrent.atomic.LongAdder processed) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .selectKey((k, v) -> parse(v).get("model").asText())
                .repartition(org.apache.kafka.streams.kstream.Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName("hop")
                        .withNumberOfPartitions(partitions))
                .foreach((k, v) -> {
                    parse(v);
                    processed.increment();
                });
        return b.build();
    }

    static double baselineOnDriver(BenchEvents events, KdriftConfig config) {
        return onDriver(events, baseline(config), config.topics().input());
    }

    /** Jackson parsing the same bytes into a tree, and nothing else: the floor of any JSON monitor. */
    static double jacksonParse(BenchEvents events) {
        long start = System.nanoTime();
        long sink = 0;
        for (byte[] v : events.values) {
            sink += parse(v).size();
        }
        if (sink == 42) {
            System.out.print("");
        }
        return events.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** kdrift's own parser (streaming, validating every field) on the same bytes: the parse part of kdrift's per-event cost. */
    static double eventParser(BenchEvents events) {
        io.kdrift.codec.EventParser parser = new io.kdrift.codec.EventParser();
        long start = System.nanoTime();
        long accepted = 0;
        for (int i = 0; i < events.size(); i++) {
            if (parser.parse(events.keys.get(i), events.values.get(i), events.timestamps.get(i)).isAccepted()) {
                accepted++;
            }
        }
        if (accepted != events.size()) {
            throw new IllegalStateException("the parser rejected " + (events.size() - accepted) + " benchmark events");
        }
        return events.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static void drain(TopologyTestDriver driver) {
        for (String topic : driver.producedTopicNames()) {
            driver.createOutputTopic(topic, new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer()).readRecordsToList();
        }
    }

    private static JsonNode parse(byte[] v) {
        try {
            return JSON.readTree(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * kdrift with durable stores once every signal's quantile edges are learned: the first half of the events
     * (1,000 values of every model's signals with the benchmark's 50 models) goes in untimed.
     */
    static double kdriftOnDriverLearned(BenchEvents events, KdriftConfig config) {
        return onDriver(events, DriftTopology.build(config, new EventCounters(), DriftTopology.Mode.KAFKA), config.topics().input(), events.size() / 2);
    }

    private static double onDriver(BenchEvents events, Topology topology, String topic) {
        return onDriver(events, topology, topic, 0);
    }

    /** Events/s through the topology on the driver; the first {@code untimed} events go in before the clock starts. */
    private static double onDriver(BenchEvents events, Topology topology, String topic, int untimed) {
        Path dir;
        try {
            dir = Files.createTempDirectory("kdrift-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        double rate;
        // (the drain below is inside the timed loop for every contender alike)
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props, Instant.EPOCH)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
            for (int i = 0; i < untimed; i++) {
                in.pipeInput(new TestRecord<>(events.keys.get(i), events.values.get(i), null, events.timestamps.get(i)));
                if (i % 5_000 == 4_999) {
                    drain(driver);
                }
            }
            drain(driver);
            long start = System.nanoTime();
            for (int i = untimed; i < events.size(); i++) {
                in.pipeInput(new TestRecord<>(events.keys.get(i), events.values.get(i), null, events.timestamps.get(i)));
                if (i % 5_000 == 4_999) {
                    drain(driver); // the driver keeps every record produced (changelogs included) until read
                }
            }
            driver.advanceWallClockTime(Duration.ofHours(1));
            rate = (events.size() - untimed) / ((System.nanoTime() - start) / 1e9);
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rate;
    }
}
