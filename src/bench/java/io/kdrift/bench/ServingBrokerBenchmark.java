package io.kdrift.bench;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.replay.Envelope;
import io.kdrift.run.Monitor;
import io.kdrift.testing.KafkaCluster;
import io.kdrift.testing.ServingRecords;
import io.kdrift.testing.ServingRecords.Prediction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Serving layers' records against a real in-process broker (BENCHMARKS.md, "Serving-layer formats"): `kdrift run` on the
 * same predictions in kdrift's own shape (keyed by model, and without a key: the hop by model), as OIP JSON requests
 * and responses on one topic (one row a record, and batches of ten) and as KServe binary CloudEvents (headers). All
 * is produced beforehand (by a Java producer, the records' headers with them); each contender reads it from the start.
 *
 * <pre>java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.kdrift.bench.ServingBrokerBenchmark [predictions] [runs] [only]</pre>
 *
 * <p>{@code only}: run only the contenders whose name contains it (to compare two builds, one after the other).
 */
public final class ServingBrokerBenchmark {
    private static final String TENSORS = ServingRecords.TENSORS;

    private ServingBrokerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        // 100 predictions a second of event time, ending now: recent enough for the broker's retention, dense like traffic
        long t0 = System.currentTimeMillis() - n * 10L - 60_000;
        List<Prediction> one = ServingRecords.predictions(n, 1, 7, t0, 10);
        List<Prediction> ten = ServingRecords.predictions(n, 10, 7, t0, 10);
        String id = UUID.randomUUID().toString().substring(0, 8);
        List<String> table = new ArrayList<>();
        try (KafkaCluster cluster = KafkaCluster.singleNode()) {
            List<String> keyed = new ArrayList<>();
            List<String> unkeyed = new ArrayList<>();
            for (Prediction p : one) {
                String line = ServingRecords.nativeEnvelope(p, "native-keyed-" + id);
                keyed.add(line.replaceFirst("^\\{", "{\"key\":\"iris\","));
                unkeyed.add(ServingRecords.nativeEnvelope(p, "native-" + id));
            }
            produce(cluster, keyed);
            produce(cluster, unkeyed);
            produce(cluster, ServingRecords.oipJson(one, 1, "oip-" + id));
            produce(cluster, ServingRecords.oipJson(ten, 10, "oip10-" + id));
            produce(cluster, ServingRecords.kserveBinary(one, 1, "kserve-" + id));
            System.err.printf("serving layers on a broker: %,d predictions a contender, %d runs each%n", n, runs);
            List<Benchmarks.Contender> contenders = List.of(
                    new Benchmarks.Contender("kdrift's own, keyed by model", () -> run(cluster, "{topic: native-keyed-" + id + "}", n)),
                    // the runtime's ceiling for what hops: Kafka Streams alone, the same records, with and without one hop
                    new Benchmarks.Contender("Kafka Streams alone: parse (no key, no hop)", () -> BrokerBenchmarks.streamsAlone(cluster,
                            counted -> Contenders.parseOnly("native-" + id, counted), n, StreamsConfig.EXACTLY_ONCE_V2)),
                    new Benchmarks.Contender("Kafka Streams alone: parse, key by model, one hop, parse again", () -> BrokerBenchmarks.streamsAlone(cluster,
                            counted -> Contenders.parseHopParse("native-" + id, 2, counted), n, StreamsConfig.EXACTLY_ONCE_V2)),
                    new Benchmarks.Contender("kdrift's own, no key (hop by model)", () -> run(cluster, "{topic: native-" + id + "}", n)),
                    new Benchmarks.Contender("OIP JSON, a request and a response a prediction", () -> run(cluster,
                            "{topic: oip-" + id + ", format: oip, model: iris, " + TENSORS + "}", n)),
                    new Benchmarks.Contender("OIP JSON, batches of 10", () -> run(cluster, "{topic: oip10-" + id + ", format: oip, model: iris, "
                            + TENSORS + "}", n)),
                    // the same records read as a gateway's: its requests name no model, they meet their responses by id first
                    new Benchmarks.Contender("OIP JSON, no model given (join by id, then hop by model)", () -> run(cluster,
                            "{topic: oip-" + id + ", format: oip, " + TENSORS + "}", n)),
                    new Benchmarks.Contender("KServe binary CloudEvents (V1), a request and a response a prediction", () -> run(cluster,
                            "{topic: kserve-" + id + ", format: kserve, " + TENSORS + "}", n)));
            if (args.length > 2) {
                // only the contenders whose name contains the third argument: the rest is not run (A/B of two builds)
                List<Benchmarks.Contender> only = contenders.stream().filter(c -> c.name().contains(args[2])).toList();
                for (Benchmarks.Result r : Benchmarks.measure(runs, only)) {
                    System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f–%,.0f |%n", r.name(), r.median(), r.min(), r.max());
                }
                return;
            }
            List<Benchmarks.Result> results = Benchmarks.measure(runs, contenders);
            table.add("| run (exactly_once_v2, commit 100 ms) | predictions/s (median) | min–max | vs kdrift's own, keyed |");
            table.add("|---|---|---|---|");
            for (Benchmarks.Result r : results) {
                table.add(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f–%,.0f | %.2f× |", r.name(), r.median(), r.min(), r.max(),
                        r.ratioTo(results.get(0))));
            }
            table.add("");
            table.add(String.format(Locale.ROOT, "One hop costs Kafka Streams alone %.2f× of its throughput without; kdrift's own without a key runs at %.2f×"
                    + " of kdrift's own keyed.", results.get(2).ratioTo(results.get(1)), results.get(3).ratioTo(results.get(0))));
        }
        System.out.println(String.join("\n", table));
    }

    /** Envelope lines to their topics (2 partitions, the default partitioner), with their keys, headers and timestamps. */
    private static void produce(KafkaCluster cluster, List<String> lines) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        String topic = Envelope.parse(lines.get(0).getBytes(StandardCharsets.UTF_8)).topic();
        try (var admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 2, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String line : lines) {
                Envelope e = Envelope.parse(line.getBytes(StandardCharsets.UTF_8));
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(e.topic(), null, e.timestamp() < 0 ? null : e.timestamp(), e.key(), e.value());
                e.headers().forEach(h -> r.headers().add(h.getKey(), h.getValue()));
                producer.send(r);
            }
            producer.flush();
        }
    }

    /** Predictions/s, timed from the first prediction counted (once running) until all are. */
    private static double run(KafkaCluster cluster, String input, int n) {
        String app = "kdrift-serving-" + UUID.randomUUID();
        String state;
        try {
            state = Files.createTempDirectory("kdrift-bench-serving-").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        KdriftConfig config = ConfigLoader.parse("""
                window: {size: 5m, grace: 30s}
                reference: {mode: rolling, windows: 12}
                binning: {numeric: {type: quantile, bins: 10, sample: 1000}}
                topics: {scores: s-%1$s, deadLetter: d-%1$s, alerts: a-%1$s, partitions: 2}
                inputs: [%2$s]
                http: {host: 127.0.0.1, port: 0}
                kafka:
                  bootstrap.servers: %3$s
                  application.id: %1$s
                  state.dir: %4$s
                  consumer.auto.offset.reset: earliest
                """.formatted(app, input, cluster.bootstrapServers(), state), "bench");
        try (Monitor monitor = Monitor.start(config)) {
            // a backfill through a hop comes in a little out of order: what falls behind the grace period counts as late
            double rate = BrokerBenchmarks.waitFor(() -> monitor.counters().acceptedCount() + monitor.counters().lateCount(), n,
                    () -> BrokerBenchmarks.settled(monitor, 1));
            if (monitor.counters().lateCount() > 0) {
                System.err.printf("  %,d of %,d late%n", monitor.counters().lateCount(), n);
            }
            if (monitor.counters().rejectedCount() > 0) {
                throw new IllegalStateException(monitor.counters().rejectedCount() + " rejected");
            }
            return rate;
        }
    }
}
