package io.kdrift.run;

import io.kdrift.testing.Kcat;
import io.kdrift.testing.Http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.event.InferencePart;
import io.kdrift.inference.RequestJoin;
import io.kdrift.testing.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KServe's payload logger as kcat writes it to a real broker (librdkafka, not Java, not kdrift): CloudEvents in binary
 * mode, one kcat run per record with its ce_ headers, and in structured mode, keyed by nothing; requests and responses
 * spread by librdkafka over three partitions. Each request meets its response after the hop by model; a response
 * whose request never comes is scored alone once the join window has passed and counted; a record that is no KServe
 * CloudEvent reaches the dead-letter topic with a reason naming the format; the records are counted by topic.
 */
class KServeCloudEventsIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000;
    private static final String TOPIC = "kserve-logs";

    @TempDir
    Path dir;

    @Test
    void binaryAndStructuredCloudEventsFromKcatAreJoinedAndScored() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.singleNode()) {
            KdriftConfig config = ConfigLoader.parse("""
                    window: {size: 1m, grace: 0s, idleAfter: 2s}
                    reference: {mode: rolling, windows: 2}
                    scoring: {minCount: 1}
                    topics: {partitions: 3}
                    inputs:
                      - topic: %s
                        format: kserve
                        joinWindow: 5s
                        tensors: {columns: {instances: [sepal_length, sepal_width], input-0: [sepal_length, sepal_width]}}
                    http: {port: 0, host: 127.0.0.1}
                    kafka:
                      bootstrap.servers: %s
                      application.id: kdrift-kserve
                      state.dir: %s
                    """.formatted(TOPIC, cluster.bootstrapServers(), dir.resolve("state")), "test.yaml");
            long now = System.currentTimeMillis();
            long w0 = now - Math.floorMod(now, MINUTE) - 10 * MINUTE;
            try (Monitor monitor = Monitor.start(config)) {
                assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)));
                // 10 predictions in binary mode: a kcat run a record, for its own ce_ headers
                for (int i = 0; i < 10; i++) {
                    binary("b-" + i, "request", w0 + 1000 * i, "{\"instances\":[[" + (5 + i % 3) + ".1,3.5]]}", cluster);
                    binary("b-" + i, "response", w0 + 1000 * i + 7, "{\"predictions\":[" + (i % 3) + "]}", cluster);
                }
                // a response whose request never comes
                binary("b-lost", "response", w0 + 20_000, "{\"predictions\":[2]}", cluster);
                // 6 predictions in structured mode, one kcat run, V2 payloads, batches of 2 (ids s-k/0, s-k/1)
                StringBuilder structured = new StringBuilder();
                for (int k = 0; k < 3; k++) {
                    long t = w0 + 30_000 + 1000 * k;
                    structured.append(structured("s-" + k, "request", t, "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[2,2],\"datatype\":\"FP64\","
                            + "\"data\":[6.2,2.9,4.8,3.1]}]}")).append('\n');
                    structured.append(structured("s-" + k, "response", t + 5, "{\"model_name\":\"iris\",\"outputs\":[{\"name\":\"predict\","
                            + "\"shape\":[2],\"datatype\":\"INT64\",\"data\":[1,0]}]}")).append('\n');
                }
                structured.append("{\"specversion\":\"1.0\",\"type\":\"com.example.other\",\"id\":\"x\",\"data\":{}}\n");
                kcat(cluster, structured.toString(), List.of("-H", "content-type=application/cloudevents+json"));
                await(() -> monitor.counters().requestsJoinedCount(), 16, () -> "10 binary + 6 structured predictions joined; " + state(monitor));
                await(() -> monitor.counters().unmatchedCount(InferencePart.RESPONSE, RequestJoin.Unmatched.EXPIRED), 1,
                        "the lost response, after the join window");
                await(() -> monitor.counters().acceptedCount(), 17, "16 predictions and the response alone counted");
                binary("closing", "request", w0 + 2 * MINUTE + 1000, "{\"instances\":[[5.0,3.0]]}", cluster);
                binary("closing", "response", w0 + 2 * MINUTE + 1007, "{\"predictions\":[0]}", cluster);

                List<ConsumerRecord<byte[], byte[]>> dlq = cluster.consume("predictions-dlq", 1, Duration.ofSeconds(1), Duration.ofSeconds(60));
                assertEquals(1, dlq.size());
                assertEquals("invalid_envelope", header(dlq.get(0), "kdrift.reason"));
                assertTrue(header(dlq.get(0), "kdrift.detail").startsWith("kserve structured: type \"com.example.other\""),
                        header(dlq.get(0), "kdrift.detail"));

                long events = 0;
                long predictions = 0;
                long features = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (events == 0 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : cluster.consume("drift-scores", 1, Duration.ofSeconds(2), Duration.ofSeconds(10))) {
                        JsonNode s = JSON.readTree(r.value());
                        if (!s.get("windowStart").asText().equals(Instant.ofEpochMilli(w0).toString()) || !s.get("model").asText().equals("iris")) {
                            continue;
                        }
                        switch (s.get("signal").asText()) {
                            case "events" -> events = s.get("currentCount").asLong();
                            case "prediction" -> predictions = s.get("currentCount").asLong();
                            case "feature.sepal_length" -> features = s.get("currentCount").asLong();
                            default -> { }
                        }
                    }
                }
                assertEquals(17, events, "16 joined and the response alone, in one window, from three partitions");
                assertEquals(17, predictions);
                assertEquals(16, features, "the response alone has no features");

                String metrics = Http.response("http://127.0.0.1:" + monitor.httpPort() + "/metrics").body();
                // 23 binary (10 pairs, the lost response, the closing pair), 7 structured (3 pairs, the bad one)
                assertTrue(metrics.contains("kdrift_input_records_total{topic=\"" + TOPIC + "\"} 30.0"), grep(metrics, "kdrift_input"));
                assertTrue(metrics.contains("kdrift_input_rejected_total{topic=\"" + TOPIC + "\"} 1.0"), grep(metrics, "kdrift_input"));
                assertTrue(metrics.contains("kdrift_requests_unmatched_total{part=\"response\",reason=\"expired\"} 1.0"),
                        grep(metrics, "kdrift_requests"));
            }
        }
    }

    private static void binary(String id, String type, long time, String payload, KafkaCluster cluster) throws Exception {
        kcat(cluster, payload + "\n", List.of("-H", "ce_specversion=1.0", "-H", "ce_id=" + id, "-H", "ce_type=org.kubeflow.serving.inference." + type,
                "-H", "ce_source=http://localhost:9081/", "-H", "ce_time=" + Instant.ofEpochMilli(time), "-H", "ce_inferenceservicename=iris",
                "-H", "ce_namespace=default", "-H", "content-type=application/json"));
    }

    private static String structured(String id, String type, long time, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"type\":\"org.kubeflow.serving.inference." + type + "\",\"source\":"
                + "\"http://localhost:9081/\",\"time\":\"" + Instant.ofEpochMilli(time) + "\",\"inferenceservicename\":\"iris\","
                + "\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
    }

    private static void kcat(KafkaCluster cluster, String lines, List<String> headers) throws Exception {
        Kcat.produce(cluster.bootstrapServers(), TOPIC, lines, headers);
    }

    private static void await(LongSupplier value, long expected, String what) throws InterruptedException {
        await(value, expected, () -> what);
    }

    private static void await(LongSupplier value, long expected, java.util.function.Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (value.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(expected, value.getAsLong(), what);
    }

    private static String state(Monitor monitor) {
        StringBuilder b = new StringBuilder("accepted " + monitor.counters().acceptedCount() + ", rejected " + monitor.counters().rejectedCount());
        for (InferencePart part : InferencePart.values()) {
            for (RequestJoin.Unmatched why : RequestJoin.Unmatched.values()) {
                b.append(", ").append(part.code()).append(' ').append(why.code()).append(' ').append(monitor.counters().unmatchedCount(part, why));
            }
        }
        monitor.counters().topicCounts().forEach((t, c) -> b.append(", ").append(t).append(": ").append(c.records()).append(" records, ")
                .append(c.rejected()).append(" rejected"));
        return b.toString();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String grep(String text, String prefix) {
        return String.join("\n", text.lines().filter(l -> l.startsWith(prefix)).toList());
    }
}
