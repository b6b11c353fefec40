package io.kdrift.run;

import io.kdrift.testing.Kcat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.replay.Replay;
import io.kdrift.testing.Await;
import io.kdrift.testing.KafkaCluster;
import io.kdrift.testing.SameScores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Predictions of six models keyed by model as librdkafka places them (kcat: CRC32, not Java's murmur2, so each hops to its
 * model's task), labels keyed by prediction id, both already waiting when kdrift starts, {@code grace: 0s}: with one clock
 * per task over every partition (issue 27) no prediction is late, no label is judged by another partition's time, and
 * every window's performance is replay's of the same predictions and labels.
 */
class LabelCatchUpIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000;
    private static final int MODELS = 6;
    private static final String COMMON = """
            window: {size: 1m, grace: 0s, idleAfter: 10s}
            reference: {mode: rolling, windows: 3}
            scoring: {minCount: 1}
            labels: {topics: [%s], horizon: 5m, waitForPrediction: 2m}
            http: {port: 0, host: 127.0.0.1}
            """;
    private static KafkaCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void sharedCluster() throws Exception {
        cluster = KafkaCluster.shared();
    }

    @Test
    void predictionsKeyedByKcatAndLabelsKeyedByIdGiveReplaysPerformance() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String predictionsTopic = "label-catch-up-" + id;
        String labelsTopic = "labels-catch-up-" + id;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(predictionsTopic, 3, (short) 1), new NewTopic(labelsTopic, 3, (short) 1))).all().get();
        }
        long now = System.currentTimeMillis();
        long t0 = now - Math.floorMod(now, MINUTE) - 3 * 60 * MINUTE;
        // an hour of each model, a prediction every 2 s; 80 % labelled 20 s to 3 min later, right 85 % of the time
        SplittableRandom r = new SplittableRandom(27);
        StringBuilder events = new StringBuilder();
        StringBuilder kcatLines = new StringBuilder();
        List<long[]> labelOrder = new ArrayList<>();
        List<String> labelLines = new ArrayList<>();
        for (long at = t0; at < t0 + 60 * MINUTE; at += 2_000) {
            for (int m = 0; m < MODELS; m++) {
                String model = "model-" + m;
                String predictionId = model + "-" + at;
                String predicted = r.nextDouble() < 0.3 ? "fraud" : "ok";
                String event = "{\"model\":\"" + model + "\",\"id\":\"" + predictionId + "\",\"timestamp\":" + (at + m) + ",\"prediction\":\""
                        + predicted + "\"}";
                events.append(event).append('\n');
                kcatLines.append(model).append('\t').append(event).append('\n');
                if (r.nextDouble() < 0.8) {
                    String label = r.nextDouble() < 0.85 ? predicted : predicted.equals("ok") ? "fraud" : "ok";
                    labelOrder.add(new long[] {at + 20_000 + r.nextLong(160_000), labelLines.size()});
                    labelLines.add(predictionId + "\t{\"model\":\"" + model + "\",\"id\":\"" + predictionId + "\",\"label\":\"" + label
                            + "\",\"timestamp\":");
                }
            }
        }
        labelOrder.sort(Comparator.comparingLong(l -> l[0]));
        StringBuilder labels = new StringBuilder();
        List<byte[][]> labelRecords = new ArrayList<>();
        for (long[] l : labelOrder) {
            String line = labelLines.get((int) l[1]) + l[0] + "}";
            int tab = line.indexOf('\t');
            labels.append(line, tab + 1, line.length()).append('\n');
            labelRecords.add(new byte[][] {line.substring(0, tab).getBytes(StandardCharsets.UTF_8),
                line.substring(tab + 1).getBytes(StandardCharsets.UTF_8)});
        }
        // predictions by kcat, keyed by model (librdkafka's partitioner), then the labels keyed by id (Java's)
        Kcat.produce(cluster.bootstrapServers(), predictionsTopic, kcatLines.toString(), List.of("-K", "\t"));
        cluster.produce(labelsTopic, labelRecords);

        KdriftConfig config = ConfigLoader.parse(COMMON.formatted(labelsTopic) + """
                inputs: [{topic: %1$s}]
                topics: {scores: scores-%2$s, deadLetter: dlq-%2$s, alerts: alerts-%2$s, verdicts: verdicts-%2$s, performance: performance-%2$s,
                         partitions: 3}
                kafka:
                  bootstrap.servers: %3$s
                  application.id: kdrift-label-catch-up-%2$s
                  state.dir: %4$s
                """.formatted(predictionsTopic, id, cluster.bootstrapServers(), dir.resolve("state")), "labels.yaml");
        int predictions = events.toString().split("\n").length;
        Map<String, JsonNode> got = new TreeMap<>();
        try (Monitor monitor = Monitor.start(config)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)));
            Await.until(() -> monitor.counters().acceptedCount() + monitor.counters().lateCount() >= predictions
                    && monitor.counters().labelCount() >= labelRecords.size(), Duration.ofSeconds(180),
                    () -> "every prediction and label read: accepted " + monitor.counters().acceptedCount() + ", late " + monitor.counters().lateCount()
                            + ", labels " + monitor.counters().labelCount());
            // then a prediction of another model, without an id, two horizons on in every partition: every window is final
            for (int partition = 0; partition < 3; partition++) {
                Kcat.produce(cluster.bootstrapServers(), predictionsTopic, "{\"model\":\"closing\",\"timestamp\":" + (t0 + 72 * MINUTE)
                        + ",\"prediction\":\"ok\"}\n", List.of("-p", Integer.toString(partition)));
            }
            String last = Instant.ofEpochMilli(t0 + 59 * MINUTE).toString();
            Await.until(() -> {
                for (ConsumerRecord<byte[], byte[]> p : cluster.consume("performance-" + id, 1, Duration.ofSeconds(1), Duration.ofSeconds(3))) {
                    JsonNode n = JSON.readTree(p.value());
                    got.put(n.get("model").asText() + "/" + n.get("windowStart").asText(), n);
                }
                return got.keySet().stream().filter(k -> k.endsWith(last)).count() == MODELS;
            }, Duration.ofSeconds(120), () -> "every model's last window final: " + got.size() + " performance records");
            assertEquals(0, monitor.counters().lateCount(), "late predictions");
        }

        ByteArrayOutputStream performance = new ByteArrayOutputStream();
        KdriftConfig replayConfig = ConfigLoader.parse(COMMON.formatted(labelsTopic), "replay.yaml");
        Replay.run(replayConfig, new ByteArrayInputStream(events.toString().getBytes(StandardCharsets.UTF_8)),
                Replay.Options.to(OutputStream.nullOutputStream(), OutputStream.nullOutputStream())
                        .withLabels(new Replay.LabelReplay(new ByteArrayInputStream(labels.toString().getBytes(StandardCharsets.UTF_8)), performance)));
        Map<String, JsonNode> expected = new TreeMap<>();
        for (String line : performance.toString(StandardCharsets.UTF_8).lines().toList()) {
            JsonNode n = JSON.readTree(line);
            expected.put(n.get("model").asText() + "/" + n.get("windowStart").asText(), n);
        }
        assertEquals(MODELS * 60, expected.size(), "an hour of windows of each model");
        assertEquals(expected.keySet(), got.keySet());
        for (String key : expected.keySet()) {
            SameScores.assertSame(expected.get(key), got.get(key), key);
        }
    }
}
