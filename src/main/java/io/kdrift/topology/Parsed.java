package io.kdrift.topology;

import io.kdrift.codec.EventJson;
import io.kdrift.event.LabelEvent;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.Rejection;
import io.kdrift.time.Channel;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * An input record as it travels between kdrift's processors (in memory, never serialised): the
 * original bytes, kept for the dead-letter topic, and either the event (a prediction, or a label from a label
 * topic), why it was rejected, or the progress of an input partition (a marker: {@link ProgressMarker}).
 *
 * @param rawValue  the record's bytes; null for an event made by kdrift (a row of a serving layer's record, a joined
 *                  prediction), whose bytes are its JSON in kdrift's own shape, written only when they are needed
 * @param partition the partition of the topic it was read from; -1 where unknown
 * @param channel   the input partition it came from, and how (io.kdrift.time.Watermarks); null for a rejection
 * @param progress  for a marker, the event time its partition has come to; {@link Long#MIN_VALUE} otherwise
 */
record Parsed(byte[] rawKey, byte[] rawValue, PredictionEvent event, LabelEvent label, Rejection rejection, int partition,
              Channel channel, long progress) {
    /** An event made by kdrift: its bytes are its JSON, written when asked for (a hop, a dead letter, the late topic). */
    static Parsed made(PredictionEvent event, Channel channel) {
        return new Parsed(null, null, event, null, null, -1, channel, Long.MIN_VALUE);
    }

    /** A marker: the input partition of {@code channel} has come to event time {@code time}. */
    static Parsed progress(Channel channel, long time) {
        return new Parsed(null, null, null, null, null, -1, channel, time);
    }

    @Override
    public byte[] rawValue() {
        if (rawValue != null) {
            return rawValue;
        }
        if (isProgress()) {
            return ProgressMarker.encode(channel, progress);
        }
        return event == null ? null : EventJson.toJson(event);
    }

    static Parsed rejected(byte[] rawKey, byte[] rawValue, Rejection rejection) {
        return new Parsed(rawKey, rawValue, null, null, rejection, -1, null, Long.MIN_VALUE);
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

    boolean isProgress() {
        return progress != Long.MIN_VALUE;
    }

    /** The event time this record brings its channel to: its event's or label's, or a marker's. */
    long eventTime() {
        return isProgress() ? progress : label != null ? label.timestamp() : event.timestamp();
    }
}
