package io.kdrift.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.time.Backlog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The topology's nodes, stores and internal topics, as Kafka Streams describes them, against what this version was
 * released with ({@code src/test/resources/topology/}). Their names are where a running application's state and
 * offsets live: a node renamed or reordered (an unnamed node's generated name counts) orphans the state of every
 * instance that upgrades. A change meant to rename writes the files again: {@code -Dkdrift.topology.write=true}, and
 * says in its commit what an upgrade then does.
 */
class TopologyNamesTest {
    private static final Map<String, String> CONFIGS = Map.of(
            "sample", "inputs: [{topic: predictions}]\n",
            "every-way", """
                    inputs:
                      - {topic: in}
                      - {topic: in2}
                      - {pattern: 'more-.*', format: mapping, mapping: {model: /m, timestamp: /t, prediction: /p}}
                      - {topic: oip, format: oip, model: iris}
                      - {topic: requests, format: oip}
                      - {topic: kserve, format: kserve}
                    labels: {topics: [labels]}
                    topics: {late: late}
                    """,
            "labels", "inputs: [{topic: predictions}]\nlabels: {topics: [labels]}\n");

    @ParameterizedTest
    @ValueSource(strings = {"sample/kafka", "sample/replay", "every-way/kafka", "every-way/replay", "every-way/grown", "labels/kafka"})
    void theNamesAreThoseOfTheReleasedTopology(String name) throws IOException {
        String[] parts = name.split("/");
        KdriftConfig config = ConfigLoader.parse(CONFIGS.get(parts[0]), parts[0] + ".yaml");
        DriftTopology.Mode mode = parts[1].equals("replay") ? DriftTopology.Mode.REPLAY : DriftTopology.Mode.KAFKA;
        Partitioning partitioning = parts[1].equals("grown") ? new Partitioning(3, false) : Partitioning.inPlace(3);
        String description = DriftTopology.build(config, new EventCounters(), ScoreListener.NONE, mode, partitioning, Backlog.NONE)
                .describe().toString();
        Path golden = Path.of("src/test/resources/topology", parts[0] + "-" + parts[1] + ".txt");
        if (Boolean.getBoolean("kdrift.topology.write")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, description);
        }
        assertEquals(Files.readString(golden), description, name + ": the topology differs from " + golden);
    }
}
