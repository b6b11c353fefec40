package io.kdrift.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.run.Monitor;
import io.kdrift.testing.KafkaCluster;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The benchmarks against a real in-process broker (KafkaClusterTestKit, one node): kdrift's topology
 * vs the windowed-count baseline with the same Kafka Streams settings, and kdrift end to end vs a bare
 * KafkaConsumer that polls and parses the same topic. The events are produced once, before any
 * contender starts; each contender reads them all from the beginning.
 */
public final class BrokerBenchmarks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BrokerBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        BenchEvents events = new BenchEvents(n, 50, 10);
        List<String> table = new ArrayList<>();
        try (KafkaCluster cluster = KafkaCluster.singleNode()) {
            String topic = prepare(cluster, events);
            System.err.printf("broker benchmarks: %,d events on a 2-partition topic, %d runs each%n", n, runs);
            List<Benchmarks.Result> results = Benchmarks.measure(runs, List.of(
                    new Benchmarks.Contender("bare KafkaConsumer poll + Jackson parse", () -> bareConsumer(cluster, topic, n)),
                    new Benchmarks.Contender("Kafka Streams, parse only (no state, no output), exactly_once_v2",
                            () -> parseOnly(cluster, topic, n, StreamsConfig.EXACTLY_ONCE_V2)),
                    new Benchmarks.Contender("Kafka Streams, parse only (no state, no output), at_least_once",
                            () -> parseOnly(cluster, topic, n, StreamsConfig.AT_LEAST_ONCE)),
                    new Benchmarks.Contender("baseline topology (parse + windowed count)", () -> baseline(cluster, topic, n)),
                    new Benchmarks.Contender("`kdrift run`, fixed bins", () -> kdrift(cluster, topic, n, true)),
                    new Benchmarks.Contender("`kdrift run`, default quantile bins", () -> kdrift(cluster, topic, n, false)),
                    new Benchmarks.Contender("`kdrift run`, fixed bins, at_least_once (commit 30 s)",
                            () -> kdrift(cluster, topic, n, true, Map.of("processing.guarantee", "at_least_once"))),
                    new Benchmarks.Contender("`kdrift run`, fixed bins, 2 stream threads",
                            () -> kdrift(cluster, topic, n, true, Map.of("num.stream.threads", "2"))),
                    new Benchmarks.Contender("`kdrift run`, fixed bins, commit 500 ms",
                            () -> kdrift(cluster, topic, n, true, Map.of("commit.interval.ms", "500"))),
                    new Benchmarks.Contender("`kdrift run`, fixed bins, commit 1000 ms",
                            () -> kdrift(cluster, topic, n, true, Map.of("commit.interval.ms", "1000")))));
            Benchmarks.Result consumer = results.get(0);
            Benchmarks.Result baseline = results.get(3);
            table.add("| benchmark (exactly_once_v2, commit 100 ms unless said) | events/s (median) | min–max | vs baseline | vs bare consumer |");
            table.add("|---|---|---|---|---|");
            for (Benchmarks.Result r : results.subList(0, 8)) {
                table.add(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f–%,.0f | %.2f× | %.2f× |", r.name(), r.median(), r.min(), r.max(),
                        r.ratioTo(baseline), r.ratioTo(consumer)));
            }
            System.err.println("4. latency: closing record -> score and alert records");
            table.add("");
            table.add(LatencyBenchmark.table(LatencyBenchmark.run(cluster, 5)));
            System.err.println("commit interval: throughput against latency (exactly_once_v2, fixed bins)");
            table.add("");
            table.add("| commit.interval.ms | events/s (median) | min–max | vs bare consumer | closing record → last score record: median | min–max |");
            table.add("|---|---|---|---|---|---|");
            long[] intervals = {100, 500, 1000};
            Benchmarks.Result[] byInterval = {results.get(4), results.get(8), results.get(9)};
            for (int i = 0; i < intervals.length; i++) {
                Benchmarks.Result r = byInterval[i];
                String latency = LatencyBenchmark.medianAndRange(LatencyBenchmark.run(cluster, 5, intervals[i]).lastScoreMs());
                table.add(String.format(Locale.ROOT, "| %d | %,.0f | %,.0f–%,.0f | %.2f× | %s |", intervals[i], r.median(), r.min(), r.max(),
                        r.ratioTo(consumer), latency));
            }
        }
        System.out.println(String.join("\n", table));
    }

    /** A new 2-partition topic holding the events, keyed by model. */
    static String prepare(KafkaCluster cluster, BenchEvents events) throws Exception {
        String topic = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        List<byte[][]> records = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            records.add(new byte[][] {events.keys.get(i), events.values.get(i)});
        }
        createTopic(cluster, topic, 2);
        cluster.produce(topic, records);
        return topic;
    }

    private static void createTopic(KafkaCluster cluster, String topic, int partitions) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        try (var admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    private static double bareConsumer(KafkaCluster cluster, String topic, int n) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bare-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long count = 0;
            long start = 0;
            while (count < n) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (start == 0) {
                        start = System.nanoTime();
                    }
                    JSON.readTree(r.value());
                    count++;
                }
            }
            return n / ((System.nanoTime() - start) / 1e9);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double baseline(KafkaCluster cluster, String topic, int n) {
        KdriftConfig config = config(cluster, topic, true);
        LongAdder processed = new LongAdder();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "baseline-" + UUID.randomUUID());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir());
        props.put("consumer.auto.offset.reset", "earliest");
        try (KafkaStreams streams = new KafkaStreams(Contenders.baseline(config, processed), props)) {
            return run(streams::start, processed, n);
        }
    }

    /** Kafka Streams doing what the bare consumer does (poll and parse), with the given processing guarantee. */
    private static double parseOnly(KafkaCluster cluster, String topic, int n, String guarantee) {
        return streamsAlone(cluster, counted -> Contenders.parseOnly(topic, counted), n, guarantee);
    }

    /** Records/s of a Kafka Streams application alone (no kdrift) with the given guarantee; {@code topology} counts what it processed. */
    static double streamsAlone(KafkaCluster cluster, java.util.function.Function<LongAdder, org.apache.kafka.streams.Topology> topology, int n,
                               String guarantee) {
        LongAdder processed = new LongAdder();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "streams-alone-" + UUID.randomUUID());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir());
        props.put("consumer.auto.offset.reset", "earliest");
        try (KafkaStreams streams = new KafkaStreams(topology.apply(processed), props)) {
            return run(streams::start, processed, n);
        }
    }

    static double kdrift(KafkaCluster cluster, String topic, int n, boolean fixedBins) {
        return kdrift(cluster, topic, n, fixedBins, Map.of());
    }

    /** `kdrift run` with kdrift's defaults but for the given {@code kafka:} settings. */
    private static double kdrift(KafkaCluster cluster, String topic, int n, boolean fixedBins, Map<String, String> kafka) {
        try (Monitor monitor = Monitor.start(config(cluster, topic, fixedBins, kafka))) {
            return timed(monitor, n);
        }
    }

    /** Events/s of a started monitor over its first {@code n} events, timed once every stream thread has its task. */
    static double timed(Monitor monitor, int n) {
        int threads = Integer.parseInt(monitor.config().kafka().getOrDefault("num.stream.threads", "1"));
        return waitFor(() -> monitor.counters().acceptedCount(), n, () -> settled(monitor, threads));
    }

    /**
     * True once Kafka Streams runs with a task on every stream thread. The second of two threads joins
     * the group while the first already processes, and a task moves: the throughput is timed after that.
     */
    static boolean settled(Monitor monitor, int threads) {
        return monitor.streams().state() == KafkaStreams.State.RUNNING
                && monitor.streams().metadataForLocalThreads().stream().filter(t -> !t.activeTasks().isEmpty()).count() == threads;
    }

    private static double run(Runnable start, LongAdder processed, int n) {
        start.run();
        return waitFor(processed::sum, n);
    }

    /** From the first processed event to the last: events/s. */
    private static double waitFor(java.util.function.LongSupplier processed, int n) {
        return waitFor(processed, n, () -> true);
    }

    /** From the first event processed once {@code settled} holds to the last: events/s over the events in between. */
    static double waitFor(java.util.function.LongSupplier processed, int n, java.util.function.BooleanSupplier settled) {
        long first = 0;
        long before = 0;
        while (processed.getAsLong() < n) {
            long now = processed.getAsLong();
            if (first == 0 && now > 0 && settled.getAsBoolean()) {
                first = System.nanoTime();
                before = now;
            }
            sleep();
        }
        if (first == 0 || n - before < n / 4) {
            throw new IllegalStateException("only " + (n - before) + " of " + n + " events were left to time once the stream threads had their tasks");
        }
        return (n - before) / ((System.nanoTime() - first) / 1e9);
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("kdrift-bench-broker-").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static KdriftConfig config(KafkaCluster cluster, String topic, boolean fixedBins) {
        return config(cluster, topic, fixedBins, Map.of());
    }

    static KdriftConfig config(KafkaCluster cluster, String topic, boolean fixedBins, Map<String, String> kafka) {
        StringBuilder settings = new StringBuilder();
        kafka.forEach((k, v) -> settings.append("  ").append(k).append(": ").append(v).append('\n'));
        return ConfigLoader.parse("""
                window: {size: 5m, grace: 30s}
                reference: {mode: rolling, windows: 12}
                binning: {numeric: %s}
                topics: {input: %s, scores: scores-%s, deadLetter: dlq-%s, alerts: alerts-%s, partitions: 2}
                http: {host: 127.0.0.1, port: 0}
                kafka:
                  bootstrap.servers: %s
                  application.id: kdrift-bench-%s
                  state.dir: %s
                  consumer.auto.offset.reset: earliest
                """.formatted(fixedBins ? "{type: uniform, min: -50, max: 50, bins: 10}" : "{type: quantile, bins: 10, sample: 1000}",
                topic, topic, topic, topic, cluster.bootstrapServers(), UUID.randomUUID(), tempDir()) + settings, "bench");
    }
}
