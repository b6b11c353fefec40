package io.kdrift.time;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What waits for kdrift's group, as the broker says (io.kdrift.run.InputLag reads it); one per instance, shared by its
 * tasks, free of Kafka. Two views:
 * <ul>
 * <li>the input and label partitions that had records waiting when the instance started, less those read to their end
 * since (the group's committed offset at the partition's end);</li>
 * <li>the latest reading ({@link #reading}): the input and label partitions with records waiting now, and the partitions
 * of kdrift's hops whose task has not read yet what was in them at the reading before. A partition is idle only when
 * nothing of it waits ({@link #inFlight}): a task that did not run for a while (a busy machine, a long pause) or that is
 * behind on a hop has not heard a partition because it did not read it, not because the partition is silent.</li>
 * </ul>
 *
 * <p>A task's clock holds for such a partition until it is read, however long Kafka Streams takes to come to it
 * ({@link Watermarks}). A task started later in the same run (a task moved to this instance, a replaced stream thread)
 * asks again, so that it does not wait for records of a partition that were all read before it started: a partition
 * read to its end moves no more until new records come, and would hold that task's clock until then.
 */
public final class Backlog {
    /** No partition waits: replay, the topology tests. */
    public static final Backlog NONE = new Backlog(List.of());

    private final Set<Channel> waiting = ConcurrentHashMap.newKeySet();
    /** The latest reading: input partitions ({@link Channel#source}) with records waiting, and hop partitions behind. */
    private volatile Set<String> inputsWaiting = Set.of();
    private volatile List<Channel> inputPartitionsWaiting = List.of();
    private volatile Set<String> hopsBehind = Set.of();

    /** @param waitingAtStart the partitions with records waiting at start ({@code via} is not read) */
    public Backlog(Collection<Channel> waitingAtStart) {
        waitingAtStart.forEach(c -> waiting.add(c.partitionOnly()));
    }

    /** Whether the partition of {@code c} still has records waiting that were there at start. */
    public boolean waiting(Channel c) {
        return !waiting.isEmpty() && waiting.contains(c.partitionOnly());
    }

    /** The partitions still waiting ({@link Channel#partition}). */
    public Collection<Channel> partitions() {
        return List.copyOf(waiting);
    }

    /**
     * A new reading from the broker: partitions for which {@code stillWaiting} is false have been read to their end and
     * wait no more, in this run (new records later are live traffic, not the start's backlog).
     */
    public void read(Predicate<Channel> stillWaiting) {
        waiting.removeIf(c -> !stillWaiting.test(c));
    }

    /**
     * A reading from the broker.
     *
     * @param inputsWaiting the input and label partitions ({@link Channel#partition}) with records waiting for the group
     * @param hopsBehind    the partitions of kdrift's hops ({@link #hopPartition}) whose position is before where they
     *                      ended at the reading before: their task has not read everything that was in them then (a
     *                      hop's traffic never stops while predictions come, so "records waiting" would always be true)
     */
    public void reading(Collection<Channel> inputsWaiting, Set<String> hopsBehind) {
        this.inputPartitionsWaiting = List.copyOf(inputsWaiting);
        this.inputsWaiting = inputsWaiting.stream().map(Channel::source).collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.hopsBehind = Set.copyOf(hopsBehind);
    }

    /** The input and label partitions with records waiting at the latest reading ({@link Channel#partition}). */
    public List<Channel> waitingNow() {
        return inputPartitionsWaiting;
    }

    /** The name of partition {@code partition} of hop {@code hop} in {@link #reading}. */
    public static String hopPartition(String hop, int partition) {
        return hop + "#" + partition;
    }

    /**
     * Whether, at the latest reading, records of partition {@code source} ({@link Channel#source}) may still be on their
     * way to a task: waiting in the partition itself, or in one of {@code hops}, the hop partitions ({@link #hopPartition})
     * by which they come.
     */
    public boolean inFlight(String source, Collection<String> hops) {
        if (inputsWaiting.contains(source)) {
            return true;
        }
        Set<String> behind = hopsBehind;
        if (!behind.isEmpty()) {
            for (String hop : hops) {
                if (behind.contains(hop)) {
                    return true;
                }
            }
        }
        return false;
    }
}
