package io.kdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.testing.KafkaCluster;
import io.kdrift.testing.SampleTotals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kdrift (the built jar) against a broker whose listener needs SASL (SCRAM-SHA-512), with only the
 * settings of its config file: it works with the right credentials, stops with a clear error with
 * wrong ones, and never prints the password.
 */
class SecurityIT {
    private static final String USER = "kdrift";
    private static final String PASSWORD = "scram-" + UUID.randomUUID();
    private static KafkaCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KafkaCluster.saslScram(USER);
        cluster.createScramUser(USER, PASSWORD);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private Path config(String password, String suffix) throws Exception {
        Path config = dir.resolve("kdrift-" + suffix + ".yaml");
        Files.writeString(config, Files.readString(Path.of("examples/kdrift.yaml")).replace("grace: 10s", "grace: 10s\n  idleAfter: 3s")
                + "\ntopics: {input: in-" + suffix + ", scores: scores-" + suffix + ", deadLetter: dlq-" + suffix + ", alerts: alerts-" + suffix + "}\n"
                + "http: {host: 127.0.0.1, port: 0}\n"
                + "kafka:\n  bootstrap.servers: " + cluster.bootstrapServers() + "\n  application.id: kdrift-sasl-" + suffix
                + "\n  state.dir: " + dir.resolve("state-" + suffix)
                + "\n  security.protocol: SASL_PLAINTEXT\n  sasl.mechanism: SCRAM-SHA-512\n"
                + "  sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER
                + "\" password=\"" + password + "\";\n");
        return config;
    }

    private Process start(Path config, Path log) throws Exception {
        return new ProcessBuilder("java", "-jar", System.getProperty("kdrift.jar"), "run", "--config", config.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void connectsWithScramCredentialsFromItsConfigAndNeverPrintsThePassword() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Path log = dir.resolve("ok.log");
        Process kdrift = start(config(PASSWORD, suffix), log);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.readString(log).contains("REBALANCING -> RUNNING") && System.nanoTime() < deadline) {
                assertTrue(kdrift.isAlive(), () -> read(log));
                Thread.sleep(200);
            }
            assertTrue(Files.readString(log).contains("REBALANCING -> RUNNING"), read(log));
            cluster.produce("in-" + suffix, null, new SampleTotals().records, KafkaCluster.adminClientProps());
            assertEquals(SampleTotals.SCORE_RECORDS, cluster.consume("scores-" + suffix, SampleTotals.SCORE_RECORDS, Duration.ofSeconds(3),
                    Duration.ofSeconds(90),
                    KafkaCluster.adminClientProps()).size(), "every window scored");
        } finally {
            kdrift.destroy();
            kdrift.waitFor(60, TimeUnit.SECONDS);
        }
        assertFalse(read(log).contains(PASSWORD), "the password appears in the log");
    }

    @Test
    void wrongCredentialsStopItWithAClearError() throws Exception {
        String wrong = "wrong-" + UUID.randomUUID();
        Path log = dir.resolve("wrong.log");
        Process kdrift = start(config(wrong, "wrong"), log);
        assertTrue(kdrift.waitFor(120, TimeUnit.SECONDS), "kdrift gives up: " + read(log));
        assertNotEquals(0, kdrift.exitValue());
        String out = read(log);
        assertTrue(out.contains("cannot reach Kafka at " + cluster.bootstrapServers()), out);
        assertTrue(out.toLowerCase().contains("authentication failed"), out);
        assertFalse(out.contains(wrong), "the password appears in the log");
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
