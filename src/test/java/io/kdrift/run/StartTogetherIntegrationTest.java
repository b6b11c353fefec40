package io.kdrift.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.testing.KafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances started at the same moment on a fresh cluster (a StatefulSet's pods in parallel, two {@code kdrift run}
 * started together) all reach RUNNING: none fails because a topic another one has just created is not yet visible
 * (the global store's "There are no partitions available for topic reference-...").
 */
class StartTogetherIntegrationTest {
    private static final int ROUNDS = 10;
    private static final int INSTANCES = 3;

    @TempDir
    Path dir;

    @Test
    void threeInstancesStartedTogetherOnFreshTopicsAllReachRunningTenTimesOver() throws Exception {
        // three brokers: each learns of a new topic from the controller on its own, as in production
        try (KafkaCluster cluster = KafkaCluster.threeBrokers()) {
            java.util.Random random = new java.util.Random(42);
            ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    // every round on topics no one has created yet: the first round on a cluster just started
                    String suffix = round + "-" + UUID.randomUUID().toString().substring(0, 8);
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Monitor>> started = new ArrayList<>();
                    for (int i = 0; i < INSTANCES; i++) {
                        KdriftConfig config = config(cluster, suffix, dir.resolve("state-" + suffix + "-" + i));
                        // "at the same moment" as pods are: within a fraction of a second of each other
                        long offsetMs = i == 0 ? 0 : random.nextInt(150);
                        started.add(pool.submit(() -> {
                            go.await();
                            Thread.sleep(offsetMs);
                            return Monitor.start(config);
                        }));
                    }
                    go.countDown();
                    List<Monitor> monitors = new ArrayList<>();
                    try {
                        for (Future<Monitor> f : started) {
                            monitors.add(f.get(120, TimeUnit.SECONDS));
                        }
                        for (int i = 0; i < monitors.size(); i++) {
                            Monitor m = monitors.get(i);
                            assertTrue(m.awaitRunning(Duration.ofSeconds(90)),
                                    "round " + round + ", instance " + i + " reaches RUNNING (it is " + m.streams().state() + ")");
                        }
                        // one that started a moment later may make the others rebalance once more (Kafka Streams' follow-up
                        // rebalance): they must all be running together then, none failed
                        int r = round;
                        io.kdrift.testing.Await.until(() -> monitors.stream().allMatch(m -> m.streams().state() == KafkaStreams.State.RUNNING),
                                Duration.ofSeconds(60), () -> "round " + r + ": every instance running at once: "
                                        + monitors.stream().map(m -> m.streams().state().toString()).toList());
                    } finally {
                        monitors.parallelStream().forEach(Monitor::close);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static KdriftConfig config(KafkaCluster cluster, String suffix, Path stateDir) throws Exception {
        String yaml = Files.readString(Path.of("examples/kdrift.yaml"))
                + "\ntopics: {input: in-" + suffix + ", scores: scores-" + suffix + ", deadLetter: dlq-" + suffix
                + ", alerts: alerts-" + suffix + ", reference: reference-" + suffix + ", partitions: 3}\n"
                + "http: {port: 0, host: 127.0.0.1}\n"
                + "kafka:\n  bootstrap.servers: " + cluster.bootstrapServers() + "\n  application.id: kdrift-" + suffix
                + "\n  state.dir: " + stateDir + "\n";
        return ConfigLoader.parse(yaml, "test.yaml");
    }
}
