package io.kdrift.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.health.StallDetector;
import io.kdrift.testing.KafkaCluster;
import io.kdrift.time.Backlog;
import io.kdrift.time.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The partitions whose records wait at start, as the broker says (each task's clock holds for them until they are read),
 * and the health check's later readings, which tell tasks started later in the run which of them were read to their end.
 */
class BacklogIntegrationTest {
    private static KafkaCluster cluster;

    @BeforeAll
    static void sharedCluster() throws Exception {
        cluster = KafkaCluster.shared();
    }

    @Test
    void partitionsWithRecordsWaitingAtStartLeaveTheBacklogOnceTheGroupHasReadThemToTheirEnd() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String input = "backlog-in-" + id;
        String labels = "backlog-labels-" + id;
        String group = "kdrift-backlog-" + id;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(input, 3, (short) 1), new NewTopic(labels, 1, (short) 1))).all().get();
            List<byte[][]> three = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                three.add(new byte[][] {null, ("{\"n\":" + i + "}").getBytes()});
            }
            cluster.produce(input, 0, three);
            cluster.produce(input, 1, three);
            cluster.produce(labels, 0, three);
            // partition 0 read before: the group's offset at its end; partition 1 read to its second record; 2 empty
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(input, 0), new OffsetAndMetadata(3),
                    new TopicPartition(input, 1), new OffsetAndMetadata(1))).all().get();
            KdriftConfig config = ConfigLoader.parse("""
                    inputs: [{topic: %s}]
                    labels: {topics: [%s]}
                    kafka: {bootstrap.servers: %s, application.id: %s}
                    """.formatted(input, labels, cluster.bootstrapServers(), group), "backlog.yaml");
            Properties props = StreamsProperties.of(config, cluster.bootstrapServers());
            Backlog backlog = TopicCreator.backlog(config, props);
            assertEquals(Set.of(Channel.partition(input, 1, false), Channel.partition(labels, 0, true)), Set.copyOf(backlog.partitions()),
                    "records wait on input partition 1 and on the label partition");

            try (InputLag lag = new InputLag(props, List.of(input, labels), List.of(), group, new StallDetector(60_000, 0), backlog)) {
                lag.check();
                assertEquals(2, backlog.partitions().size(), "nothing read since");
                admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(labels, 0), new OffsetAndMetadata(3))).all().get();
                lag.check();
                assertEquals(List.of(Channel.partition(input, 1, false)), backlog.partitions(), "the labels were read to their end");
                cluster.produce(labels, 0, List.<byte[][]>of(new byte[][] {null, "{}".getBytes()}));
                lag.check();
                assertEquals(List.of(Channel.partition(input, 1, false)), backlog.partitions(), "new records later are live traffic, not the backlog");
            }
        }
    }
}
