package io.kdrift.bench;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.event.RejectReason;
import io.kdrift.run.Monitor;
import io.kdrift.testing.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The label join against a real in-process broker (BENCHMARKS.md, "Label join"): `kdrift run` on predictions with an
 * id, alone, with labels configured but none sent (the cost of the hop by model that keyed predictions then take), and
 * with 80 % of them labelled a minute of event time later on a label topic keyed by prediction id (the labels hop by
 * model too), and Kafka Streams alone keeping each prediction in a changelogged store as the join does (the runtime's floor
 * for such a join). Everything is produced beforehand; each contender reads it all from the beginning.
 *
 * <pre>java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.kdrift.bench.LabelJoinBenchmark [events] [runs] [only]</pre>
 * ({@code only}: 0 to 3, to run one contender alone, e.g. under a profiler)
 */
public final class LabelJoinBenchmark {
    private LabelJoinBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        BenchEvents events = new BenchEvents(n, 10, 2);
        SplittableRandom random = new SplittableRandom(3);
        List<byte[][]> predictions = new ArrayList<>(n);
        List<byte[][]> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String value = new String(events.values.get(i), StandardCharsets.UTF_8);
            // the same event with an id: {"model":"model-3","id":"e17",...
            String withId = value.replaceFirst("^\\{(\"model\":\"[^\"]*\",)", "{$1\"id\":\"e" + i + "\",");
            predictions.add(new byte[][] {events.keys.get(i), withId.getBytes(StandardCharsets.UTF_8)});
            if (random.nextDouble() < 0.8) {
                String model = new String(events.keys.get(i), StandardCharsets.UTF_8);
                String label = "{\"model\":\"" + model + "\",\"id\":\"e" + i + "\",\"label\":\"class-" + random.nextInt(3)
                        + "\",\"timestamp\":" + (events.timestamps.get(i) + 60_000) + "}";
                labels.add(new byte[][] {("e" + i).getBytes(StandardCharsets.UTF_8), label.getBytes(StandardCharsets.UTF_8)});
            }
        }
        List<String> table = new ArrayList<>();
        try (KafkaCluster cluster = KafkaCluster.singleNode()) {
            String topic = BrokerBenchmarks.prepare(cluster, new BenchEvents(0, 10, 2));
            cluster.produce(topic, predictions);
            String labelTopic = topic + "-labels";
            cluster.produce(labelTopic, labels);
            System.err.printf("label join: %,d predictions (10 models), %,d labels, %d runs each%n", n, labels.size(), runs);
            int l = labels.size();
            List<Benchmarks.Contender> contenders = List.of(
                    new Benchmarks.Contender("`kdrift run`, predictions with ids, no labels configured",
                            () -> run(cluster, topic, null, n, 0)),
                    new Benchmarks.Contender("labels configured, none sent (every prediction waits in the join)",
                            () -> run(cluster, topic, topic + "-none", n, 0)),
                    new Benchmarks.Contender("with " + l + " labels (80 %), keyed by id", () -> run(cluster, topic, labelTopic, n, l)),
                    // the runtime's floor for a join that keeps each waiting prediction in a changelogged store: no kdrift
                    new Benchmarks.Contender("Kafka Streams alone: parse, keep each prediction (100 bytes) in a changelogged RocksDB "
                            + "store, delete it 10,000 later", () -> BrokerBenchmarks.streamsAlone(cluster,
                            counted -> Contenders.parseAndKeep(topic, 100, 10_000, counted), n, org.apache.kafka.streams.StreamsConfig.EXACTLY_ONCE_V2)));
            if (args.length > 2) {
                contenders = List.of(contenders.get(Integer.parseInt(args[2])));
            }
            List<Benchmarks.Result> results = Benchmarks.measure(runs, contenders);
            table.add("| run (exactly_once_v2, commit 100 ms) | predictions/s (median) | min–max | vs no labels | records/s (predictions + labels) |");
            table.add("|---|---|---|---|---|");
            for (Benchmarks.Result r : results) {
                double records = r.name().startsWith("with") ? r.median() * (n + l) / n : r.median();
                table.add(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f–%,.0f | %.2f× | %,.0f |", r.name(), r.median(), r.min(), r.max(),
                        r.ratioTo(results.get(0)), records));
            }
        }
        System.out.println(String.join("\n", table));
    }

    /** Predictions/s, timed from the first record processed (once running) until every prediction and every label is in. */
    private static double run(KafkaCluster cluster, String topic, String labelTopic, int n, int labels) {
        KdriftConfig base = BrokerBenchmarks.config(cluster, topic, true, java.util.Map.of());
        String yaml = labelTopic == null ? "" : "labels: {topics: [" + labelTopic + "], horizon: 30m, waitForPrediction: 30m}\n";
        KdriftConfig config = ConfigLoader.parse(yaml + """
                window: {size: 5m, grace: 30s}
                reference: {mode: rolling, windows: 12}
                binning: {numeric: {type: uniform, min: -50, max: 50, bins: 10}}
                topics: {input: %s, scores: s-%s, deadLetter: d-%s, alerts: a-%s, performance: p-%s, partitions: 2}
                http: {host: 127.0.0.1, port: 0}
                kafka:
                  bootstrap.servers: %s
                  application.id: %s
                  state.dir: %s
                  consumer.auto.offset.reset: earliest
                """.formatted(topic, base.kafka().get("application.id"), base.kafka().get("application.id"), base.kafka().get("application.id"),
                base.kafka().get("application.id"), cluster.bootstrapServers(), base.kafka().get("application.id"),
                base.kafka().get("state.dir")), "bench");
        try (Monitor monitor = Monitor.start(config)) {
            // every record read, predictions and labels: the join is done when the labels are, which can come last
            double records = BrokerBenchmarks.waitFor(() -> monitor.counters().acceptedCount() + monitor.counters().labelCount(), n + labels,
                    () -> BrokerBenchmarks.settled(monitor, 1));
            System.gc();
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.err.printf("  heap in use after the run: %,d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
            long unknown = monitor.counters().rejectedCount(RejectReason.LABEL_FOR_UNKNOWN_PREDICTION);
            if (unknown > 0) {
                System.err.printf("  %,d labels found no prediction%n", unknown);
            }
            return records * n / (n + labels);
        }
    }
}
