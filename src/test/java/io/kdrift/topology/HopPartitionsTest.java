package io.kdrift.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.time.Backlog;
import io.kdrift.time.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The hop partitions a task's clock asks the broker about (io.kdrift.run.InputLag reads {@code <application>-<hop>-repartition})
 * are the hops the topology really reads: a channel's records are held back only by hops that exist, and by every one they take.
 */
class HopPartitionsTest {
    private static final KdriftConfig CONFIG = ConfigLoader.parse("""
            inputs:
              - {topic: in}
              - {topic: in2}
              - {topic: kserve, format: kserve}
              - {topic: oip-requests, format: oip, part: request}
              - {topic: oip-responses, format: oip, part: response}
            labels: {topics: [labels]}
            """, "hops.yaml");

    @Test
    void everyWayOfEveryInputIsHeldByHopsTheTopologyReadsAndAJoinedWayAlsoByTheJoinTasksHop() {
        TopologyDescription description = DriftTopology.build(CONFIG, new EventCounters(), ScoreListener.NONE, DriftTopology.Mode.KAFKA,
                Partitioning.inPlace(3), Backlog.NONE).describe();
        Set<String> read = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            sub.nodes().stream().filter(n -> n instanceof TopologyDescription.Source).map(n -> (TopologyDescription.Source) n)
                    .filter(s -> s.topicSet() != null).forEach(s -> read.addAll(s.topicSet()));
        }
        var viasOf = DriftTopology.viasOf(CONFIG, false, Partitioning.inPlace(3));
        List<String> held = new ArrayList<>();
        for (Channel partition : List.of(Channel.partition("in", 0, false), Channel.partition("in2", 0, false), Channel.partition("kserve", 0, false),
                Channel.partition("oip-requests", 0, false), Channel.partition("labels", 0, true))) {
            for (String via : viasOf.apply(partition)) {
                List<String> hops = List.copyOf(HopPartitions.of(2).apply(new Channel(via, partition.topic(), 0, partition.labels())));
                if (via.equals(Channel.DIRECT)) {
                    assertEquals(List.of(), hops, "read in place: nothing in flight but the partition itself");
                    continue;
                }
                assertEquals(Backlog.hopPartition(via.contains("#") ? DriftTopology.JOINED_REPARTITION : via, 2), hops.get(0), via);
                held.addAll(hops);
            }
        }
        assertTrue(held.contains(Backlog.hopPartition(DriftTopology.HALVES_BY_ID_REPARTITION, 1)), "a join task's way: its own hop by id too: " + held);
        for (String hop : held) {
            String topic = hop.substring(0, hop.lastIndexOf('#')) + "-repartition";
            assertTrue(read.contains(topic), hop + " is not a hop the topology reads: " + read);
        }
    }
}
