package io.kdrift.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.replay.Envelope;
import io.kdrift.testing.KafkaCluster;
import io.kdrift.testing.SameScores;
import io.kdrift.testing.ServingRecords;
import io.kdrift.testing.ServingRecords.Prediction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker, the same predictions in kdrift's own shape on one topic, and written by seven serving-layer
 * formats over nine topics (one of them read by a pattern) into one application with seven inputs, give the same score
 * records field by field (doubles to the last digits, which depend on the order of a sum): every window of every signal.
 */
class ServingFormatsIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    // fixed bins and a grace: what a window holds does not depend on the order the hops deliver its events in
    private static final String COMMON = """
            window: {size: 1m, grace: 2m, idleAfter: 2s}
            reference: {mode: rolling, windows: 3}
            binning: {numeric: {type: uniform, min: 0, max: 10, bins: 10}}
            http: {port: 0, host: 127.0.0.1}
            """;
    private static final String TENSORS = ServingRecords.TENSORS;

    @TempDir
    Path dir;

    @Test
    void everyFormatAtOnceScoresAsKdriftsOwnShapeOnABroker() throws Exception {
        long now = System.currentTimeMillis();
        long t0 = now - Math.floorMod(now, 60_000L) - 15 * 60_000L; // recent: a broker keeps them, kdrift takes them
        List<Prediction> all = ServingRecords.predictions(700, 10, 5, t0);
        String lastWindow = java.time.Instant.ofEpochMilli(t0 + 9 * 60_000L).toString();
        try (KafkaCluster cluster = KafkaCluster.singleNode()) {
            produce(cluster, all.stream().map(p -> ServingRecords.nativeEnvelope(p, "native")).toList());
            produce(cluster, ServingRecords.mixed(all));
            // once all is in, an event 13 minutes on closes every window of the 10 minutes of predictions
            String closing = ServingRecords.nativeEnvelope(ServingRecords.predictions(1, 1, 9, t0 + 13 * 60_000L).get(0), "TOPIC");
            Map<String, JsonNode> expected = scores(cluster, "native", "inputs: [{topic: native}]\n", closing.replace("TOPIC", "native"), lastWindow);
            Map<String, JsonNode> got = scores(cluster, "serving", """
                    inputs:
                      - {topic: predictions}
                      - {topic: oip, format: oip, model: iris, %1$s}
                      - {topic: oip-requests, format: oip, encoding: protobuf, part: request, %1$s}
                      - {topic: oip-responses, format: oip, encoding: protobuf, part: response, %1$s}
                      - {topic: kserve, format: kserve, %1$s}
                      - {topics: [mlserver-requests, mlserver-responses], format: mlserver, %1$s}
                      - {pattern: 'seldon\\..*\\.model\\..*', format: seldon, %1$s}
                    """.formatted(TENSORS), closing.replace("TOPIC", "predictions"), lastWindow);
            assertEquals(8 * 10, expected.size(), "8 signals, 10 windows: " + expected.keySet());
            assertEquals(expected.keySet(), got.keySet());
            for (String key : expected.keySet()) {
                SameScores.assertSame(expected.get(key), got.get(key), key);
            }
        }
    }

    /** The final score record of every model/signal/window that kdrift (this configuration) writes for what is on the topics. */
    private Map<String, JsonNode> scores(KafkaCluster cluster, String name, String inputs, String closing, String lastWindow) throws Exception {
        KdriftConfig config = ConfigLoader.parse(COMMON + inputs + """
                topics: {scores: scores-%1$s, deadLetter: dlq-%1$s, alerts: alerts-%1$s, partitions: 1}
                kafka:
                  bootstrap.servers: %2$s
                  application.id: kdrift-%1$s
                  state.dir: %3$s
                  consumer.auto.offset.reset: earliest
                """.formatted(name, cluster.bootstrapServers(), dir.resolve(name)), name + ".yaml");
        Map<String, JsonNode> out = new TreeMap<>();
        try (Monitor monitor = Monitor.start(config)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (monitor.counters().acceptedCount() + monitor.counters().lateCount() < 700 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            produce(cluster, List.of(closing));
            while (System.nanoTime() < deadline && !out.containsKey("iris/events/" + lastWindow)) {
                for (ConsumerRecord<byte[], byte[]> r : cluster.consume("scores-" + name, 1, Duration.ofSeconds(1), Duration.ofSeconds(5))) {
                    JsonNode s = JSON.readTree(r.value());
                    out.put(s.get("model").asText() + "/" + s.get("signal").asText() + "/" + s.get("windowStart").asText(), s);
                }
            }
            out.keySet().removeIf(k -> k.substring(k.lastIndexOf('/') + 1).compareTo(lastWindow) > 0); // the closing event's window
            assertEquals(0, monitor.counters().rejectedCount(), name);
            assertEquals(0, monitor.counters().lateCount(), name);
        }
        return out;
    }

    private static void produce(KafkaCluster cluster, List<String> lines) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String line : lines) {
                Envelope e = Envelope.parse(line.getBytes(StandardCharsets.UTF_8));
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(e.topic(), null, e.timestamp(), e.key(), e.value());
                e.headers().forEach(h -> r.headers().add(h.getKey(), h.getValue()));
                producer.send(r);
            }
            producer.flush();
        }
    }
}
