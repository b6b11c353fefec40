package io.kdrift.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.testing.KafkaCluster;
import io.kdrift.testing.SampleTotals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three brokers, every topic replicated 3 times with min.insync.replicas 2: one broker stops in the
 * middle of the stream and comes back later; kdrift keeps going, scores every window once, and counts
 * every valid event once.
 */
class BrokerLossIntegrationTest {

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
            SampleTotals sample = new SampleTotals();
            List<byte[][]> events = sample.records;
            int third = events.size() / 3;
            int victim = cluster.brokerIds().iterator().next();
            try (Monitor monitor = Monitor.start(config)) {
                assertTrue(monitor.awaitRunning(Duration.ofSeconds(90)));
                cluster.produce(config.topics().input(), events.subList(0, third));
                cluster.stopBroker(victim);
                cluster.produce(config.topics().input(), events.subList(third, 2 * third));
                cluster.startBroker(victim);
                cluster.produce(config.topics().input(), events.subList(2 * third, events.size()));
                List<ConsumerRecord<byte[], byte[]>> scores = cluster.consume(config.topics().scores(), SampleTotals.SCORE_RECORDS,
                        Duration.ofSeconds(5), Duration.ofSeconds(150));
                if (scores.size() != SampleTotals.SCORE_RECORDS) {
                    // where it stands: once, on a heavily loaded machine, 122 of 128 came in 150 s (2026-12-07)
                    System.out.println("broker loss: " + scores.size() + " score records; windows short of signals: " + SampleTotals.missing(scores)
                            + "; accepted " + monitor.counters().acceptedCount() + ", late " + monitor.counters().lateCount() + "; "
                            + cluster.standing("kdrift-broker-loss", "kdrift-broker-loss"));
                }
                sample.assertExactlyOnce(scores);
                assertEquals(org.apache.kafka.streams.KafkaStreams.State.RUNNING, monitor.streams().state());
            }
        }
    }
}
