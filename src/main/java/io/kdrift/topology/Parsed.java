package io.kdrift.topology;

import io.kdrift.codec.EventJson;
import io.kdrift.event.LabelEvent;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * An input record as it travels between kdrift's processors (in memory, never serialised): the
 * original bytes, kept for the dead-letter topic, and either the event (a prediction, or a label from a label
 * topic) or why it was rejected.
 *
 * @param rawValue  the record's bytes; null for an event made by kdrift (a row of a serving layer's record, a joined
 *                  prediction), whose bytes are its JSON in kdrift's own shape, written only when they are needed
 * @param partition the partition of the topic it was read from; -1 where unknown
 */
record Parsed(byte[] rawKey, byte[] rawValue, PredictionEvent event, LabelEvent label, Rejection rejection, int partition) {
    /** An event made by kdrift: its bytes are its JSON, written when asked for (a hop, a dead letter, the late topic). */
    static Parsed made(PredictionEvent event) {
        return new Parsed(null, null, event, null, null, -1);
    }

    @Override
    public byte[] rawValue() {
        return rawValue != null || event == null ? rawValue : EventJson.toJson(event);
    }

    static Parsed rejected(byte[] rawKey, byte[] rawValue, Rejection rejection) {
        return new Parsed(rawKey, rawValue, null, null, rejection, -1);
    }

    /**
     * Whether the record was read from the partition Kafka's own partitioner gives its key (murmur2 of the model id)
     * among {@code partitions}: where kdrift's repartition topics, of as many partitions, put that model's records.
     */
    boolean onPartitionOfModel(String model, int partitions) {
        return partition == Utils.toPositive(Utils.murmur2(model.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    boolean isRejected() {
        return rejection != null;
    }
}
