package io.kdrift.time;

/**
 * One way event time reaches a task: the records of one input (or label) partition, read in the task itself
 * ({@link #DIRECT}) or brought by one of kdrift's hops by model. Records of one channel arrive in the order they were
 * read from their partition, which is what makes its progress a clock; two channels of the same partition do not.
 *
 * @param via       {@link #DIRECT}, {@link #REPLAY}, or the name of the hop
 * @param topic     the input or label topic
 * @param partition its partition
 * @param labels    whether it brings labels (the label clock) rather than predictions (the prediction clock)
 */
public record Channel(String via, String topic, int partition, boolean labels) {
    /** Records read in the task that keeps the clock. */
    public static final String DIRECT = "direct";
    /** {@code kdrift replay}: one ordered stream, whatever topics its envelopes name. */
    public static final String REPLAY = "replay";
    /** The predictions of a replay. */
    public static final Channel REPLAY_PREDICTIONS = new Channel(REPLAY, "", 0, false);
    /** The labels of a replay. */
    public static final Channel REPLAY_LABELS = new Channel(REPLAY, "", 0, true);

    /** The {@code via} of a channel that stands for its partition, whatever way its records come ({@link #partition}). */
    public static final String ANY_WAY = "";

    /** An input (labels false) or label (labels true) partition, whatever way its records come. */
    public static Channel partition(String topic, int partition, boolean labels) {
        return new Channel(ANY_WAY, topic, partition, labels);
    }

    /** This channel's partition, whatever the way. */
    public Channel partitionOnly() {
        return ANY_WAY.equals(via) ? this : partition(topic, partition, labels);
    }

    /** The input partition, whatever the way: "topic-partition". */
    public String source() {
        return topic + "-" + partition;
    }

    /** A key for a store, from which {@link #ofKey} gives the channel back. */
    public String key() {
        return via + '\n' + topic + '\n' + partition + '\n' + (labels ? 'L' : 'P');
    }

    /** The channel of a {@link #key()}, or null when the text is not one. */
    public static Channel ofKey(String key) {
        String[] parts = key.split("\n", -1);
        if (parts.length != 4) {
            return null;
        }
        try {
            return new Channel(parts[0], parts[1], Integer.parseInt(parts[2]), parts[3].equals("L"));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
