package io.kdrift.topology;

import io.kdrift.time.Backlog;
import io.kdrift.time.Channel;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The partitions of kdrift's hops by which a channel's records reach a task ({@link Backlog#hopPartition}): a task of
 * partition {@code k} reads partition {@code k} of each hop; what a join task {@code j} hands on first went through
 * partition {@code j} of the hop by id. While one of them is behind, the channel's partition is not idle in that task.
 */
final class HopPartitions {
    private HopPartitions() {
    }

    static Function<Channel, Collection<String>> of(int task) {
        return c -> {
            String via = c.via();
            if (Channel.DIRECT.equals(via) || Channel.REPLAY.equals(via)) {
                return List.of();
            }
            if (JoinByIdProcessor.isJoinedWay(via)) {
                return List.of(Backlog.hopPartition(DriftTopology.JOINED_REPARTITION, task),
                        Backlog.hopPartition(DriftTopology.HALVES_BY_ID_REPARTITION, JoinByIdProcessor.joinTaskOf(via)));
            }
            return List.of(Backlog.hopPartition(via, task));
        };
    }
}
