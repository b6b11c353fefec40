package io.kdrift.topology;

import io.kdrift.time.Channel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * How far an input partition has come, as it crosses a hop by model: a record of key {@link #KEY} (never a model id:
 * those cannot hold '@') sent to every partition of the hop, so that every task that keeps a model's clock hears of
 * every partition, also one that sends it no event. Its value: a version byte, whether it is of labels, the event time
 * (8 bytes), the partition (4 bytes) and the topic (UTF-8).
 */
final class ProgressMarker {
    /** The record key of a marker on a hop. */
    static final String KEY = "@kdrift-progress";
    private static final byte VERSION = 1;

    private ProgressMarker() {
    }

    static byte[] encode(Channel source, long time) {
        byte[] topic = source.topic().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(14 + topic.length).put(VERSION).put((byte) (source.labels() ? 1 : 0)).putLong(time)
                .putInt(source.partition()).put(topic).array();
    }

    /** The marker of {@code bytes}, arrived through the hop {@code via}. */
    static Parsed decode(byte[] bytes, String via) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 14 || b.get() != VERSION) {
            throw new IllegalStateException("a progress marker of another version of kdrift (" + bytes.length + " bytes)");
        }
        boolean labels = b.get() == 1;
        long time = b.getLong();
        int partition = b.getInt();
        String topic = new String(bytes, 14, bytes.length - 14, StandardCharsets.UTF_8);
        return Parsed.progress(new Channel(via, topic, partition, labels), time);
    }

    /**
     * A hop's partitioner: a marker to every partition, a record to the partition of its key as Kafka's own partitioner
     * puts it (murmur2), where a model's records read in place are too.
     */
    static final class HopPartitioner implements StreamPartitioner<String, byte[]> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, byte[] value, int numPartitions) {
            if (KEY.equals(key)) {
                return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
            }
            return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % numPartitions));
        }
    }
}
