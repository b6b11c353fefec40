package io.kdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import io.kdrift.testing.KafkaCluster;
import io.kdrift.testing.SampleTotals;
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

    @TempDir
    Path dir;

    private Process start(Path log) throws IOException {
        return new ProcessBuilder("java", "-jar", System.getProperty("kdrift.jar"), "run", "--config", "kdrift.yaml")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Matcher awaitLine(Path log, Pattern p, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(Files.readString(log));
            if (m.find()) {
                return m;
            }
            assertTrue(process.isAlive(), () -> "kdrift exited:\n" + read(log));
            Thread.sleep(200);
        }
        throw new AssertionError("no " + p + " in:\n" + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
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

        first.destroy(); // SIGTERM
        assertTrue(first.waitFor(60, TimeUnit.SECONDS), "stopped within 60 s");
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
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(second.pid())).start().waitFor());
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "stopped within 60 s");
            assertEquals(0, second.exitValue(), "Ctrl-C is a clean stop: exit 0, not 130");
            assertTrue(read(log2).contains("embedded Kafka broker stopped"), read(log2));
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
        }
        assertFalse(read(log2).contains(SECRET));
    }

    private static int countScores(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "count-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        int n = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of("drift-scores"));
            long quietUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < quietUntil) {
                int got = c.poll(Duration.ofMillis(200)).count();
                n += got;
                if (got > 0) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        return n;
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

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int status(String url) throws Exception {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }
}
