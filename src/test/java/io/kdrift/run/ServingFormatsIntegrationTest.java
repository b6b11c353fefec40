package io.kdrift.run;

import io.kdrift.testing.Kcat;
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

    /**
     * A gateway of three models, as kcat (librdkafka, not Java) writes it: an OIP JSON topic pair and an OIP protobuf
     * pair of three partitions each, spread by librdkafka's partitioner; requests that name no model, the JSON pair's
     * responses written before their requests, batches of ten. Every model's score records equal those of the same
     * predictions in kdrift's own shape at the times the broker gave the requests.
     */
    @Test
    void aGatewaysThreeModelsWrittenByKcatScoreAsTheirOwnEventsOnABroker() throws Exception {
        List<String> models = List.of("iris-a", "iris-b", "iris-c");
        List<Prediction> all = ServingRecords.predictions(900, 10, 13);
        List<String> records = ServingRecords.gateway(all, 10, models);
        try (KafkaCluster cluster = KafkaCluster.singleNode()) {
            Properties admin = new Properties();
            admin.put("bootstrap.servers", cluster.bootstrapServers());
            try (org.apache.kafka.clients.admin.Admin a = org.apache.kafka.clients.admin.Admin.create(admin)) {
                a.createTopics(java.util.stream.Stream.of("gw-requests", "gw-responses", "gwpb-requests", "gwpb-responses")
                        .map(t -> new org.apache.kafka.clients.admin.NewTopic(t, 3, (short) 1)).toList()).all().get();
            }
            // a file a record, one kcat run a topic (kcat sends each file named as one message): the JSON responses first
            Map<String, List<String>> files = new TreeMap<>();
            for (int i = 0; i < records.size(); i++) {
                Envelope e = Envelope.parse(records.get(i).getBytes(StandardCharsets.UTF_8));
                Path file = dir.resolve("record-" + i + ".bin");
                java.nio.file.Files.write(file, e.value());
                files.computeIfAbsent(e.topic(), t -> new java.util.ArrayList<>()).add(file.toString());
            }
            for (String topic : List.of("gw-responses", "gw-requests", "gwpb-requests", "gwpb-responses")) {
                Kcat.produce(cluster.bootstrapServers(), topic, "", files.get(topic));
            }
            // the event time of a prediction of the OIP is its request's record timestamp: the time kcat's record got
            Map<String, Long> requestTimes = new java.util.HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : cluster.consume("gw-requests", 45, Duration.ofSeconds(2), Duration.ofSeconds(30))) {
                requestTimes.put(JSON.readTree(r.value()).get("id").asText(), r.timestamp());
            }
            for (ConsumerRecord<byte[], byte[]> r : cluster.consume("gwpb-requests", 45, Duration.ofSeconds(2), Duration.ofSeconds(30))) {
                requestTimes.put(io.kdrift.codec.oip.GrpcPredictV2.ModelInferRequest.parseFrom(r.value()).getId(), r.timestamp());
            }
            assertEquals(90, requestTimes.size(), "every request read back");
            List<String> natives = new java.util.ArrayList<>();
            long last = 0;
            for (int i = 0; i < all.size(); i++) {
                Prediction p = all.get(i);
                long at = requestTimes.get(all.get(i - i % 10).id());
                last = Math.max(last, at);
                Prediction timed = new Prediction(p.id(), at, p.features(), p.cls(), p.probabilities());
                natives.add(ServingRecords.envelope("native", null, null, at, JSON.readTree(ServingRecords.nativeLine(timed,
                        ServingRecords.gatewayModel(models, i / 10)))));
            }
            produce(cluster, natives);
            String lastWindow = java.time.Instant.ofEpochMilli(last - Math.floorMod(last, 60_000L)).toString();
            String closing = ServingRecords.nativeEnvelope(ServingRecords.predictions(1, 1, 9, last + 3 * 60_000L).get(0), "TOPIC");
            Map<String, JsonNode> expected = scores(cluster, "gw-native", "inputs: [{topic: native}]\n",
                    closing.replace("TOPIC", "native"), lastWindow, 900, 3);
            Map<String, JsonNode> got = scores(cluster, "gateway", """
                    inputs:
                      - {topic: closing}
                      - {topics: [gw-requests, gw-responses], format: oip, %1$s}
                      - {topic: gwpb-requests, format: oip, encoding: protobuf, part: request, %1$s}
                      - {topic: gwpb-responses, format: oip, encoding: protobuf, part: response, %1$s}
                    """.formatted(TENSORS), closing.replace("TOPIC", "closing"), lastWindow, 900, 3);
            assertTrue(expected.keySet().stream().map(k -> k.substring(0, k.indexOf('/'))).distinct().count() == 3, expected.keySet().toString());
            assertEquals(expected.keySet(), got.keySet());
            for (String key : expected.keySet()) {
                SameScores.assertSame(expected.get(key), got.get(key), key);
            }
        }
    }

    /** The final score record of every model/signal/window that kdrift (this configuration) writes for what is on the topics. */
    private Map<String, JsonNode> scores(KafkaCluster cluster, String name, String inputs, String closing, String lastWindow) throws Exception {
        return scores(cluster, name, inputs, closing, lastWindow, 700, 1);
    }

    /** The same, once {@code events} events are in, with kdrift's state in {@code partitions} partitions. */
    private Map<String, JsonNode> scores(KafkaCluster cluster, String name, String inputs, String closing, String lastWindow, long events,
                                         int partitions) throws Exception {
        KdriftConfig config = ConfigLoader.parse(COMMON + inputs + """
                topics: {scores: scores-%1$s, deadLetter: dlq-%1$s, alerts: alerts-%1$s, partitions: %4$d}
                kafka:
                  bootstrap.servers: %2$s
                  application.id: kdrift-%1$s
                  state.dir: %3$s
                  consumer.auto.offset.reset: earliest
                """.formatted(name, cluster.bootstrapServers(), dir.resolve(name), partitions), name + ".yaml");
        Map<String, JsonNode> out = new TreeMap<>();
        try (Monitor monitor = Monitor.start(config)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (monitor.counters().acceptedCount() + monitor.counters().lateCount() < events && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            produce(cluster, List.of(closing));
            while (System.nanoTime() < deadline && out.keySet().stream().noneMatch(k -> k.endsWith("/events/" + lastWindow))) {
                for (ConsumerRecord<byte[], byte[]> r : cluster.consume("scores-" + name, 1, Duration.ofSeconds(1), Duration.ofSeconds(5))) {
                    JsonNode s = JSON.readTree(r.value());
                    out.put(s.get("model").asText() + "/" + s.get("signal").asText() + "/" + s.get("windowStart").asText(), s);
                }
            }
            for (ConsumerRecord<byte[], byte[]> r : cluster.consume("scores-" + name, 1, Duration.ofSeconds(2), Duration.ofSeconds(5))) {
                JsonNode s = JSON.readTree(r.value()); // every model's windows, once the last window of one came
                out.put(s.get("model").asText() + "/" + s.get("signal").asText() + "/" + s.get("windowStart").asText(), s);
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
