package io.kdrift.time;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The input and label partitions that had records waiting for kdrift's group when the instance started, less those read
 * to their end since (the group's committed offset at the partition's end, as the health check reads it from the broker);
 * one per instance, shared by its tasks, free of Kafka.
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
}
