package io.kdrift.time;

import io.kdrift.state.KeyedState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The event-time clocks of one task, from the progress of every channel that feeds it (docs/how-it-works.md, "Time
 * across partitions"); free of Kafka. As in Flink and Beam, a clock is a watermark: the minimum over its inputs.
 *
 * <p>A channel's progress is the largest event time it has brought, by a record or by a progress marker of its
 * partition (markers reach every task, also those to which the partition sends no record). A partition whose largest
 * event time, over all its channels, has not moved for {@code idleAfter} of wall-clock time, and of which the broker
 * says nothing waits (not in the partition, not in a hop to this task: {@link Backlog#inFlight}), is idle: its channels
 * hold nothing back until it moves again. Silence is the partition's, not the task's: a task that did not run for
 * idleAfter, or that is behind on a hop, has records of the partition still to read. Two clocks, each the minimum over
 * its active channels and never going backwards: the prediction clock (prediction and serving-layer channels: what
 * closes windows, judges lateness and expires the request join) and the label clock (label channels: the label join's
 * label time). With no active prediction channel, the prediction clock follows the wall clock from the largest
 * progress, as an idle task's stream time did before: the last windows still close.
 *
 * <p>Sources come and go. Once a partition is known (with records waiting at start, stored before a restart, or heard),
 * each way its records can come ({@code viasOf}) is a channel, and a channel not heard yet holds its clock at nothing
 * until it is heard, for at most {@code idleAfter}: a record read in place cannot outrun the same partition's records
 * still in a hop. A partition that had records waiting at start holds until it is read, however long that takes
 * ({@link Backlog}), so that a source read later is not outrun; when the broker says it was read to its end before this
 * task came to it (a task started later in the run), it holds for idleAfter more, as a partition heard. A partition
 * first heard later (a partition added, a pattern's new topic, one empty at start) joins the minimum from then on: the
 * clock never goes back for it. A stored channel of a way its partition no longer takes (read in place before, through
 * the hop now: partitions added to the first input) is dropped at start: nothing will come by it; records still in
 * flight by such a way (sent by an earlier topology) are counted as they come but hold nothing.
 *
 * <p>State: each channel's progress, written to {@code store} at most once a tick under {@link Channel#key()} prefixed
 * with {@link #KEY_PREFIX}; in memory, a few dozen bytes a channel.
 */
public final class Watermarks {
    /** Prefix of the keys under which channels' progress is stored (the store holds other keys too). */
    public static final String KEY_PREFIX = "source\n";
    /**
     * The progress of a partition read but with nothing accepted yet (bad records only): it has moved (it is being read)
     * but holds nothing, as nothing of it is on its way (rejected records go to the dead-letter topic).
     */
    public static final long READ_NOTHING = Long.MIN_VALUE + 1;

    /** An input or label partition: its largest event time over every channel, and when that last moved. */
    private static final class Source {
        /** The partition ({@link Channel#partition}): its key among the sources. */
        final Channel partition;
        long maxTime = Long.MIN_VALUE;
        long movedAt;
        /**
         * Records waited at start and it has not moved since, nor been read to its end by another task: it holds whatever
         * the wall clock says (Kafka Streams reads a task's partitions in record-timestamp order: a topic whose records
         * were written later waits until the others are read).
         */
        boolean backlog;

        Source(Channel partition, long movedAt) {
            this.partition = partition;
            this.movedAt = movedAt;
        }
    }

    private static final class Progress {
        final Channel channel;
        final Source source;
        /** Its partition's name ({@link Channel#source}) and the hop partitions by which its records come to this task. */
        final String sourceName;
        final Collection<String> hops;
        long createdAt;
        long time = Long.MIN_VALUE;
        long saved = Long.MIN_VALUE;
        boolean heard;

        Progress(Channel channel, Source source, Collection<String> hops, long createdAt) {
            this.channel = channel;
            this.source = source;
            this.sourceName = channel.source();
            this.hops = hops;
            this.createdAt = createdAt;
        }
    }

    /** One of the two clocks. */
    private static final class Clock {
        final List<Progress> channels = new ArrayList<>();
        long value;
        /** The largest progress of its channels, and the wall time of the last move of any of its partitions. */
        long maxTime = Long.MIN_VALUE;
        long lastMovedAt;
        /** Whether the last move of {@link #value} came from the wall clock (no active channel). */
        boolean byWallClock;

        Clock(long value, long now) {
            this.value = value;
            this.lastMovedAt = now;
        }
    }

    private final long idleAfterMs;
    private final KeyedState<Long> store;
    private final Function<Channel, Collection<String>> viasOf;
    private final Function<Channel, Collection<String>> hopsOf;
    private final Backlog backlog;
    /** How many sources still hold as {@link Source#backlog}: the tick asks the {@link Backlog} about them only. */
    private int backlogSources;
    private final Map<Channel, Progress> channels = new HashMap<>();
    private final Map<Channel, Source> sources = new HashMap<>();
    private final Clock predictions;
    private final Clock labels;
    private long now;
    /** The partition of the inputs this task reads in place ({@link #readsInPlace}); -1: none. */
    private int inPlacePartition = -1;
    private Channel lastChannel;
    private Progress lastProgress;

    /**
     * Restores the channels stored in {@code store}.
     *
     * @param backlog         the input (labels false) and label (labels true) partitions with records waiting since the
     *                        instance started
     * @param viasOf          the ways the records of a partition (a channel of it) can reach this task: the hops, and
     *                        {@link Channel#DIRECT} if it is read in place here
     * @param hopsOf          the hop partitions ({@link Backlog#hopPartition}) by which a channel's records reach this
     *                        task: while one is behind at the latest reading, the channel is not idle
     * @param predictionFloor the prediction clock before a restart (it never goes back), or {@link Long#MIN_VALUE}
     * @param now             the wall clock, epoch ms
     */
    public Watermarks(long idleAfterMs, KeyedState<Long> store, Backlog backlog, Function<Channel, Collection<String>> viasOf,
                      Function<Channel, Collection<String>> hopsOf, long predictionFloor, long now) {
        this.idleAfterMs = idleAfterMs;
        this.store = store;
        this.viasOf = viasOf;
        this.hopsOf = hopsOf;
        this.backlog = backlog;
        this.now = now;
        this.predictions = new Clock(predictionFloor, now);
        this.labels = new Clock(Long.MIN_VALUE, now);
        for (String key : store.keys()) {
            Channel c = key.startsWith(KEY_PREFIX) ? Channel.ofKey(key.substring(KEY_PREFIX.length())) : null;
            if (c != null && !taken(c)) {
                // a way its partition no longer takes (read in place before, hopping now; an input removed): it would
                // hold the clock at its last progress for as long as the partition moves by its other ways
                store.delete(key);
                continue;
            }
            Long time = c == null ? null : store.get(key);
            if (time != null) {
                Progress p = channel(c);
                p.heard = true;
                p.time = time;
                p.saved = time;
                p.source.maxTime = Math.max(p.source.maxTime, time);
                clockOf(c).maxTime = Math.max(clockOf(c).maxTime, time);
            }
        }
        // a partition empty at start (or read to its end) has nothing a faster one could outrun: only one with records
        // waiting holds (and those heard before, from their stored progress, for idleAfter)
        for (Channel c : backlog.partitions()) {
            Source s = source(c);
            if (!s.backlog) {
                s.backlog = true;
                backlogSources++;
            }
        }
        recompute(predictions);
        recompute(labels);
    }

    /**
     * This task reads partition {@code partition} of the inputs read in place. Such a partition that the broker says has
     * records waiting holds the clock from then, before its first record is read: otherwise the progress markers of the
     * other partitions, which can come first (Kafka Streams reads what it has fetched), would move the clock past the
     * windows of its first records, and make them late (records written while the task started, on a busy machine).
     */
    public void readsInPlace(int partition) {
        inPlacePartition = partition;
        holdForWaiting();
    }

    /** Makes known the in-place partitions of this task that the latest reading says have records waiting. */
    private void holdForWaiting() {
        if (inPlacePartition < 0) {
            return;
        }
        for (Channel c : backlog.waitingNow()) {
            if (c.partition() == inPlacePartition && !c.labels() && !sources.containsKey(c.partitionOnly())
                    && viasOf.apply(c).contains(Channel.DIRECT)) {
                // its hop channels are made with it; the in-place one too here, not heard yet: it holds while records wait
                add(new Channel(Channel.DIRECT, c.topic(), c.partition(), false), source(c));
            }
        }
    }

    /** Whether {@code c}'s way is one its partition takes now ({@code viasOf}). */
    private boolean taken(Channel c) {
        return viasOf.apply(c).contains(c.via());
    }

    private Clock clockOf(Channel c) {
        return c.labels() ? labels : predictions;
    }

    /** The partition of {@code c}, known from now on with a channel for each way its records come. */
    private Source source(Channel c) {
        Channel partition = c.partitionOnly();
        Source source = sources.get(partition);
        if (source == null) {
            source = new Source(partition, now);
            sources.put(partition, source);
            for (String via : viasOf.apply(c)) {
                if (!via.equals(Channel.DIRECT)) {
                    // records read in place are never in flight: that channel waits for nothing before it is heard
                    add(new Channel(via, c.topic(), c.partition(), c.labels()), source);
                }
            }
        }
        return source;
    }

    private Progress channel(Channel c) {
        Progress p = channels.get(c);
        return p != null ? p : add(c, source(c));
    }

    private Progress add(Channel c, Source source) {
        Progress p = channels.get(c);
        if (p == null) {
            p = new Progress(c, source, hopsOf.apply(c), now);
            channels.put(c, p);
            clockOf(c).channels.add(p);
        }
        return p;
    }

    /**
     * A channel not heard yet holds for idleAfter from when its partition became known; any, only while its partition
     * moves, or while records of it are still on their way here by the latest reading of the broker ({@link Backlog#inFlight}).
     */
    private boolean active(Progress p) {
        return p.source.backlog || now - p.source.movedAt < idleAfterMs && (p.heard || now - p.createdAt < idleAfterMs)
                || backlog.inFlight(p.sourceName, p.hops);
    }

    /**
     * Channel {@code c} has come to event time {@code time} (a record, or a progress marker) at wall time {@code now}.
     * Returns true when a clock moved.
     */
    public boolean heard(Channel c, long time, long now) {
        this.now = Math.max(this.now, now);
        // records of one channel come in runs, and their Channel is one object (topology.Channels): no lookup for those
        Progress p = c == lastChannel ? lastProgress : channels.get(c);
        if (p == null) {
            if (!taken(c)) {
                // a way its partition no longer takes (records an earlier topology sent, still in flight): counted as
                // they come, but never a channel that would hold the clock at them once they stop
                return false;
            }
            boolean newSource = !sources.containsKey(c.partitionOnly());
            p = channel(c);
            if (newSource) {
                p.source.movedAt = this.now; // a partition heard for the first time
            }
        }
        lastChannel = c;
        lastProgress = p;
        if (p.heard && time <= p.time) {
            return false;
        }
        Clock clock = clockOf(c);
        // only a channel at or below the clock (or one not heard, or of an idle partition) can have been holding it
        boolean wasHolding = !p.heard || p.time <= clock.value || !active(p);
        p.heard = true;
        p.time = Math.max(p.time, time);
        if (time > p.source.maxTime) {
            p.source.maxTime = time;
            p.source.movedAt = this.now;
            clock.lastMovedAt = this.now;
            if (p.source.backlog) {
                read(p.source); // at last
            }
        }
        clock.maxTime = Math.max(clock.maxTime, time);
        return wasHolding && recompute(clock);
    }

    /** A partition that held as backlog has been read: its ways get idleAfter from now to be heard, as a partition newly known does. */
    private void read(Source source) {
        source.backlog = false;
        backlogSources--;
        source.movedAt = now;
        for (Progress other : clockOf(source.partition).channels) {
            if (other.source == source && !other.heard) {
                other.createdAt = now;
            }
        }
    }

    /**
     * The wall clock is {@code now}: partitions silent for idleAfter stop holding, those of the backlog read to their end
     * by then hold for idleAfter more; progress is stored. Returns true when a clock moved.
     */
    public boolean tick(long now) {
        this.now = Math.max(this.now, now);
        holdForWaiting();
        if (backlogSources > 0) {
            for (Source s : sources.values()) {
                if (s.backlog && !backlog.waiting(s.partition)) {
                    read(s);
                }
            }
        }
        for (Progress p : channels.values()) {
            if (p.heard && p.time != p.saved) {
                store.put(KEY_PREFIX + p.channel.key(), p.time);
                p.saved = p.time;
            }
        }
        boolean moved = recompute(predictions);
        return recompute(labels) || moved;
    }

    private boolean recompute(Clock clock) {
        long min = Long.MAX_VALUE;
        for (Progress p : clock.channels) {
            if (active(p) && p.time != READ_NOTHING) {
                min = Math.min(min, p.time);
            }
        }
        long candidate;
        boolean byWall = false;
        if (min != Long.MAX_VALUE) {
            candidate = min;
        } else if (clock == predictions && clock.maxTime != Long.MIN_VALUE && now - clock.lastMovedAt >= idleAfterMs) {
            // every partition idle: the clock follows the wall clock from the largest progress (the last windows close)
            candidate = clock.maxTime + (now - clock.lastMovedAt);
            byWall = true;
        } else {
            candidate = clock == labels ? clock.maxTime : Long.MIN_VALUE;
        }
        if (candidate > clock.value) {
            clock.value = candidate;
            clock.byWallClock = byWall;
            return true;
        }
        return false;
    }

    /** What closes windows, judges lateness and expires the request join. */
    public long predictionClock() {
        return predictions.value;
    }

    /** Whether the prediction clock's last move came from the wall clock (no active channel), not from event time. */
    public boolean predictionClockByWall() {
        return predictions.byWallClock;
    }

    /** The label join's label time. */
    public long labelClock() {
        return labels.value;
    }

    /** Whether predictions still come: a prediction channel holds the clock (its partition moved within idleAfter). */
    public boolean predictionsFlow() {
        return flows(predictions);
    }

    /** Whether labels still come: a label channel holds the label clock. */
    public boolean labelsFlow() {
        return flows(labels);
    }

    private boolean flows(Clock clock) {
        for (Progress p : clock.channels) {
            if (active(p)) {
                return true;
            }
        }
        return false;
    }

    /** The channels known, those not heard yet included: for the benchmarks and the health view. */
    public int channelCount() {
        return channels.size();
    }

    /** The partitions known (heard, stored, or waiting since the start), whatever way their records come. */
    public Set<Channel> partitions() {
        return Collections.unmodifiableSet(sources.keySet());
    }

    /** The channels heard and their progress, for inspection. */
    public Map<Channel, Long> progress() {
        Map<Channel, Long> out = new HashMap<>();
        channels.forEach((c, p) -> {
            if (p.heard) {
                out.put(c, p.time);
            }
        });
        return out;
    }
}
