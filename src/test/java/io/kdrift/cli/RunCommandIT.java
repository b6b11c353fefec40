package io.kdrift.cli;

import static io.kdrift.testing.Processes.read;
import static io.kdrift.testing.Processes.signal;
import static io.kdrift.testing.Processes.awaitLine;
import static io.kdrift.testing.Processes.assertStops;
import static io.kdrift.testing.Http.status;
import static io.kdrift.testing.Http.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.testing.KafkaCluster;
import io.kdrift.testing.SampleTotals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar, as a user runs it: {@code kdrift run} with no bootstrap servers starts its embedded
 * broker, scores events, stops cleanly on SIGTERM without printing a secret, and a second start in the
 * same directory resumes from the broker's data and the committed state without emitting anything twice.
 */
class RunCommandIT {
    private static final String SECRET = "t0p-s3cret-" + UUID.randomUUID();
    private static final Pattern BOOTSTRAP = Pattern.compile("at (127\\.0\\.0\\.1:\\d+)");
    private static final Pattern METRICS = Pattern.compile("http://localhost:(\\d+)/metrics");
    private static final Pattern WINDOW = Pattern.compile("\"windowStart\":\"([^\"]+)\"");
    private static final Pattern AGAIN = Pattern.compile("kdrift is running again\\.\\s+live page: http://localhost:(\\d+)/");

    @TempDir
    Path dir;

    private Process start(Path log) throws IOException {
        return new ProcessBuilder("java", "-jar", System.getProperty("kdrift.jar"), "run", "--config", "kdrift.yaml")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void runStartsItsEmbeddedBrokerScoresStopsOnSigtermAndResumes() throws Exception {
        Files.writeString(dir.resolve("kdrift.yaml"), Files.readString(Path.of("examples/kdrift.yaml")).replace("grace: 10s", "grace: 10s\n  idleAfter: 3s")
                + "\nhttp: {host: 127.0.0.1, port: 0}\nembedded: {port: 0, controllerPort: 0}\n"
                + "kafka:\n  sasl.jaas.config: org.apache.kafka.common.security.plain.PlainLoginModule required username=\"kdrift\" password=\""
                        + SECRET + "\";\n");
        Path log1 = dir.resolve("run-1.log");
        Process first = start(log1);
        String bootstrap = awaitLine(log1, BOOTSTRAP, first).group(1);
        String http = "http://127.0.0.1:" + awaitLine(log1, METRICS, first).group(1);
        KafkaCluster.produce(bootstrap, "predictions", null, new SampleTotals().records, new Properties());
        // the last window of each model (their tasks' clocks close them about together, not at once)
        awaitScore(http + "/scores?model=price-v1", "2026-01-05T09:07:00Z");
        awaitScore(http + "/scores?model=churn-v3", "2026-01-05T09:07:00Z");
        assertEquals(200, status(http + "/ready"));
        assertEquals(200, status(http + "/health"));

        signal(first, "TERM"); // how Kubernetes stops a pod
        assertStops(first, log1);
        assertEquals(0, first.exitValue(), "SIGTERM (how Kubernetes stops a pod) is a clean stop: exit 0, not 143");
        String out1 = read(log1);
        assertTrue(out1.contains("PENDING_SHUTDOWN -> NOT_RUNNING") && out1.contains("embedded Kafka broker stopped"), out1);
        assertFalse(out1.contains(SECRET), "a secret was printed");
        assertTrue(Files.exists(dir.resolve("data/kafka/meta.properties")), "the broker kept its data");

        Path log2 = dir.resolve("run-2.log");
        Process second = start(log2);
        try {
            String bootstrap2 = awaitLine(log2, BOOTSTRAP, second).group(1);
            String http2 = "http://127.0.0.1:" + awaitLine(log2, METRICS, second).group(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (status(http2 + "/ready") != 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(200, status(http2 + "/ready"));
            Thread.sleep(5000); // long enough for the idle punctuator, were it to re-close anything
            assertEquals(io.kdrift.testing.SampleTotals.SCORE_RECORDS, countScores(bootstrap2), "every window scored exactly once across the restart");
            assertFalse(read(log2).contains("created topic"), "the topics were still there");
            // Ctrl-C: the same clean stop
            signal(second, "INT");
            assertStops(second, log2);
            assertEquals(0, second.exitValue(), "Ctrl-C is a clean stop: exit 0, not 130");
            assertTrue(read(log2).contains("embedded Kafka broker stopped"), read(log2));
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
        }
        assertFalse(read(log2).contains(SECRET));
    }

    /**
     * The first input given a partition while kdrift runs: Kafka Streams cannot give it a task of the state's, kdrift
     * starts again in the same process, reading it through the hop, and every window is scored once (issue 27): the
     * sample before, and the sample a day later after (Kafka's partitioner now puts both models elsewhere).
     */
    @Test
    void aPartitionAddedToTheInputWhileItRunsStartsItAgainAndEveryWindowIsScoredOnce() throws Exception {
        Files.writeString(dir.resolve("kdrift.yaml"), Files.readString(Path.of("examples/kdrift.yaml")).replace("grace: 10s", "grace: 10s\n  idleAfter: 3s")
                + "\nhttp: {host: 127.0.0.1, port: 0}\nembedded: {port: 0, controllerPort: 0}\n"
                + "kafka:\n  metadata.max.age.ms: \"500\"\n  session.timeout.ms: \"6000\"\n");
        Path log = dir.resolve("run.log");
        Process run = start(log);
        try {
            String bootstrap = awaitLine(log, BOOTSTRAP, run).group(1);
            String http = "http://127.0.0.1:" + awaitLine(log, METRICS, run).group(1);
            KafkaCluster.produce(bootstrap, "predictions", null, new SampleTotals().records, new Properties());
            awaitScore(http + "/scores?model=price-v1", "2026-01-05T09:07:00Z");
            awaitScore(http + "/scores?model=churn-v3", "2026-01-05T09:07:00Z");
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
                int n = admin.describeTopics(List.of("predictions")).allTopicNames().get().get("predictions").partitions().size();
                admin.createPartitions(Map.of("predictions", NewPartitions.increaseTo(n + 1))).all().get();
            }
            String again = "http://127.0.0.1:" + awaitLine(log, AGAIN, run).group(1);
            KafkaCluster.produce(bootstrap, "predictions", null, dayLater(new SampleTotals().records), new Properties());
            awaitScore(again + "/scores?model=price-v1", "2026-01-06T09:07:00Z");
            awaitScore(again + "/scores?model=churn-v3", "2026-01-06T09:07:00Z");
            Map<String, Integer> scores = scoresByWindow(bootstrap);
            assertEquals(2 * SampleTotals.SCORE_RECORDS, scores.values().stream().mapToInt(Integer::intValue).sum(),
                    () -> "every window scored exactly once: " + scores + "\n" + read(log));
            assertTrue(scores.values().stream().allMatch(c -> c == 1), scores::toString);
            signal(run, "TERM");
            assertStops(run, log);
            assertEquals(0, run.exitValue(), read(log));
            assertTrue(read(log).contains("its records hop by model"), read(log));
        } finally {
            run.destroy();
            run.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** The records with their event times a day later. */
    private static List<byte[][]> dayLater(List<byte[][]> records) {
        Pattern time = Pattern.compile("\"timestamp\":(\\d+)");
        return records.stream().map(r -> {
            String v = new String(r[1], java.nio.charset.StandardCharsets.UTF_8);
            Matcher m = time.matcher(v);
            String shifted = m.find() ? v.substring(0, m.start(1)) + (Long.parseLong(m.group(1)) + 86_400_000L) + v.substring(m.end(1)) : v;
            return new byte[][] {r[0], shifted.getBytes(java.nio.charset.StandardCharsets.UTF_8)};
        }).toList();
    }

    private static int countScores(String bootstrap) {
        return scoresByWindow(bootstrap).values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The score records on drift-scores, counted by model and window. */
    private static Map<String, Integer> scoresByWindow(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "count-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Integer> out = new java.util.TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of("drift-scores"));
            long quietUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < quietUntil) {
                var records = c.poll(Duration.ofMillis(200));
                for (var r : records) {
                    String score = new String(r.value(), java.nio.charset.StandardCharsets.UTF_8);
                    Matcher w = WINDOW.matcher(score);
                    out.merge(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8) + "@" + (w.find() ? w.group(1) : "?"), 1, Integer::sum);
                }
                if (records.count() > 0) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        return out;
    }

    private static void awaitScore(String url, String windowStart) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (get(url).contains("\"windowStart\":\"" + windowStart + "\"")) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no score of window " + windowStart + ": " + get(url));
    }
}
