package io.kdrift.run;

import io.kdrift.testing.Kcat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.cli.Kdrift;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.testing.Await;
import io.kdrift.testing.KafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker: a shift that lasts keeps its alerts firing (the reference is held, and says so in the verdicts and
 * the gauges), until a user accepts it over HTTP (POST /models/m/rebaseline); then the reference restarts and the
 * alerts resolve. The command refuses what it cannot do with one clear line. And segments by a header that kcat
 * (librdkafka, not Java) writes on records without a key, which hop by model first.
 */
class RebaselineIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000;
    private static final int EVENTS = 200;
    private static final int ONSET = 15;
    private static KafkaCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = KafkaCluster.shared();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    /** Windows [from, to): x ~ N(0, 1) before the onset, N(2, 1) from it; one event of window {@code to} closes the last. */
    private static List<byte[][]> windows(long t0, Random rnd, int from, int to) {
        List<byte[][]> out = new ArrayList<>();
        for (int w = from; w <= to; w++) {
            for (int i = 0; i < (w == to ? 1 : EVENTS); i++) {
                String json = String.format(Locale.ROOT, "{\"model\":\"m\",\"timestamp\":%d,\"prediction\":0.5,\"features\":{\"x\":%.4f}}",
                        t0 + w * MINUTE + i * (MINUTE / EVENTS), (w >= ONSET ? 2 : 0) + rnd.nextGaussian());
                out.add(new byte[][] {"m".getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)});
            }
        }
        return out;
    }

    private static List<JsonNode> read(String topic, int atLeast) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : cluster.consume(topic, atLeast, Duration.ofSeconds(1), Duration.ofSeconds(30))) {
            out.add(JSON.readTree(r.value()));
        }
        return out;
    }

    private static boolean has(List<JsonNode> alerts, String rule, String status) {
        return alerts.stream().anyMatch(a -> a.get("rule").asText().equals(rule) && a.get("status").asText().equals(status));
    }

    @Test
    void aLastingShiftFiresUntilTheUserAcceptsItThenTheReferenceRestarts() throws Exception {
        String id = Long.toHexString(System.nanoTime());
        Path configFile = dir.resolve("kdrift.yaml");
        Files.writeString(configFile, "window: {size: 1m, grace: 0s, idleAfter: 1h}\n"
                + "topics: {input: in-" + id + ", scores: scores-" + id + ", verdicts: verdicts-" + id + ", alerts: alerts-" + id
                + ", deadLetter: dlq-" + id + ", reference: reference-" + id + ", partitions: 1}\n"
                + "http: {port: 0, host: 127.0.0.1, allowRebaseline: true}\n"
                + "kafka:\n  bootstrap.servers: " + cluster.bootstrapServers() + "\n  application.id: kdrift-" + id
                + "\n  state.dir: " + dir.resolve("state") + "\n  commit.interval.ms: 200\n");
        KdriftConfig config = ConfigLoader.load(configFile);
        long t0 = (System.currentTimeMillis() / MINUTE - 90) * MINUTE;
        Random rnd = new Random(8);
        HttpClient http = HttpClient.newHttpClient();
        try (Monitor monitor = Monitor.start(config)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)), "Kafka Streams RUNNING");
            String base = "http://127.0.0.1:" + monitor.httpPort();
            cluster.produce(config.topics().input(), windows(t0, rnd, 0, 30));
            Await.until(() -> has(read(config.topics().alerts(), 1), "KdriftModelDrift", "firing"), Duration.ofSeconds(60),
                    "KdriftModelDrift firing");
            Await.until(() -> read(config.topics().verdicts(), 29).size() >= 30, Duration.ofSeconds(60), "the verdict of window 29");
            List<JsonNode> verdicts = read(config.topics().verdicts(), 30);
            JsonNode last = verdicts.get(verdicts.size() - 1);
            assertEquals(30 - 1 - ONSET, last.get("referenceHeldWindows").asInt(), "held since the onset: " + last);
            assertEquals(1, last.get("signalsDrifted").asInt(), last.toString());
            assertTrue(!has(read(config.topics().alerts(), 1), "KdriftModelDrift", "resolved"), "still firing after 15 shifted windows");
            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("kdrift_reference_held_windows{model=\"m\"} " + (30 - 2 - ONSET) + ".0")
                            || metrics.contains("kdrift_reference_held_windows{model=\"m\"} " + (30 - 1 - ONSET) + ".0"),
                    metrics.lines().filter(l -> l.startsWith("kdrift_reference") || l.startsWith("kdrift_model")).toList().toString());
            assertTrue(metrics.contains("kdrift_model_signal_drifted{model=\"m\",signal=\"feature.x\"} 1.0"));

            // the API: GET is not how; a pinned-style mistake is a 400 with the reason; POST restarts the reference
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(base + "/models/m/rebaseline")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, get.statusCode());
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/models/no%20such/rebaseline"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("is not a model id"), bad.body());
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + "/models/m/rebaseline"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, ok.statusCode(), ok.body());
            assertEquals("m", JSON.readTree(ok.body()).get("rebaseline").asText());
            List<JsonNode> requests = read(config.topics().reference(), 1);
            assertEquals("m", requests.get(0).get("rebaseline").asText());
            Thread.sleep(2000); // the global store reads the request

            cluster.produce(config.topics().input(), windows(t0, rnd, 30, 40));
            Await.until(() -> has(read(config.topics().alerts(), 2), "KdriftModelDrift", "resolved"), Duration.ofSeconds(60),
                    "KdriftModelDrift resolved against the new reference");
            Await.until(() -> read(config.topics().verdicts(), 39).size() >= 40, Duration.ofSeconds(60), "the verdict of window 39");
            verdicts = read(config.topics().verdicts(), 40);
            last = verdicts.get(verdicts.size() - 1);
            assertEquals(0, last.get("referenceHeldWindows").asInt(), last.toString());
            assertEquals(0, last.get("signalsDrifted").asInt(), last.toString());
        }
        // the command: a model id that is none is one clear line and exit 2
        assertEquals(2, Kdrift.execute("rebaseline", "--config", configFile.toString(), "--model", "bad/model"));
        assertEquals(0, Kdrift.execute("rebaseline", "--config", configFile.toString(), "--model", "m"));
        assertTrue(read(config.topics().reference(), 2).size() >= 2, "the command published a second request");
    }

    @Test
    void aHeaderWrittenByKcatNamesTheSegmentAlsoAfterTheHopByModel() throws Exception {
        String id = Long.toHexString(System.nanoTime());
        String yaml = "window: {size: 1m, grace: 0s, idleAfter: 1h}\nsegments: [{header: x-tenant, max: 2}]\n"
                + "topics: {input: in-" + id + ", scores: scores-" + id + ", verdicts: verdicts-" + id + ", alerts: alerts-" + id
                + ", deadLetter: dlq-" + id + ", reference: reference-" + id + ", partitions: 2}\n"
                + "http: {port: 0, host: 127.0.0.1}\n"
                + "kafka:\n  bootstrap.servers: " + cluster.bootstrapServers() + "\n  application.id: kdrift-" + id
                + "\n  state.dir: " + dir.resolve("state2") + "\n  commit.interval.ms: 200\n";
        KdriftConfig config = ConfigLoader.parse(yaml, "segments.yaml");
        long t0 = (System.currentTimeMillis() / MINUTE - 30) * MINUTE;
        try (Monitor monitor = Monitor.start(config)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)), "Kafka Streams RUNNING");
            // three tenants, one kcat run each (its -H on every record), no key: the records hop by model
            int[] counts = {5, 7, 4};
            String[] tenants = {"acme", "globex", "initech/eu"};
            for (int k = 0; k < 3; k++) {
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < counts[k]; i++) {
                    lines.append("{\"model\":\"m\",\"timestamp\":").append(t0 + 1000L * (k * 10 + i)).append(",\"prediction\":\"a\"}\n");
                }
                kcat(config.topics().input(), lines.toString(), "x-tenant=" + tenants[k]);
            }
            // an event of the next window, without the header, in each partition closes the first: the model's clock is the
            // lesser of its partitions' (neither is idle: idleAfter is an hour)
            Await.until(() -> monitor.counters().acceptedCount() == 16, Duration.ofSeconds(60), "the 16 events of the first window accepted");
            for (int partition = 0; partition < 2; partition++) {
                kcat(config.topics().input(), "{\"model\":\"m\",\"timestamp\":" + (t0 + MINUTE + 1000) + ",\"prediction\":\"a\"}\n", null,
                        "-p", Integer.toString(partition));
            }
            java.util.Map<String, Double> events = new java.util.TreeMap<>();
            Await.until(() -> {
                for (JsonNode s : read(config.topics().scores(), 4)) {
                    if (s.get("signal").asText().equals("events")) {
                        events.put(s.get("model").asText(), s.get("currentCount").asDouble());
                    }
                }
                return events.size() >= 4;
            }, Duration.ofSeconds(60), "the events records of the model and its segments");
            // max 2: acme and globex by arrival, the third tenant counted as __other__ ("/" would not be a key's character)
            assertEquals(java.util.Map.of("m", 16.0, "m{x-tenant=acme}", 5.0, "m{x-tenant=globex}", 7.0, "m{x-tenant=__other__}", 4.0), events);
        }
    }

    private static void kcat(String topic, String lines, String header, String... more) throws Exception {
        List<String> options = new ArrayList<>(List.of(more));
        if (header != null) {
            options.addAll(List.of("-H", header));
        }
        Kcat.produce(cluster.bootstrapServers(), topic, lines, options);
    }
}
