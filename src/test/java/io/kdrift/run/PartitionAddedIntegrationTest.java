package io.kdrift.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An input topic given partitions while kdrift runs (issue 27, point 5). Kafka Streams cannot move a model's state to
 * another partition: the partitions of kdrift's state stay those of the first start, and an added partition's records
 * hop by model to where their model's state is.
 */
class PartitionAddedIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000;
    private static KafkaCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void sharedCluster() throws Exception {
        cluster = KafkaCluster.shared();
    }

    private KdriftConfig config(String id) {
        return ConfigLoader.parse("""
                window: {size: 1m, grace: 2s, idleAfter: 3s}
                scoring: {minCount: 1}
                inputs:
                  - {topic: in-%1$s}
                  - {topic: in2-%1$s}
                topics: {scores: scores-%1$s, deadLetter: dlq-%1$s, alerts: alerts-%1$s, verdicts: verdicts-%1$s,
                         late: late-%1$s, partitions: 3}
                http: {port: 0, host: 127.0.0.1}
                kafka:
                  bootstrap.servers: %2$s
                  application.id: kdrift-added-%1$s
                  state.dir: %3$s
                  metadata.max.age.ms: "500"
                  session.timeout.ms: "6000"
                """.formatted(id, cluster.bootstrapServers(), dir.resolve("state-" + id)), "added.yaml");
    }

    private static byte[][] event(String model, long time) {
        return new byte[][] {model.getBytes(StandardCharsets.UTF_8),
            ("{\"model\":\"" + model + "\",\"timestamp\":" + time + ",\"prediction\":\"a\"}").getBytes(StandardCharsets.UTF_8)};
    }

    /** {@code each} events of each of ten models, keyed by model (Kafka's own partitioner), dated from {@code from}. */
    private static void events(String topic, String prefix, int each, long from) {
        List<byte[][]> records = new ArrayList<>();
        for (int e = 0; e < each; e++) {
            for (int m = 0; m < 10; m++) {
                records.add(event(prefix + m, from + e * 1000L));
            }
        }
        cluster.produce(topic, records);
    }

    /** The currentCount of each events record of the window starting at {@code window}, by model, once ten models have one. */
    private static Map<String, List<Long>> countsOf(String scores, long window) throws Exception {
        String start = Instant.ofEpochMilli(window).toString();
        List<Map<String, List<Long>>> last = new ArrayList<>(List.of(Map.of()));
        Await.until(() -> {
            Map<String, List<Long>> out = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : cluster.consume(scores, 1, Duration.ofSeconds(1), Duration.ofSeconds(5))) {
                JsonNode s = JSON.readTree(r.value());
                if (s.get("signal").asText().equals("events") && s.get("windowStart").asText().equals(start) && !s.get("model").asText().equals("closer")) {
                    out.computeIfAbsent(s.get("model").asText(), k -> new ArrayList<>()).add(s.get("currentCount").asLong());
                }
            }
            last.set(0, out);
            return out.size() >= 10;
        }, Duration.ofSeconds(60), () -> "the window of " + start + " scored for ten models: " + last.get(0));
        return last.get(0);
    }

    /** Events of a model "closer" on each of {@code partitions} ("topic:partition"), every 300 ms, a second later each time. */
    private static final class Traffic implements AutoCloseable {
        private final java.util.concurrent.ScheduledExecutorService every = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

        Traffic(List<String> partitions, long from) {
            long[] time = {from};
            every.scheduleAtFixedRate(() -> {
                time[0] += 1_000;
                for (String p : partitions) {
                    String[] tp = p.split(":");
                    cluster.produce(tp[0], Integer.parseInt(tp[1]), Collections.singletonList(event("closer", time[0])));
                }
            }, 0, 300, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            every.shutdownNow();
        }
    }

    private static int partitionOf(String model, int partitions) {
        return Utils.toPositive(Utils.murmur2(model.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static Map<String, List<Long>> each(String prefix, long count) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (int m = 0; m < 10; m++) {
            out.put(prefix + m, List.of(count));
        }
        return out;
    }

    @Test
    void aPartitionAddedToAnotherInputIsReadWithoutStoppingAndItsEventsCountInTheirModelsWindows() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        KdriftConfig config = config(id);
        long window = (System.currentTimeMillis() / MINUTE - 10) * MINUTE; // a backfill of ten minutes ago
        try (Monitor monitor = Monitor.start(config); Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)));
            events("in2-" + id, "n", 3, window);
            Await.until(() -> monitor.counters().acceptedCount() == 30, Duration.ofSeconds(30), "the first 30 events counted");
            admin.createPartitions(Map.of("in2-" + id, NewPartitions.increaseTo(4))).all().get();
            Await.until(() -> monitor.streams().metadataForLocalThreads().stream()
                    .anyMatch(t -> t.activeTasks().stream().anyMatch(task -> task.topicPartitions().stream()
                            .anyMatch(p -> p.topic().equals("in2-" + id) && p.partition() == 3))),
                    Duration.ofSeconds(60), "a task reading the added partition");
            // each model's events: some on the added partition now; all of them to the model's one task
            events("in2-" + id, "n", 3, window + 30_000);
            for (int p = 0; p < 4; p++) {
                cluster.produce("in2-" + id, p, Collections.singletonList(event("closer", window + 3 * MINUTE)));
                cluster.produce("in-" + id, p < 3 ? p : 0, Collections.singletonList(event("closer", window + 3 * MINUTE)));
            }
            assertEquals(each("n", 6), countsOf("scores-" + id, window));
            assertEquals(KafkaStreams.State.RUNNING, monitor.streams().state());
            assertEquals(0, monitor.counters().lateCount());
            assertFalse(monitor.startAgainGoesOn());
        }
    }

    @Test
    void whenTheFirstInputIsGivenPartitionsKdriftStopsAndStartsAgainWithEachModelsStateWhereItWas() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        KdriftConfig config = config(id);
        long window = (System.currentTimeMillis() / MINUTE - 10) * MINUTE;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            Monitor first = Monitor.start(config);
            Monitor again;
            try {
                assertTrue(first.awaitRunning(Duration.ofSeconds(60)));
                events("in-" + id, "m", 3, window);
                Await.until(() -> first.counters().acceptedCount() == 30, Duration.ofSeconds(30), "the first 30 events counted");
                Thread.sleep(3_000); // as after a longer run: each partition's progress read in place stored and committed
                admin.createPartitions(Map.of("in-" + id, NewPartitions.increaseTo(4))).all().get();
                Await.until(() -> first.streams().state() == KafkaStreams.State.ERROR, Duration.ofSeconds(60),
                        "Kafka Streams stopped: it cannot give the added partition a task of the state's");
                assertTrue(first.startAgainGoesOn(), "a new start goes on");
                again = first.startAgain();
            } catch (Throwable t) {
                first.close();
                throw t;
            }
            try (again) {
                assertTrue(again.awaitRunning(Duration.ofSeconds(60)));
                // Kafka's partitioner now puts some models on the added partition, others on another of the three
                assertTrue(IntStream.range(0, 10).map(m -> partitionOf("m" + m, 4)).filter(p -> p == 3).count() >= 1
                        && IntStream.range(0, 10).filter(m -> partitionOf("m" + m, 4) != partitionOf("m" + m, 3)).count() >= 3);
                events("in-" + id, "m", 3, window + 30_000);
                // traffic goes on on every partition (no partition idle: the clocks follow event time, not the wall clock)
                try (Traffic traffic = new Traffic(List.of("in-" + id + ":0", "in-" + id + ":1", "in-" + id + ":2", "in-" + id + ":3",
                        "in2-" + id + ":0", "in2-" + id + ":1", "in2-" + id + ":2"), window + 2 * MINUTE)) {
                    assertEquals(each("m", 6), countsOf("scores-" + id, window));
                }
                assertEquals(0, again.counters().lateCount());
                assertEquals(KafkaStreams.State.RUNNING, again.streams().state());
            }
        }
    }
}
