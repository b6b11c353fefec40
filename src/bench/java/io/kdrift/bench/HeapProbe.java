package io.kdrift.bench;

import io.kdrift.config.KdriftConfig;
import io.kdrift.topology.DriftTopology;
import io.kdrift.topology.EventCounters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A driver left open with the events' state in memory (transient stores), to weigh that state. */
final class HeapProbe implements AutoCloseable {
    private final TopologyTestDriver driver;

    HeapProbe(KdriftConfig config, BenchEvents events) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-heap");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("kdrift-heap-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(DriftTopology.build(config, new EventCounters(), DriftTopology.Mode.REPLAY), props, Instant.EPOCH);
        TestInputTopic<byte[], byte[]> in = driver.createInputTopic(config.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
        for (int i = 0; i < events.size(); i++) {
            in.pipeInput(new TestRecord<>(events.keys.get(i), events.values.get(i), null, events.timestamps.get(i)));
            if (i % 5_000 == 4_999) {
                for (String topic : driver.producedTopicNames()) {
                    driver.createOutputTopic(topic, new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                            new org.apache.kafka.common.serialization.ByteArrayDeserializer()).readRecordsToList();
                }
            }
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
