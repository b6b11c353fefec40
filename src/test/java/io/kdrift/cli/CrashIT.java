package io.kdrift.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.testing.KafkaCluster;
import io.kdrift.testing.SampleTotals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * kdrift as a separate JVM (the built jar), killed with SIGKILL in the middle of the stream and
 * started again, with exactly_once_v2: read with read_committed, every window of every signal is
 * scored exactly once and the counts add up to the valid events produced. Also with the state
 * directory deleted before the restart, so that the state comes back from the changelog only.
 */
class CrashIT {
    private static KafkaCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KafkaCluster.singleNode();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private Process start(Path config, Path log) throws IOException {
        return new ProcessBuilder("java", "-jar", System.getProperty("kdrift.jar"), "run", "--config", config.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static void awaitRunning(Path log, Process p, int occurrence) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log);
            if (text.split("REBALANCING -> RUNNING", -1).length - 1 >= occurrence) {
                return;
            }
            assertTrue(p.isAlive(), () -> "kdrift exited:\n" + text);
            Thread.sleep(200);
        }
        throw new AssertionError("kdrift not RUNNING:\n" + Files.readString(log));
    }

    @ParameterizedTest(name = "state directory deleted before restart: {0}")
    @ValueSource(booleans = {false, true})
    void aKilledMonitorResumesWithoutLosingOrDoublingAnything(boolean deleteState) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Path config = dir.resolve("kdrift.yaml");
        Files.writeString(config, Files.readString(Path.of("examples/kdrift.yaml")).replace("grace: 10s", "grace: 10s\n  idleAfter: 5s")
                + "\ntopics: {input: in-" + suffix + ", scores: scores-" + suffix + ", deadLetter: dlq-" + suffix
                + ", alerts: alerts-" + suffix + ", partitions: 2}\n"
                + "http: {host: 127.0.0.1, port: 0}\n"
                + "kafka:\n  bootstrap.servers: " + cluster.bootstrapServers() + "\n  application.id: kdrift-crash-" + suffix
                + "\n  state.dir: " + dir.resolve("state") + "\n  commit.interval.ms: \"100\""
                // a killed member does not leave the group: keep the wait for its session to expire short
                + "\n  session.timeout.ms: \"6000\"\n  heartbeat.interval.ms: \"1500\"\n");
        SampleTotals sample = new SampleTotals();
        List<byte[][]> events = sample.records;
        Path log = dir.resolve("kdrift.log");
        Process first = start(config, log);
        awaitRunning(log, first, 1);
        int third = events.size() / 3;
        cluster.produce("in-" + suffix, events.subList(0, third));
        // kill it while it works through the second third
        Thread producing = new Thread(() -> cluster.produce("in-" + suffix, events.subList(third, 2 * third)));
        producing.start();
        Thread.sleep(300);
        first.destroyForcibly(); // SIGKILL: no commit, no leaving the group
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        producing.join();
        if (deleteState) {
            try (Stream<Path> paths = Files.walk(dir.resolve("state"))) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Process second = start(config, log);
        try {
            awaitRunning(log, second, 2);
            cluster.produce("in-" + suffix, events.subList(2 * third, events.size()));
            List<ConsumerRecord<byte[], byte[]>> scores = cluster.consume("scores-" + suffix, SampleTotals.SCORE_RECORDS, Duration.ofSeconds(5),
                    Duration.ofSeconds(150));
            sample.assertExactlyOnce(scores);
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
