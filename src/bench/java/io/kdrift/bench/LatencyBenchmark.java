package io.kdrift.bench;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.run.Monitor;
import io.kdrift.testing.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Latency on a real broker (exactly_once_v2, Kafka Streams' default 100 ms commit interval): from sending the
 * record that closes a window (the first of the next window; grace 0) to a read_committed consumer seeing the
 * window's score records, and, for a window that drifted, its alert record. One model, 200 events a window:
 * three reference windows (fixed), then rounds of three clean windows and one drifted window.
 */
final class LatencyBenchmark {
    private static final long START = 1_767_600_000_000L;
    private static final long MINUTE = 60_000;
    private static final int EVENTS = 200;

    private LatencyBenchmark() {
    }

    record Latencies(double[] firstScoreMs, double[] lastScoreMs, double[] alertMs) {
    }

    static Latencies run(KafkaCluster cluster, int rounds) throws Exception {
        return run(cluster, rounds, 100);
    }

    static Latencies run(KafkaCluster cluster, int rounds, long commitIntervalMs) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        KdriftConfig config = ConfigLoader.parse("""
                window: {size: 1m, grace: 0s}
                reference: {mode: fixed, windows: 3}
                binning: {numeric: {type: uniform, min: -5, max: 5, bins: 10}}
                topics: {input: lat-%s, scores: lat-scores-%s, deadLetter: lat-dlq-%s, alerts: lat-alerts-%s, partitions: 1}
                http: {host: 127.0.0.1, port: 0}
                kafka:
                  bootstrap.servers: %s
                  application.id: kdrift-latency-%s
                  state.dir: %s
                  commit.interval.ms: %d
                """.formatted(id, id, id, id, cluster.bootstrapServers(), id,
                Files.createTempDirectory("kdrift-latency-"), commitIntervalMs), "latency");
        Map<Long, Long> firstScore = new ConcurrentHashMap<>();
        Map<Long, Long> lastScore = new ConcurrentHashMap<>();
        Map<Long, Long> alert = new ConcurrentHashMap<>();
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        SplittableRandom random = new SplittableRandom(5);
        List<Double> first = new ArrayList<>();
        List<Double> last = new ArrayList<>();
        List<Double> alerts = new ArrayList<>();
        try (Monitor monitor = Monitor.start(config);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
            if (!monitor.awaitRunning(Duration.ofSeconds(60))) {
                throw new IllegalStateException("Kafka Streams is not RUNNING");
            }
            Thread reader = new Thread(() -> read(cluster, config, firstScore, lastScore, alert), "latency-reader");
            reader.setDaemon(true);
            reader.start();
            int windows = 3 + 4 * rounds;
            long sent = 0;
            for (int w = 0; w <= windows; w++) {
                boolean drifted = w >= 3 && (w - 3) % 4 == 3;
                long windowStart = START + w * MINUTE;
                for (int i = 0; i < EVENTS; i++) {
                    double x = random.nextGaussian() + (drifted ? 3 : 0);
                    byte[] event = ("{\"model\":\"lat\",\"timestamp\":" + (windowStart + i * (MINUTE / EVENTS)) + ",\"features\":{\"x\":" + x + "}}")
                            .getBytes(StandardCharsets.UTF_8);
                    long t0 = System.nanoTime();
                    producer.send(new ProducerRecord<>(config.topics().input(), "lat".getBytes(StandardCharsets.UTF_8), event)).get();
                    sent++;
                    if (i == 0 && w > 3) {
                        // this record closed window w-1: wait for what it caused
                        long closed = windowStart - MINUTE;
                        waitFor(firstScore, lastScore, closed, alert, (w - 1 - 3) % 4 == 3);
                        first.add((firstScore.get(closed) - t0) / 1e6);
                        last.add((lastScore.get(closed) - t0) / 1e6);
                        if ((w - 1 - 3) % 4 == 3) {
                            alerts.add((alert.get(closed) - t0) / 1e6);
                        }
                    }
                    if (i == 0) {
                        // the rest of the window only once the closing record is processed: nothing else is in flight
                        long expected = sent;
                        while (monitor.counters().acceptedCount() < expected) {
                            Thread.sleep(1);
                        }
                    }
                }
            }
        }
        return new Latencies(first.stream().mapToDouble(Double::doubleValue).toArray(),
                last.stream().mapToDouble(Double::doubleValue).toArray(), alerts.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static void waitFor(Map<Long, Long> first, Map<Long, Long> last, long window, Map<Long, Long> alert, boolean alerting)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!(first.containsKey(window) && last.containsKey(window) && (!alerting || alert.containsKey(window)))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no score/alert record for window " + window + " within 30 s");
            }
            Thread.sleep(1);
        }
    }

    /** Arrival times (nanoTime) per window start: the first score record, the events record (the last of a window), the alert. */
    private static void read(KafkaCluster cluster, KdriftConfig config, Map<Long, Long> first, Map<Long, Long> last, Map<Long, Long> alert) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "latency-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(config.topics().scores(), config.topics().alerts()));
            while (true) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(5))) {
                    long now = System.nanoTime();
                    String v = new String(r.value(), StandardCharsets.UTF_8);
                    long windowEnd = java.time.Instant.parse(v.replaceAll("^.*\"windowEnd\":\"([^\"]+)\".*$", "$1")).toEpochMilli();
                    long window = windowEnd - MINUTE;
                    if (r.topic().equals(config.topics().alerts())) {
                        if (v.contains("\"status\":\"firing\"")) {
                            alert.putIfAbsent(window, now);
                        }
                    } else {
                        first.putIfAbsent(window, now);
                        if (v.contains("\"signal\":\"events\"")) {
                            last.putIfAbsent(window, now);
                        }
                    }
                }
            }
        }
    }

    static String table(Latencies l) {
        return "| latency (broker, exactly_once_v2, commit 100 ms) | median | min–max | samples |\n|---|---|---|---|\n"
                + row("closing record → first score record of the window", l.firstScoreMs)
                + row("closing record → last score record of the window", l.lastScoreMs)
                + row("closing record → alert record (drifted window)", l.alertMs);
    }

    private static String row(String name, double[] v) {
        return String.format(Locale.ROOT, "| %s | %s | %d |%n", name, medianAndRange(v), v.length);
    }

    /** "110 ms | 106–167 ms": the median and the range of the latencies. */
    static String medianAndRange(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%.0f ms | %.0f–%.0f ms", s[s.length / 2], s[0], s[s.length - 1]);
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (KafkaCluster cluster = KafkaCluster.singleNode()) {
            System.out.print(table(run(cluster, rounds)));
        }
    }
}
