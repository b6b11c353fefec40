package io.kdrift.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * The test cluster's own account of itself: a write the broker never took (once on CI, a batch of a topic created just
 * before waited ten minutes and the test said nothing of why) fails saying where the cluster stands — each log directory
 * online or not, the space left, this JVM's open files — so that the next such failure names its cause.
 */
class KafkaClusterIntegrationTest {
    @Test
    void aWriteTheBrokerNeverTookFailsSayingWhereTheClusterStands() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.singleNode()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("health-check", 2, (short) 1))).all().get();
            }
            byte[][] record = {null, "x".getBytes(StandardCharsets.UTF_8)};
            cluster.produce("health-check", List.<byte[][]>of(record));
            String healthy = cluster.health();
            assertTrue(healthy.matches("(?s)cluster in /.*: \\d+ MiB free of \\d+; this JVM has \\d+ files open \\(limit \\d+\\)"
                    + "\\n  broker 0 /.*: online"), healthy);

            cluster.stopBroker(0);
            Properties quick = new Properties();
            quick.put("max.block.ms", "2000");
            IllegalStateException failed = assertThrows(IllegalStateException.class,
                    () -> cluster.produce("health-check", null, List.<byte[][]>of(record), quick));
            assertTrue(failed.getMessage().startsWith("no leader for every partition of health-check in 60 s")
                    && failed.getMessage().contains("MiB free") && failed.getMessage().contains("files open")
                    && failed.getMessage().contains("log directories: not read"), failed.getMessage());
        }
    }
}
