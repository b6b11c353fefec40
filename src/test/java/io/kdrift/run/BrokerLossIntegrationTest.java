package io.kdrift.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.testing.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three brokers, every topic replicated 3 times with min.insync.replicas 2: one broker stops in the
 * middle of the stream and comes back later; kdrift keeps going, scores every window once, and counts
 * every valid event once.
 */
class BrokerLossIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void losingABrokerLosesNothingAndDoublesNothing() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.threeBrokers()) {
            String yaml = Files.readString(Path.of("examples/kdrift.yaml")).replace("grace: 10s", "grace: 10s\n  idleAfter: 5s")
                    + "\ntopics: {partitions: 3, replication: 3}\nhttp: {host: 127.0.0.1, port: 0}\n"
                    + "kafka:\n  bootstrap.servers: " + cluster.bootstrapServers() + "\n  application.id: kdrift-broker-loss\n"
                    + "  state.dir: " + dir.resolve("state") + "\n  replication.factor: \"3\"\n";
            KdriftConfig config = ConfigLoader.parse(yaml, "test.yaml");
            List<byte[][]> events = new ArrayList<>();
            Map<String, Integer> valid = new HashMap<>();
            for (String line : Files.readAllLines(Path.of("examples/events.jsonl"))) {
                String model = line.startsWith("{\"model\":\"price-v1\"") ? "price-v1" : line.startsWith("{\"model\":\"churn-v3\"") ? "churn-v3" : null;
                if (model != null && !line.contains("\"yesterday\"") && !line.contains("\"churn\":0.7}")) {
                    valid.merge(model, 1, Integer::sum);
                }
                events.add(new byte[][] {model == null ? null : model.getBytes(StandardCharsets.UTF_8), line.getBytes(StandardCharsets.UTF_8)});
            }
            int third = events.size() / 3;
            int victim = cluster.brokerIds().iterator().next();
            try (Monitor monitor = Monitor.start(config)) {
                assertTrue(monitor.awaitRunning(Duration.ofSeconds(90)));
                cluster.produce(config.topics().input(), events.subList(0, third));
                cluster.stopBroker(victim);
                cluster.produce(config.topics().input(), events.subList(third, 2 * third));
                cluster.startBroker(victim);
                cluster.produce(config.topics().input(), events.subList(2 * third, events.size()));
                List<ConsumerRecord<byte[], byte[]>> scores = cluster.consume(config.topics().scores(), 128, Duration.ofSeconds(5), Duration.ofSeconds(150));
                Map<String, Integer> windows = new HashMap<>();
                Map<String, Double> counted = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : scores) {
                    JsonNode n = JSON.readTree(r.value());
                    String key = n.get("model").asText() + "/" + n.get("signal").asText();
                    windows.merge(key + "@" + n.get("windowStart").asText(), 1, Integer::sum);
                    counted.merge(key, n.get("currentCount").asDouble(), Double::sum);
                }
                windows.forEach((w, n) -> assertEquals(1, n, w + " scored " + n + " times"));
                assertEquals(128, scores.size());
                assertEquals(valid.get("price-v1"), counted.get("price-v1/prediction").intValue());
                assertEquals(valid.get("churn-v3"), counted.get("churn-v3/prediction").intValue());
                assertEquals(org.apache.kafka.streams.KafkaStreams.State.RUNNING, monitor.streams().state());
            }
        }
    }
}
