package io.kdrift.topology;

/**
 * How many partitions kdrift's state has, and whether the first input is read in place.
 *
 * <p>A model's state lives in the task of one partition of kdrift's state topics, for as long as the application
 * lives: Kafka Streams cannot move state between partitions. Their count is fixed at the first start, from the first
 * input's topic. Records of that topic keyed by their model are read in place, without a hop, while the topic has as
 * many partitions; once it has more (partitions added), its records hop by model like every other input's, to the
 * partition their model's state is in.
 *
 * @param count             the partitions of kdrift's state and internal topics
 * @param firstInputInPlace whether the first input's keyed records are read in the task of their own partition
 */
public record Partitioning(int count, boolean firstInputInPlace) {
    public Partitioning {
        if (count < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + count);
        }
    }

    /** State of {@code count} partitions, as many as the first input has. */
    public static Partitioning inPlace(int count) {
        return new Partitioning(count, true);
    }
}
