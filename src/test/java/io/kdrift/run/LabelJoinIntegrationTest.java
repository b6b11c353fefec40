package io.kdrift.run;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The label join on a real broker: labels keyed by prediction id, and predictions on a partition a non-Java producer
 * would choose, meet after both are repartitioned by model; kdrift stopped and started in between loses no
 * prediction waiting for its label and counts no label twice.
 */
class LabelJoinIntegrationTest {
    private static final long MINUTE = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aRestartLosesNoPendingJoinAndCountsNoLabelTwice() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.singleNode()) {
            KdriftConfig config = ConfigLoader.parse("""
                    window: {size: 1m, grace: 0s, idleAfter: 2s}
                    reference: {mode: rolling, windows: 2}
                    scoring: {minCount: 1}
                    topics: {partitions: 3}
                    labels: {topics: [drift-labels], horizon: 2m, waitForPrediction: 30s}
                    http: {port: 0, host: 127.0.0.1}
                    kafka:
                      bootstrap.servers: %s
                      application.id: kdrift-labels
                      state.dir: %s
                    """.formatted(cluster.bootstrapServers(), dir.resolve("state")), "test.yaml");
            long now = System.currentTimeMillis();
            long w0 = now - Math.floorMod(now, MINUTE) - 20 * MINUTE;
            String[] predicted = {"fraud", "ok", "fraud", "ok", "fraud", "ok"};
            String[] truth = {"fraud", "ok", "ok", "ok", "fraud", null}; // f: never labelled; c wrong; the rest right
            List<byte[][]> predictions = new ArrayList<>();
            for (int i = 0; i < predicted.length; i++) {
                predictions.add(keyed("m", "{\"model\":\"m\",\"id\":\"" + (char) ('a' + i) + "\",\"timestamp\":" + (w0 + 1_000 * (i + 1))
                        + ",\"prediction\":\"" + predicted[i] + "\"}"));
            }
            try (Monitor first = Monitor.start(config)) {
                assertTrue(first.awaitRunning(Duration.ofSeconds(60)));
                // a, c, e on a partition Kafka's Java partitioner would not give model m (as librdkafka's default, kcat's, would):
                // labels are brought to murmur2's partition of m, so these predictions must meet them there; b, d, f on that
                // partition (a Java producer's), where they stay
                for (int i = 0; i < predictions.size(); i++) {
                    cluster.produce("predictions", i % 2 == 0 ? notMurmur2("m", 3) : murmur2("m", 3), Collections.singletonList(predictions.get(i)));
                }
                // labels of a, b, c, each keyed by its id, then each a second time: once a duplicate is dead-lettered,
                // the first label of its partition has been joined
                List<byte[][]> labels = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    labels.add(label(i, w0 + MINUTE + i, truth[i]));
                }
                for (int i = 0; i < 3; i++) {
                    labels.add(label(i, w0 + MINUTE + 10 + i, truth[i]));
                }
                cluster.produce("drift-labels", labels);
                assertEquals(3, reasons(cluster.consume("predictions-dlq", 3, Duration.ofSeconds(1), Duration.ofSeconds(60)), "duplicate_label"));
            }
            try (Monitor second = Monitor.start(config)) {
                assertTrue(second.awaitRunning(Duration.ofSeconds(60)));
                List<byte[][]> labels = new ArrayList<>();
                labels.add(label(0, w0 + MINUTE + 20, "ok"));       // a once more: labelled before the restart
                labels.add(label(3, w0 + MINUTE + 30, truth[3]));   // d and e: waiting since before the restart
                labels.add(label(4, w0 + MINUTE + 40, truth[4]));
                labels.add(label(3, w0 + MINUTE + 50, truth[3]));   // and again, to know when d and e have been joined
                labels.add(label(4, w0 + MINUTE + 60, truth[4]));
                cluster.produce("drift-labels", labels);
                assertEquals(6, reasons(cluster.consume("predictions-dlq", 6, Duration.ofSeconds(1), Duration.ofSeconds(60)), "duplicate_label"),
                        "a's label after the restart is a duplicate too");
                // a prediction six minutes on: two horizons (2 min) past the first window, which is then final
                List<byte[][]> later = new ArrayList<>();
                later.add(keyed("m", "{\"model\":\"m\",\"id\":\"z\",\"timestamp\":" + (w0 + 6 * MINUTE) + ",\"prediction\":\"ok\"}"));
                cluster.produce("predictions", notMurmur2("m", 3), later);
                List<ConsumerRecord<byte[], byte[]>> performance = cluster.consume("drift-performance", 1, Duration.ofSeconds(2),
                        Duration.ofSeconds(60));
                assertEquals(1, performance.size());
                JsonNode w = JSON.readTree(performance.get(0).value());
                assertEquals(6, w.get("predictions").asLong());
                assertEquals(5, w.get("labelled").asLong(), "a, b, c before the restart; d, e after");
                assertEquals(1, w.get("unlabelled").asLong(), "f");
                assertEquals(4 / 5.0, w.get("classification").get("accuracy").asDouble(), 1e-12, "c was wrong; a's later labels did not count");
            }
        }
    }

    /** A partition of {@code partitions} other than the one Kafka's default partitioner gives {@code key}. */
    private static int notMurmur2(String key, int partitions) {
        return (murmur2(key, partitions) + 1) % partitions;
    }

    /** The partition Kafka's default partitioner gives {@code key}. */
    private static int murmur2(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static byte[][] keyed(String key, String json) {
        return new byte[][] {key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)};
    }

    /** The label of prediction {@code i} (a, b, ...), keyed by its id as a label producer would. */
    private static byte[][] label(int i, long time, String label) {
        String id = String.valueOf((char) ('a' + i));
        return keyed(id, "{\"model\":\"m\",\"id\":\"" + id + "\",\"label\":\"" + label + "\",\"timestamp\":" + time + "}");
    }

    /** How many of the dead letters have this reason; fails on any other reason. */
    private static int reasons(List<ConsumerRecord<byte[], byte[]>> deadLetters, String reason) {
        for (ConsumerRecord<byte[], byte[]> r : deadLetters) {
            assertEquals(reason, new String(r.headers().lastHeader("kdrift.reason").value(), StandardCharsets.UTF_8));
        }
        return deadLetters.size();
    }
}
