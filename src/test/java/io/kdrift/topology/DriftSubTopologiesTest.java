package io.kdrift.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.time.Backlog;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The drift step's tasks are its state's partitions: no topic whose partitions may grow is read in them, but the first
 * input while it has as many (read in place). Kafka Streams gives a sub-topology as many tasks as its largest source
 * topic has partitions, and refuses to start once that outgrows the state's changelogs.
 */
class DriftSubTopologiesTest {
    private static final KdriftConfig CONFIG = ConfigLoader.parse("""
            inputs:
              - {topic: in}
              - {topic: in2}
              - {pattern: 'more-.*', format: mapping, mapping: {model: /m, timestamp: /t, prediction: /p}}
              - {topic: oip, format: oip, model: iris}
            labels: {topics: [labels]}
            """, "sub-topologies.yaml");

    /** The topics read (by name or pattern) in the sub-topology of the drift step. */
    private static Set<String> readWithTheState(Partitioning partitioning) {
        TopologyDescription description = DriftTopology.build(CONFIG, new EventCounters(), ScoreListener.NONE, DriftTopology.Mode.KAFKA, partitioning,
                Backlog.NONE).describe();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            if (sub.nodes().stream().anyMatch(n -> n.name().equals("kdrift-drift"))) {
                Set<String> topics = new TreeSet<>();
                sub.nodes().stream().filter(n -> n instanceof TopologyDescription.Source).map(n -> (TopologyDescription.Source) n)
                        .forEach(s -> topics.add(s.topicSet() != null ? String.join(",", s.topicSet()) : s.topicPattern().pattern()));
                return topics;
            }
        }
        throw new AssertionError("no drift step in " + description);
    }

    @Test
    void theDriftStepReadsTheFirstInputInPlaceAndOtherwiseOnlyKdriftsOwnHops() {
        assertEquals(Set.of("in", "kdrift-events-by-model-repartition", "kdrift-keyed-events-by-model-repartition",
                "kdrift-inputs-events-by-model-repartition", "kdrift-inputs-keyed-events-by-model-repartition", "kdrift-halves-by-model-repartition",
                "kdrift-labels-by-model-repartition"), readWithTheState(Partitioning.inPlace(3)));
    }

    @Test
    void aFirstInputWithMorePartitionsThanTheStateIsNotReadWithTheState() {
        assertEquals(Set.of("kdrift-events-by-model-repartition", "kdrift-keyed-events-by-model-repartition",
                "kdrift-inputs-events-by-model-repartition", "kdrift-inputs-keyed-events-by-model-repartition", "kdrift-halves-by-model-repartition",
                "kdrift-labels-by-model-repartition"), readWithTheState(new Partitioning(3, false)));
    }
}
