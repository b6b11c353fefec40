package io.kdrift.run;

import io.kdrift.testing.Kcat;
import io.kdrift.testing.Http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.replay.Replay;
import io.kdrift.testing.Await;
import io.kdrift.testing.KafkaCluster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What production does to a monitor, on a real broker whose retention check runs every second: event time
 * hours ahead of the wall clock, one event dated 2099, a backfill of last month, and an instance that cannot
 * write its output (a stall). Each of these stopped kdrift or lost its output silently before.
 */
class FieldConditionsIntegrationTest {
    private static final long MINUTE = 60_000;
    private static KafkaCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        // time-based retention checked every second from the start (by default: after 30 s, then every 5 minutes)
        cluster = KafkaCluster.singleNode(Map.of("log.retention.check.interval.ms", "1000", "log.initial.task.delay.ms", "0"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private KdriftConfig config(String suffix, String extraYaml) {
        return ConfigLoader.parse("""
                window: {size: 1m, grace: 5s, idleAfter: 2s%s}
                reference: {mode: rolling, windows: 2}
                scoring: {minCount: 1}
                topics: {input: in-%s, scores: scores-%s, deadLetter: dlq-%s, alerts: alerts-%s, partitions: 2}
                http: {port: 0, host: 127.0.0.1}
                health: {stallAfter: 5s, checkEvery: 1s}
                kafka:
                  bootstrap.servers: %s
                  application.id: kdrift-%s
                  state.dir: %s
                """.formatted(extraYaml, suffix, suffix, suffix, suffix, cluster.bootstrapServers(), suffix, dir.resolve("state")), "test.yaml");
    }

    /** {@code windows} minutes of events of model m from {@code start}, 12 a minute, keyed by model. */
    private static List<byte[]> events(long start, int windows) {
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < windows * 12; i++) {
            long t = start + i * 5_000L;
            lines.add(("{\"model\":\"m\",\"timestamp\":" + t + ",\"prediction\":\"" + (i % 3 == 0 ? "b" : "a")
                    + "\",\"features\":{\"x\":" + (i % 7) + "}}").getBytes(StandardCharsets.UTF_8));
        }
        return lines;
    }

    private static List<byte[][]> keyed(List<byte[]> lines) {
        List<byte[][]> out = new ArrayList<>();
        for (byte[] l : lines) {
            out.add(new byte[][] {"m".getBytes(StandardCharsets.UTF_8), l});
        }
        return out;
    }

    /** How many score records replay writes for these lines (replay scores the last windows at the end, as the idle clock does live). */
    private static int replayedScores(KdriftConfig config, List<byte[]> lines) throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            in.write(l);
            in.write('\n');
        }
        ByteArrayOutputStream scores = new ByteArrayOutputStream();
        Replay.run(config, new ByteArrayInputStream(in.toByteArray()), Replay.Options.to(scores, new ByteArrayOutputStream()));
        return (int) scores.toString(StandardCharsets.UTF_8).lines().count();
    }

    private static long minuteAligned(long t) {
        return t - Math.floorMod(t, MINUTE);
    }

    @Test
    void eventTimeTwoHoursAheadIsScoredWhenAllowedAndProcessingGoesOn() throws Exception {
        // a producer clock 2 h ahead, accepted on purpose (maxAhead off): score records stamped with their window's
        // end were rejected by the broker (log.message.timestamp.after.max.ms, 1 h) and the stream thread failed for good
        KdriftConfig config = config("ahead-" + UUID.randomUUID().toString().substring(0, 8), ", maxAhead: off");
        long start = minuteAligned(System.currentTimeMillis() + 2 * 3_600_000L);
        List<byte[]> first = events(start, 4);
        List<byte[]> second = events(start + 4 * MINUTE, 3);
        List<byte[]> all = new ArrayList<>(first);
        all.addAll(second);
        int expected = replayedScores(config, all);
        try (Monitor monitor = Monitor.start(config)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)));
            cluster.produce(config.topics().input(), keyed(first));
            cluster.consume(config.topics().scores(), 3 * 3, Duration.ofMillis(500), Duration.ofSeconds(60));
            cluster.produce(config.topics().input(), keyed(second));
            List<ConsumerRecord<byte[], byte[]>> scores = cluster.consume(config.topics().scores(), expected, Duration.ofSeconds(3), Duration.ofSeconds(90));
            assertEquals(expected, scores.size(), "every window of both batches scored once");
            for (ConsumerRecord<byte[], byte[]> r : scores) {
                assertTrue(Math.abs(r.timestamp() - System.currentTimeMillis()) < 5 * MINUTE, "stamped with the wall clock: "
                        + Instant.ofEpochMilli(r.timestamp()));
            }
            assertEquals(200, status(monitor, "/health"));
            assertEquals(0, monitor.counters().rejectedCount());
        }
    }

    @Test
    void eventTimeTwoHoursAheadIsADeadLetterByDefaultAndTrafficOnTimeIsScored() throws Exception {
        KdriftConfig config = config("bound-" + UUID.randomUUID().toString().substring(0, 8), "");
        List<byte[]> ahead = events(minuteAligned(System.currentTimeMillis() + 2 * 3_600_000L), 2);
        List<byte[]> onTime = events(minuteAligned(System.currentTimeMillis() - 10 * MINUTE), 4);
        int expected = replayedScores(config, onTime);
        try (Monitor monitor = Monitor.start(config)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)));
            cluster.produce(config.topics().input(), keyed(ahead));
            cluster.produce(config.topics().input(), keyed(onTime));
            List<ConsumerRecord<byte[], byte[]>> dlq = cluster.consume(config.topics().deadLetter(), ahead.size(), Duration.ofSeconds(1),
                    Duration.ofSeconds(60));
            assertEquals(ahead.size(), dlq.size());
            for (ConsumerRecord<byte[], byte[]> r : dlq) {
                assertEquals("timestamp_ahead_of_clock", new String(r.headers().lastHeader("kdrift.reason").value(), StandardCharsets.UTF_8));
            }
            List<ConsumerRecord<byte[], byte[]>> scores = cluster.consume(config.topics().scores(), expected, Duration.ofSeconds(3), Duration.ofSeconds(60));
            assertEquals(expected, scores.size());
            assertEquals(0, monitor.counters().lateCount(), "the events ahead moved no stream time");
            assertTrue(metrics(monitor).contains("kdrift_events_rejected_total{reason=\"timestamp_ahead_of_clock\"} " + ahead.size() + ".0"));
        }
    }

    @Test
    void oneEventDated2099IsADeadLetterAndEveryLaterEventCounts() throws Exception {
        KdriftConfig config = config("y2099-" + UUID.randomUUID().toString().substring(0, 8), "");
        List<byte[]> onTime = events(minuteAligned(System.currentTimeMillis() - 10 * MINUTE), 4);
        int expected = replayedScores(config, onTime);
        try (Monitor monitor = Monitor.start(config)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)));
            // the 2099 event from a producer that is not kdrift and not Java, with a key and a header, to the
            // partition the rest goes to: the task it would have poisoned
            Kcat.produce(cluster.bootstrapServers(), config.topics().input(),
                    "m\t{\"model\":\"m\",\"timestamp\":\"2099-01-01T00:00:00Z\",\"prediction\":\"a\"}\n", List.of("-p", "0", "-K", "\t", "-H", "source=kcat"));
            List<ConsumerRecord<byte[], byte[]>> dlq = cluster.consume(config.topics().deadLetter(), 1, Duration.ofSeconds(1), Duration.ofSeconds(30));
            assertEquals(1, dlq.size());
            assertEquals("timestamp_ahead_of_clock", new String(dlq.get(0).headers().lastHeader("kdrift.reason").value(), StandardCharsets.UTF_8));
            assertEquals("kcat", new String(dlq.get(0).headers().lastHeader("source").value(), StandardCharsets.UTF_8), "the producer's headers kept");
            assertEquals("m", new String(dlq.get(0).key(), StandardCharsets.UTF_8));
            cluster.produce(config.topics().input(), 0, keyed(onTime));
            List<ConsumerRecord<byte[], byte[]>> scores = cluster.consume(config.topics().scores(), expected, Duration.ofSeconds(3), Duration.ofSeconds(60));
            assertEquals(expected, scores.size());
            assertEquals(0, monitor.counters().lateCount(), "no event counted late");
            assertEquals(onTime.size(), monitor.counters().acceptedCount());
        }
    }

    @Test
    void scoresOfLastMonthsTrafficOutliveTheBrokersRetentionCheck() throws Exception {
        // score records stamped with a 30-day-old window end rolled a segment on every append and were deleted at
        // the next retention check (retention.ms 7 days): a backfill lost its output
        KdriftConfig config = config("old-" + UUID.randomUUID().toString().substring(0, 8), "");
        List<byte[]> old = events(minuteAligned(System.currentTimeMillis() - 30L * 24 * 3_600_000L), 6);
        int expected = replayedScores(config, old);
        try (Monitor monitor = Monitor.start(config)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)));
            // the input topic kdrift created keeps its records whatever their timestamps (by size, not by time)
            Properties props = new Properties();
            props.put("bootstrap.servers", cluster.bootstrapServers());
            try (Admin a = Admin.create(props)) {
                org.apache.kafka.common.config.ConfigResource topic = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, config.topics().input());
                org.apache.kafka.clients.admin.Config c = a.describeConfigs(List.of(topic)).all().get().get(topic);
                assertEquals("-1", c.get("retention.ms").value());
                assertEquals(Long.toString(1L << 30), c.get("retention.bytes").value());
            }
            // the backfill as a backfill tool writes it, each record stamped with its event time, in two parts (the
            // second rolls the first's segment)
            long t0 = minuteAligned(System.currentTimeMillis() - 30L * 24 * 3_600_000L);
            produceDated(config.topics().input(), 0, old.subList(0, 36), t0);
            produceDated(config.topics().input(), 0, old.subList(36, old.size()), t0 + 3 * MINUTE);
            cluster.consume(config.topics().scores(), expected, Duration.ofSeconds(1), Duration.ofSeconds(60));
            assertEquals(old.size(), monitor.counters().acceptedCount(), "every event of the backfill read");
            assertEquals(0, monitor.counters().lostCount());
            Thread.sleep(5_000); // several retention checks
            assertEquals(expected, cluster.consume(config.topics().scores(), expected, Duration.ofSeconds(3), Duration.ofSeconds(30)).size(),
                    "every score record of the backfill is still on the topic");
        }
    }

    @Test
    void inputRecordsTheBrokerDeletedBeforeKdriftReadThemAreCountedAndShown() throws Exception {
        // kdrift stopped at offset 0 of a topic created with the broker's defaults (retention.ms 7 days by timestamp);
        // meanwhile a backfill of last month was written to it and deleted by the next retention check, unread. On
        // restart the consumer found its position gone and went on from the log start with one log line: 40 records
        // never counted as accepted, late or dead-lettered, and the input lag read 0 as if all was read
        String suffix = "lost-" + UUID.randomUUID().toString().substring(0, 8);
        KdriftConfig config = config(suffix, "");
        String input = config.topics().input();
        Properties props = new Properties();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        org.apache.kafka.common.TopicPartition p0 = new org.apache.kafka.common.TopicPartition(input, 0);
        List<byte[]> backfill = events(minuteAligned(System.currentTimeMillis() - 30L * 24 * 3_600_000L), 4).subList(0, 40);
        List<byte[]> now = events(minuteAligned(System.currentTimeMillis() - 5 * MINUTE), 2);
        try (Admin a = Admin.create(props)) {
            a.createTopics(List.of(new NewTopic(input, 1, (short) 1))).all().get();
            produceDated(input, 0, backfill, minuteAligned(System.currentTimeMillis() - 30L * 24 * 3_600_000L));
            // today's records roll the backfill's segment (its first timestamp is older than segment.ms): the retention
            // check deletes it whole
            cluster.produce(input, 0, keyed(now));
            Await.until(() -> a.listOffsets(Map.of(p0, org.apache.kafka.clients.admin.OffsetSpec.earliest())).all().get().get(p0).offset() == 40,
                    Duration.ofSeconds(60), "the broker's retention check deletes the backfill");
            a.alterConsumerGroupOffsets(config.kafka().get("application.id"), Map.of(p0, new org.apache.kafka.clients.consumer.OffsetAndMetadata(0)))
                    .all().get();
        }
        try (Monitor monitor = Monitor.start(config)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)));
            Await.until(() -> monitor.counters().acceptedCount() == now.size(), Duration.ofSeconds(60), "the records still there are read");
            assertEquals(40, monitor.counters().lostCount(), "every deleted record counted, and only those");
            assertEquals(40, monitor.counters().topicCounts().get(input).lost());
            String metrics = metrics(monitor);
            assertTrue(metrics.contains("kdrift_input_records_lost_total{topic=\"" + input + "\"} 40.0"), metrics);
            String health = get(monitor, "/health");
            assertTrue(health.contains("\"inputRecordsLost\":40") && health.contains("\"inputRecordsLostByTopic\":{\"" + input + "\":40}"), health);
        }
    }

    @Test
    void waitingRecordsOlderThanTheirTopicsRetentionAreFoundAtStart() throws Exception {
        // 12 records wait in a topic that keeps 1 day by timestamp, 24 in one that keeps them by append time; judged two
        // days on, only the first are at risk. (Records really dated two days ago would race this broker's retention
        // check, run every second: it rolls and deletes even the active segment.)
        String suffix = "risk-" + UUID.randomUUID().toString().substring(0, 8);
        Properties props = new Properties();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        String old = "old-" + suffix;
        String appended = "appended-" + suffix;
        long now = System.currentTimeMillis();
        long twoDaysOn = now + 2 * 86_400_000L;
        try (Admin a = Admin.create(props)) {
            a.createTopics(List.of(new NewTopic(old, 2, (short) 1).configs(Map.of("retention.ms", "86400000")),
                    new NewTopic(appended, 1, (short) 1).configs(Map.of("retention.ms", "86400000", "message.timestamp.type", "LogAppendTime"))))
                    .all().get();
            produceDated(old, 0, events(now - MINUTE, 1), now - MINUTE);
            produceDated(appended, 0, events(now - MINUTE, 2), now - MINUTE);
            assertEquals(Map.of(), RetentionRisk.atRisk(a, List.of(old, appended), "kdrift-" + suffix, now), "today: none at risk");
            assertEquals(Map.of(old, 12L), RetentionRisk.atRisk(a, List.of(old, appended), "kdrift-" + suffix, twoDaysOn));
            // once the group has read 5 of them, 7 are at risk
            a.alterConsumerGroupOffsets("kdrift-" + suffix, Map.of(new org.apache.kafka.common.TopicPartition(old, 0),
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(5))).all().get();
            assertEquals(Map.of(old, 7L), RetentionRisk.atRisk(a, List.of(old, appended), "kdrift-" + suffix, twoDaysOn));
        }
    }

    /** Sends these lines to one partition, each record stamped {@code timestampMs} (as a backfill tool writes them). */
    private static void produceDated(String topic, int partition, List<byte[]> lines, long timestampMs) {
        Properties producer = new Properties();
        producer.put("bootstrap.servers", cluster.bootstrapServers());
        try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> p = new org.apache.kafka.clients.producer.KafkaProducer<>(producer,
                new org.apache.kafka.common.serialization.ByteArraySerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (byte[] line : lines) {
                p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, partition, timestampMs, "m".getBytes(StandardCharsets.UTF_8), line));
            }
        }
    }

    @Test
    void anInstanceThatCannotWriteItsOutputIsStalledAndSaysSo() throws Exception {
        String suffix = "stall-" + UUID.randomUUID().toString().substring(0, 8);
        KdriftConfig config = config(suffix, "");
        // a topic created by someone else, whose records may not exceed 100 bytes: the broker refuses every score
        // record, and the producer splits and retries them without end: nothing fails, nothing moves
        Properties admin = new Properties();
        admin.put("bootstrap.servers", cluster.bootstrapServers());
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic(config.topics().scores(), 1, (short) 1).configs(Map.of("max.message.bytes", "100")))).all().get();
        }
        KdriftConfig tolerant = ConfigLoader.parse(yamlOf(suffix, "", 1000), "test.yaml");
        try (Monitor monitor = Monitor.start(tolerant)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)));
            cluster.produce(config.topics().input(), keyed(events(minuteAligned(System.currentTimeMillis() - 10 * MINUTE), 3)));
            Await.until(() -> status(monitor, "/health") == 503, Duration.ofSeconds(60), "/health fails once stalled");
            String health = get(monitor, "/health");
            assertTrue(health.contains("\"status\":\"DOWN\"") && health.contains("\"stalled\":true"), health);
            String metrics = metrics(monitor);
            assertTrue(metrics.contains("kdrift_stalled 1.0"), metrics);
            assertTrue(metrics.matches("(?s).*kdrift_input_lag_records [1-9][0-9]*\\.0.*"), "the input lag is read from the broker");
            assertEquals(503, status(monitor, "/ready"));
        }
    }

    @Test
    void aStreamThreadThatKeepsFailingIsNotReplacedForEver() throws Exception {
        // every record kdrift writes is larger than its producers may send: each stream thread fails on its first
        // output; one is replaced, the second failure stops the monitor (kdrift run then exits 3)
        String suffix = "fail-" + UUID.randomUUID().toString().substring(0, 8);
        KdriftConfig strict = ConfigLoader.parse(yamlOf(suffix, "", 1) + "  producer.max.request.size: 120\n", "test.yaml");
        try (Monitor monitor = Monitor.start(strict)) {
            cluster.produce(strict.topics().input(), keyed(events(minuteAligned(System.currentTimeMillis() - 10 * MINUTE), 3)));
            Thread waiter = new Thread(() -> {
                try {
                    monitor.awaitFailure();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.start();
            waiter.join(Duration.ofSeconds(150).toMillis());
            assertTrue(!waiter.isAlive(), "the monitor stopped itself after repeated stream-thread failures");
            assertEquals("ERROR", monitor.streams().state().name());
            assertTrue(metrics(monitor).contains("kdrift_stream_thread_failures_total 2.0"), metrics(monitor));
            assertEquals(503, status(monitor, "/health"));
        }
    }

    private String yamlOf(String suffix, String extra, int maxThreadFailures) {
        return """
                window: {size: 1m, grace: 5s, idleAfter: 2s%s}
                scoring: {minCount: 1}
                topics: {input: in-%s, scores: scores-%s, deadLetter: dlq-%s, alerts: alerts-%s, partitions: 1}
                http: {port: 0, host: 127.0.0.1}
                health: {stallAfter: 5s, checkEvery: 1s, maxThreadFailures: %d}
                kafka:
                  bootstrap.servers: %s
                  application.id: kdrift-%s
                  state.dir: %s
                """.formatted(extra, suffix, suffix, suffix, suffix, maxThreadFailures, cluster.bootstrapServers(), suffix, dir.resolve("state-" + suffix));
    }

    private static String metrics(Monitor monitor) {
        return get(monitor, "/metrics");
    }

    private static String get(Monitor monitor, String path) {
        return Http.get("http://127.0.0.1:" + monitor.httpPort() + path);
    }

    private static int status(Monitor monitor, String path) {
        return Http.status("http://127.0.0.1:" + monitor.httpPort() + path);
    }
}
