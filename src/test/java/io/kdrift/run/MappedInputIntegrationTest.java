package io.kdrift.run;

import io.kdrift.testing.Kcat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.testing.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records of another shape written by kcat (librdkafka, keyed by request id, with a header), batched, on a real broker:
 * every prediction of a batch is counted in its model's window, wherever librdkafka put the record, and a bad prediction
 * of a batch reaches the dead-letter topic as the record came, with its element named.
 */
class MappedInputIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;

    @Test
    void batchesFromKcatKeyedByRequestAreScoredByModel() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.singleNode()) {
            KdriftConfig config = ConfigLoader.parse("""
                    window: {size: 1m, grace: 0s, idleAfter: 2s}
                    reference: {mode: rolling, windows: 2}
                    scoring: {minCount: 1}
                    topics: {partitions: 3}
                    inputs:
                      - format: mapping
                        mapping: {model: /model, id: /rows/*/id, timestamp: /at, prediction: /rows/*/class}
                    http: {port: 0, host: 127.0.0.1}
                    kafka:
                      bootstrap.servers: %s
                      application.id: kdrift-mapped
                      state.dir: %s
                    """.formatted(cluster.bootstrapServers(), dir.resolve("state")), "test.yaml");
            long now = System.currentTimeMillis();
            long w0 = now - Math.floorMod(now, MINUTE) - 10 * MINUTE;
            StringBuilder lines = new StringBuilder();
            // window 0: 3 records of 4 predictions of m1 and 1 record of 2 of m2, keyed by request (spread by librdkafka's
            // partitioner over the three partitions); once they are in, a record of each model in window 2 closes it
            for (int r = 0; r < 3; r++) {
                lines.append("req-").append(r).append('\t').append(batch("m1", w0 + 1000 * r, 4, r)).append('\n');
            }
            lines.append("req-9\t").append(batch("m2", w0 + 5000, 2, 9)).append('\n');
            lines.append("req-8\t{\"model\":\"m1\",\"at\":").append(w0 + 1000).append(",\"rows\":[{\"id\":\"x\",\"class\":\"a\"},")
                    .append("{\"id\":\"y\",\"class\":{}}]}\n");
            String closing = "req-10\t" + batch("m1", w0 + 2 * MINUTE + 1000, 1, 10) + "\nreq-11\t" + batch("m2", w0 + 2 * MINUTE + 1000, 1, 11) + "\n";
            try (Monitor monitor = Monitor.start(config)) {
                assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)));
                kcat(cluster, lines.toString());
                long counted = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (monitor.counters().acceptedCount() < 15 && System.nanoTime() < counted) {
                    Thread.sleep(100);
                }
                assertEquals(15, monitor.counters().acceptedCount(), "13 predictions of m1 (one of req-8's is bad), 2 of m2");
                kcat(cluster, closing);
                List<ConsumerRecord<byte[], byte[]>> dlq = cluster.consume("predictions-dlq", 1, Duration.ofSeconds(1), Duration.ofSeconds(60));
                assertEquals(1, dlq.size());
                assertEquals("invalid_prediction", header(dlq.get(0), "kdrift.reason"));
                assertTrue(header(dlq.get(0), "kdrift.detail").startsWith("prediction 1 of the batch: "), header(dlq.get(0), "kdrift.detail"));
                assertEquals("kcat", header(dlq.get(0), "source"), "the producer's headers kept");
                assertEquals("req-8", new String(dlq.get(0).key(), StandardCharsets.UTF_8), "the record as it came");
                // m1: 12 + 1 (x of req-8) predictions in window 0; m2: 2
                long m1 = 0;
                long m2 = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while ((m1 == 0 || m2 == 0) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : cluster.consume("drift-scores", 1, Duration.ofSeconds(2), Duration.ofSeconds(10))) {
                        JsonNode s = JSON.readTree(r.value());
                        if (s.get("signal").asText().equals("events") && s.get("windowStart").asText().equals(java.time.Instant.ofEpochMilli(w0).toString())) {
                            if (s.get("model").asText().equals("m1")) {
                                m1 = s.get("currentCount").asLong();
                            } else {
                                m2 = s.get("currentCount").asLong();
                            }
                        }
                    }
                }
                assertEquals(13, m1, "every prediction of m1's batches, from every partition, in one window");
                assertEquals(2, m2);
            }
        }
    }

    private static void kcat(KafkaCluster cluster, String lines) throws Exception {
        Kcat.produce(cluster.bootstrapServers(), "predictions", lines, List.of("-K", "\t", "-H", "source=kcat"));
    }

    private static String batch(String model, long at, int n, int request) {
        StringBuilder b = new StringBuilder("{\"model\":\"" + model + "\",\"at\":" + at + ",\"rows\":[");
        for (int i = 0; i < n; i++) {
            b.append(i > 0 ? "," : "").append("{\"id\":\"").append(request).append('-').append(i).append("\",\"class\":\"")
                    .append(i % 2 == 0 ? "a" : "b").append("\"}");
        }
        return b.append("]}").toString();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
