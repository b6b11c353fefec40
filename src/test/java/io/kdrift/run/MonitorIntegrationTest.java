package io.kdrift.run;

import static io.kdrift.testing.Http.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.replay.Replay;
import io.kdrift.testing.BadRecords;
import io.kdrift.testing.KafkaCluster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kdrift run against a real broker gives what replay gives, also across a restart. */
class MonitorIntegrationTest {
    private static KafkaCluster cluster;
    private static List<byte[]> sampleLines;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KafkaCluster.shared();
        sampleLines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("examples/events.jsonl"))) {
            sampleLines.add(line.getBytes(StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    /** The sample's configuration, on the test cluster, with topics and application id of its own. */
    private KdriftConfig config(String suffix, Path stateDir) throws IOException {
        return config(suffix, stateDir, "");
    }

    private KdriftConfig config(String suffix, Path stateDir, String extraYaml) throws IOException {
        return ConfigLoader.parse(yaml(suffix, stateDir, extraYaml), "test.yaml");
    }

    private static String yaml(String suffix, Path stateDir, String extraYaml) throws IOException {
        String yaml = Files.readString(Path.of("examples/kdrift.yaml"))
                + "\ntopics: {input: in-" + suffix + ", scores: scores-" + suffix + ", deadLetter: dlq-" + suffix
                + ", alerts: alerts-" + suffix + ", reference: reference-" + suffix + ", partitions: 3}\n"
                + "http: {port: 0, host: 127.0.0.1}\n"
                + "kafka:\n  bootstrap.servers: " + cluster.bootstrapServers() + "\n  application.id: kdrift-" + suffix
                + "\n  state.dir: " + stateDir + "\n" + extraYaml;
        return yaml.replace("grace: 10s", "grace: 10s\n  idleAfter: 5s");
    }

    /** Score records (or, with {@code alerts}, alert records) per key, in order, as replay writes them for these lines. */
    private static Map<String, List<String>> replay(KdriftConfig config, List<byte[]> lines, boolean alerts) throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            in.write(l);
            in.write('\n');
        }
        ByteArrayOutputStream scores = new ByteArrayOutputStream();
        ByteArrayOutputStream alertRecords = new ByteArrayOutputStream();
        Replay.run(config, new ByteArrayInputStream(in.toByteArray()), Replay.Options.to(scores, new ByteArrayOutputStream()).withAlerts(alertRecords));
        Map<String, List<String>> byKey = new TreeMap<>();
        for (String line : (alerts ? alertRecords : scores).toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                String key = alerts
                        ? line.replaceAll("^\\{\"rule\":\"([^\"]+)\",\"status\":\"[^\"]+\",\"model\":\"([^\"]+)\",\"signal\":\"([^\"]+)\".*$", "$2/$3/$1")
                        : line.replaceAll("^\\{\"model\":\"([^\"]+)\",\"signal\":\"([^\"]+)\".*$", "$1/$2");
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
            }
        }
        return byKey;
    }

    private static Map<String, List<String>> byKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<String>> byKey = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            byKey.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return byKey;
    }

    /** The lines as records without a key: they take the repartition path of the topology. */
    private static List<byte[][]> unkeyed(List<byte[]> lines) {
        List<byte[][]> out = new ArrayList<>();
        for (byte[] l : lines) {
            out.add(new byte[][] {null, l});
        }
        return out;
    }

    /** The lines as records keyed by their model id (as producers should): they go straight to the drift processor. */
    private static List<byte[][]> keyed(List<byte[]> lines) {
        List<byte[][]> out = new ArrayList<>();
        for (byte[] l : lines) {
            String text = new String(l, StandardCharsets.UTF_8);
            String model = text.startsWith("{\"model\":\"") ? text.substring(10, text.indexOf('"', 10)) : null;
            out.add(new byte[][] {model == null ? null : model.getBytes(StandardCharsets.UTF_8), l});
        }
        return out;
    }

    /** Equal per key, failing with the first difference rather than the whole output. */
    private static void assertSameScores(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        assertEquals(expected.keySet(), actual.keySet(), "keys");
        for (String key : expected.keySet()) {
            List<String> e = expected.get(key);
            List<String> a = actual.get(key);
            for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
                assertEquals(e.get(i), a.get(i), key + " record " + i);
            }
            assertEquals(e.size(), a.size(), key + ": number of records");
        }
    }

    private static int count(Map<String, List<String>> byKey) {
        return byKey.values().stream().mapToInt(List::size).sum();
    }

    @Test
    void scoresOnTheBrokerAreWhatReplayWritesForTheSameEvents() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        KdriftConfig config = config(suffix, dir.resolve("state"));
        Map<String, List<String>> expected = replay(config, sampleLines, false);
        try (Monitor monitor = Monitor.start(config)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)), "Kafka Streams RUNNING");
            // all into one partition: a burst of 8 minutes of event time spread over several partitions
            // would reach the drift processor out of order, beyond any sensible grace period
            cluster.produce(config.topics().input(), 0, unkeyed(sampleLines));
            List<ConsumerRecord<byte[], byte[]>> scores = cluster.consume(config.topics().scores(), count(expected),
                    Duration.ofSeconds(3), Duration.ofSeconds(90));
            assertSameScores(expected, byKey(scores));

            List<ConsumerRecord<byte[], byte[]>> dlq = cluster.consume(config.topics().deadLetter(), 3, Duration.ofSeconds(1), Duration.ofSeconds(30));
            List<String> reasons = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : dlq) {
                reasons.add(new String(r.headers().lastHeader("kdrift.reason").value(), StandardCharsets.UTF_8));
            }
            reasons.sort(String::compareTo);
            assertEquals(List.of("invalid_json", "invalid_timestamp", "probabilities_not_normalized"), reasons);

            String metrics = get("http://127.0.0.1:" + monitor.httpPort() + "/metrics");
            assertTrue(metrics.contains("kdrift_score_kl_nats{model=\"price-v1\",signal=\"prediction\"}"), metrics);
            assertTrue(metrics.contains("kdrift_events_accepted_total 2880.0"), "accepted counter");
            assertTrue(metrics.contains("kdrift_events_rejected_total{reason=\"invalid_json\"} 1.0"), "rejected counter");
            assertTrue(get("http://127.0.0.1:" + monitor.httpPort() + "/scores?model=price-v1").contains("\"signal\":\"feature.sqm\""));
            assertTrue(get("http://127.0.0.1:" + monitor.httpPort() + "/ready").startsWith("{\"ready\":true,\"streams\":\"RUNNING\",\"inputLag\":"));
        }
    }

    @Test
    void aBaselinePublishedWithTheCommandIsTheReferenceOfPinnedModels() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Path configFile = dir.resolve("pinned.yaml");
        Files.writeString(configFile, yaml(suffix, dir.resolve("state"), "").replace("mode: rolling", "mode: pinned"));
        Path training = dir.resolve("training.jsonl");
        Files.write(training, sampleLines.subList(0, 800).stream().map(l -> new String(l, StandardCharsets.UTF_8)).toList());
        Path baselineFile = dir.resolve("baseline.jsonl");
        assertEquals(0, io.kdrift.cli.Kdrift.execute("baseline", "--config", configFile.toString(), "--input", training.toString(),
                "--output", baselineFile.toString(), "--publish"), "kdrift baseline --publish");
        KdriftConfig config = ConfigLoader.load(configFile);

        ByteArrayOutputStream replayed = new ByteArrayOutputStream();
        Replay.run(config, new ByteArrayInputStream(String.join("\n", sampleLines.stream().map(l -> new String(l, StandardCharsets.UTF_8)).toList())
                .getBytes(StandardCharsets.UTF_8)), Replay.Options.to(replayed, new ByteArrayOutputStream())
                .withBaselines(io.kdrift.codec.BaselineJson.readFile(baselineFile)));
        Map<String, List<String>> expected = new TreeMap<>();
        for (String line : replayed.toString(StandardCharsets.UTF_8).split("\n")) {
            expected.computeIfAbsent(line.replaceAll("^\\{\"model\":\"([^\"]+)\",\"signal\":\"([^\"]+)\".*$", "$1/$2"),
                    k -> new ArrayList<>()).add(line);
        }
        String version = io.kdrift.codec.BaselineJson.readFile(baselineFile).stream().filter(b -> b.model().equals("price-v1"))
                .findFirst().orElseThrow().version();
        assertTrue(expected.get("price-v1/feature.sqm").stream().anyMatch(l -> l.contains("\"status\":\"ok\",\"referenceWindows\":1,"
                        + "\"baselineVersion\":\"" + version + "\",\"referenceCount\":400,")),
                "replay compares with the 400 baseline events of price-v1");

        try (Monitor monitor = Monitor.start(config)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)), "Kafka Streams RUNNING");
            cluster.produce(config.topics().input(), keyed(sampleLines));
            List<ConsumerRecord<byte[], byte[]>> scores = cluster.consume(config.topics().scores(), count(expected),
                    Duration.ofSeconds(3), Duration.ofSeconds(90));
            assertSameScores(expected, byKey(scores));
        }
    }

    @Test
    void aRestartResumesWithoutCountingAnyEventTwice() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        KdriftConfig config = config(suffix, dir.resolve("state-1"));
        Map<String, List<String>> expected = replay(config, sampleLines, false);
        Map<String, List<String>> expectedAlerts = replay(config, sampleLines, true);
        assertTrue(count(expectedAlerts) >= 5, "the sample fires alerts");
        // restart between the two breaching windows (09:05 and 09:06) that fire KdriftDrift at 09:07:
        // forgetting the first breach would fire it a window late
        int half = 0;
        while (!new String(sampleLines.get(half), StandardCharsets.UTF_8).contains("\"timestamp\":1767604020000")) {
            half++; // 2026-01-05T09:07:00Z
        }
        try (Monitor first = Monitor.start(config)) {
            assertTrue(first.awaitRunning(Duration.ofSeconds(60)));
            cluster.produce(config.topics().input(), keyed(sampleLines.subList(0, half)));
            // wait until the first half's closed windows are out, so that its offsets were committed
            cluster.consume(config.topics().scores(), 5 * 16, Duration.ofSeconds(1), Duration.ofSeconds(60));
        }
        // a new instance with an empty state directory: its state comes back from the changelog
        KdriftConfig restarted = config(suffix, dir.resolve("state-2"));
        try (Monitor second = Monitor.start(restarted)) {
            assertTrue(second.awaitRunning(Duration.ofSeconds(60)));
            cluster.produce(config.topics().input(), keyed(sampleLines.subList(half, sampleLines.size())));
            List<ConsumerRecord<byte[], byte[]>> scores = cluster.consume(config.topics().scores(), count(expected),
                    Duration.ofSeconds(3), Duration.ofSeconds(90));
            assertSameScores(expected, byKey(scores));
            List<ConsumerRecord<byte[], byte[]>> alerts = cluster.consume(config.topics().alerts(), count(expectedAlerts),
                    Duration.ofSeconds(2), Duration.ofSeconds(30));
            assertSameScores(expectedAlerts, byKey(alerts));
        }
    }

    @Test
    void everyKindOfBadRecordReachesTheDeadLetterTopicWithItsReasonAndKdriftKeepsGoing() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        // records above the limit must still fit Kafka's own 1 MB default, or the producer refuses them
        KdriftConfig config = config(suffix, dir.resolve("state"), "limits: {maxEventBytes: 100000}\n");
        List<BadRecords.Bad> corpus = new ArrayList<>(BadRecords.corpus(config.limits().toEventLimits()));
        assertTrue(corpus.size() >= 30, "kinds of bad records: " + corpus.size());
        try (Monitor monitor = Monitor.start(config)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)));
            // good events around every bad one; a type conflict needs the model's state, so it goes last
            List<byte[][]> records = new ArrayList<>();
            long t = 1_767_603_600_000L;
            int good = 0;
            for (BadRecords.Bad bad : corpus) {
                records.add(new byte[][] {"ok-model".getBytes(StandardCharsets.UTF_8),
                        ("{\"timestamp\":" + (t + good * 100L) + ",\"prediction\":0.5,\"features\":{\"x\":1}}").getBytes(StandardCharsets.UTF_8)});
                good++;
                records.add(new byte[][] {bad.key(), bad.value()});
            }
            byte[] conflict = ("{\"timestamp\":" + (t + good * 100L) + ",\"prediction\":0.5,\"features\":{\"x\":\"one\"}}").getBytes(StandardCharsets.UTF_8);
            records.add(new byte[][] {"ok-model".getBytes(StandardCharsets.UTF_8), conflict});
            corpus.add(new BadRecords.Bad("signal type conflict", "ok-model".getBytes(StandardCharsets.UTF_8), conflict,
                    io.kdrift.event.RejectReason.SIGNAL_TYPE_CONFLICT));
            cluster.produce(config.topics().input(), 0, records);

            List<ConsumerRecord<byte[], byte[]>> dlq = cluster.consume(config.topics().deadLetter(), corpus.size(), Duration.ofSeconds(2),
                    Duration.ofSeconds(60));
            assertEquals(corpus.size(), dlq.size(), "one dead letter per bad record");
            Map<String, BadRecords.Bad> byRecord = new java.util.HashMap<>();
            for (BadRecords.Bad bad : corpus) {
                byRecord.put(identity(bad.key(), bad.value()), bad);
            }
            for (ConsumerRecord<byte[], byte[]> r : dlq) {
                BadRecords.Bad bad = byRecord.get(identity(r.key(), r.value()));
                assertTrue(bad != null, "a dead letter that is not one of the bad records, byte for byte");
                assertEquals(bad.reason().code(), new String(r.headers().lastHeader("kdrift.reason").value(), StandardCharsets.UTF_8), bad.name());
                assertTrue(r.headers().lastHeader("kdrift.detail").value().length > 0, bad.name());
                assertTrue(java.util.Arrays.equals(bad.key(), r.key()), bad.name() + ": original key");
            }
            for (io.kdrift.event.RejectReason reason : io.kdrift.event.RejectReason.values()) {
                long expected = corpus.stream().filter(b -> b.reason() == reason).count();
                assertEquals(expected, monitor.counters().rejectedCount(reason), reason.code());
            }
            assertEquals(good, monitor.counters().acceptedCount(), "every good event counted");
            assertEquals(org.apache.kafka.streams.KafkaStreams.State.RUNNING, monitor.streams().state(), "kdrift never stopped");
        }
    }

    /** The sample's events for {@code copies} copies of each model (churn-v3-0, price-v1-0, ...), interleaved in time. */
    private static List<byte[]> copies(List<byte[]> lines, int copies) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] l : lines) {
            String text = new String(l, StandardCharsets.UTF_8);
            for (int k = 0; k < copies; k++) {
                out.add(text.replaceFirst("\"model\":\"(churn-v3|price-v1)\"", "\"model\":\"$1-" + k + "\"").getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void twoInstancesScoreWhatOneDoesAndTheSurvivorTakesOverTheModelsAndTheirGauges() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<byte[]> lines = copies(sampleLines, 4);
        KdriftConfig a = config(suffix, dir.resolve("state-a"), "");
        KdriftConfig b = config(suffix, dir.resolve("state-b"), "");
        Map<String, List<String>> expected = replay(a, lines, false);
        try (Monitor first = Monitor.start(a)) {
            Monitor second = Monitor.start(b);
            try {
                assertTrue(first.awaitRunning(Duration.ofSeconds(60)) && second.awaitRunning(Duration.ofSeconds(60)));
                awaitAssignment(first, second);
                cluster.produce(a.topics().input(), keyed(lines));
                List<ConsumerRecord<byte[], byte[]>> scores = cluster.consume(a.topics().scores(), count(expected),
                        Duration.ofSeconds(3), Duration.ofSeconds(120));
                assertSameScores(expected, byKey(scores));
                java.util.Set<String> firstModels = models(first);
                java.util.Set<String> secondModels = models(second);
                assertTrue(!firstModels.isEmpty() && !secondModels.isEmpty(), "both instances own models: " + firstModels + " " + secondModels);
                assertTrue(java.util.Collections.disjoint(firstModels, secondModels), "each model's gauges on one instance only");
                assertEquals(8, firstModels.size() + secondModels.size());
            } finally {
                second.close(); // leaves the group: the first instance takes over its partitions
            }
            // the next windows of every model are scored by the survivor, whose gauges now cover every model
            io.kdrift.demo.SyntheticTraffic traffic = new io.kdrift.demo.SyntheticTraffic(3, Long.MAX_VALUE);
            List<byte[]> more = new ArrayList<>();
            for (long t = 1_767_604_200_000L; t < 1_767_604_320_000L; t += 500) { // 09:10 to 09:12
                for (int k = 0; k < 4; k++) {
                    more.add(new String(traffic.churnEvent(t), StandardCharsets.UTF_8).replace("\"churn-v3\"", "\"churn-v3-" + k
                            + "\"").getBytes(StandardCharsets.UTF_8));
                    more.add(new String(traffic.priceEvent(t), StandardCharsets.UTF_8).replace("\"price-v1\"", "\"price-v1-" + k
                            + "\"").getBytes(StandardCharsets.UTF_8));
                }
            }
            cluster.produce(a.topics().input(), keyed(more));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (models(first, "2026-01-05T09:11:00Z").size() < 8 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertEquals(8, models(first, "2026-01-05T09:11:00Z").size(), "the survivor scores every model: " + models(first));
        }
    }

    private static java.util.Set<String> models(Monitor m) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        m.metrics().scores().latest().forEach(r -> out.add(r.model()));
        return out;
    }

    private static java.util.Set<String> models(Monitor m, String windowStart) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        long start = java.time.Instant.parse(windowStart).toEpochMilli();
        m.metrics().scores().latest().forEach(r -> {
            if (r.windowStart() >= start) {
                out.add(r.model());
            }
        });
        return out;
    }

    /** Waits until the two instances share the partitions (both have active tasks). */
    private static void awaitAssignment(Monitor first, Monitor second) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            boolean both = first.streams().metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty())
                    && second.streams().metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty())
                    && first.streams().state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING
                    && second.streams().state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING;
            if (both) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the two instances did not share the partitions");
    }

    /** Key and value, byte for byte, as one string. */
    private static String identity(byte[] key, byte[] value) {
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        return (key == null ? "<null>" : b64.encodeToString(key)) + "/" + (value == null ? "<null>" : b64.encodeToString(value));
    }
}
