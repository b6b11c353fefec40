package io.kdrift.run;

import io.kdrift.testing.Http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.testing.Await;
import io.kdrift.testing.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live traffic of one model over several input partitions, without a key (it hops by model): a partition that falls
 * silent stops holding the model's clock after window.idleAfter, so windows keep closing, and what it sends later is
 * judged by the clock the others moved (late if its window has closed: counted, named by topic, written to the late
 * topic with its partition) (issue 27).
 */
class SilentPartitionIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void sharedCluster() throws Exception {
        cluster = KafkaCluster.shared();
    }

    private KdriftConfig config(String id) {
        return ConfigLoader.parse("""
                window: {size: 10s, grace: 2s, idleAfter: 6s}
                scoring: {minCount: 1}
                topics: {input: in-%1$s, scores: scores-%1$s, deadLetter: dlq-%1$s, alerts: alerts-%1$s, verdicts: verdicts-%1$s,
                         late: late-%1$s, partitions: 3}
                http: {port: 0, host: 127.0.0.1}
                kafka:
                  bootstrap.servers: %2$s
                  application.id: kdrift-partitions-%1$s
                  state.dir: %3$s
                """.formatted(id, cluster.bootstrapServers(), dir.resolve("state-" + id)), "partitions.yaml");
    }

    private static byte[][] event(long time) {
        return new byte[][] {null, ("{\"model\":\"m\",\"timestamp\":" + time + ",\"prediction\":\"a\"}").getBytes(StandardCharsets.UTF_8)};
    }

    /** {@code seconds} of traffic, now, every 200 ms to each of {@code partitions}. */
    private static void traffic(String topic, List<Integer> partitions, int seconds) throws InterruptedException {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", cluster.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < seconds * 5; i++) {
                long now = System.currentTimeMillis();
                for (int p : partitions) {
                    producer.send(new ProducerRecord<>(topic, p, null, event(now)[1]));
                }
                producer.flush();
                Thread.sleep(200);
            }
        }
    }

    /** The windows whose events record has been written so far. */
    private static Set<String> scoredWindows(String topic) throws Exception {
        Set<String> out = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> r : cluster.consume(topic, 1, Duration.ofSeconds(1), Duration.ofSeconds(3))) {
            JsonNode s = JSON.readTree(r.value());
            if (s.get("signal").asText().equals("events") && s.get("currentCount").asLong() > 0) {
                out.add(s.get("windowStart").asText());
            }
        }
        return out;
    }

    @Test
    void aSilentPartitionStopsHoldingAfterIdleAfterAndWhatItSendsLaterIsJudgedByTheOthersClock() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        KdriftConfig config = config(id);
        try (Monitor monitor = Monitor.start(config)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)));
            traffic(config.topics().input(), List.of(0, 1, 2), 4);
            long silentFrom = System.currentTimeMillis();
            traffic(config.topics().input(), List.of(0, 1), 25);
            // windows that ended while partition 2 was silent have closed: within idleAfter (6 s) + grace (2 s) and a bit.
            // (idleAfter 3 s flaked on a loaded CI machine: a stream thread that did not run for longer than idleAfter
            // judged the partitions whose records it had not processed yet idle at its next wall-clock tick, 2 events late)
            long lastClosable = silentFrom + 10_000;
            String expectedWindow = java.time.Instant.ofEpochMilli(lastClosable - Math.floorMod(lastClosable, 10_000L)).toString();
            Await.until(() -> scoredWindows(config.topics().scores()).contains(expectedWindow), Duration.ofSeconds(30),
                    "the window of " + expectedWindow + " scored while partition 2 is silent");
            assertEquals(0, monitor.counters().lateCount());

            // partition 2 sends again: an event of a window closed meanwhile is late, one of now is counted
            long old = silentFrom + 1_000;
            cluster.produce(config.topics().input(), 2, java.util.Collections.singletonList(event(old)));
            Await.until(() -> monitor.counters().lateCount() == 1, Duration.ofSeconds(30), "the old event of partition 2 late");
            List<ConsumerRecord<byte[], byte[]>> late = cluster.consume(config.topics().late(), 1, Duration.ofSeconds(1), Duration.ofSeconds(30));
            assertEquals(1, late.size());
            assertEquals(config.topics().input(), header(late.get(0), "kdrift.source.topic"));
            assertEquals("2", header(late.get(0), "kdrift.source.partition"));
            String metrics = Http.get("http://127.0.0.1:" + monitor.httpPort() + "/metrics");
            assertTrue(metrics.contains("kdrift_input_late_total{topic=\"" + config.topics().input() + "\"} 1.0"), metrics);
            long accepted = monitor.counters().acceptedCount();
            cluster.produce(config.topics().input(), 2, java.util.Collections.singletonList(event(System.currentTimeMillis())));
            Await.until(() -> monitor.counters().acceptedCount() == accepted + 1, Duration.ofSeconds(30), "partition 2's event of now counted");
            assertEquals(1, monitor.counters().lateCount());
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return r.headers().lastHeader(name) == null ? null : new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
