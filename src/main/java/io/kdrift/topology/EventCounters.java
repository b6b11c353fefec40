package io.kdrift.topology;

import io.kdrift.event.InferencePart;
import io.kdrift.event.RejectReason;
import io.kdrift.inference.RequestJoin;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Counts of what happened to input events, shared by all stream threads of an instance; the metrics
 * layer reads them. LongAdder: many threads add, a scrape reads now and then.
 */
public final class EventCounters {
    private final LongAdder accepted = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final LongAdder labels = new LongAdder();
    private final LongAdder duplicatePredictionIds = new LongAdder();
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
    private final LongAdder requestsJoined = new LongAdder();
    private final Map<String, LongAdder> unmatched = new ConcurrentHashMap<>();
    private final Map<String, TopicCounts> topics = new ConcurrentHashMap<>();
    /** Told of each input topic the first time a record of it is read (a pattern's topics are known only then). */
    private volatile BiConsumer<String, TopicCounts> newTopic = (topic, counts) -> { };
    /** Wall-clock time the last input record was read by a stream thread (epoch ms), 0 before the first. */
    private volatile long lastProcessedMs;

    public EventCounters() {
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, new LongAdder());
        }
        for (InferencePart part : InferencePart.values()) {
            for (RequestJoin.Unmatched why : RequestJoin.Unmatched.values()) {
                unmatched.put(part.code() + "/" + why.code(), new LongAdder());
            }
        }
    }

    /** Records read from one input topic, rejections of what they held, and records the broker deleted before they were read. */
    public static final class TopicCounts {
        private final LongAdder records = new LongAdder();
        private final LongAdder rejected = new LongAdder();
        private final LongAdder lost = new LongAdder();
        private final LongAdder late = new LongAdder();

        public long records() {
            return records.sum();
        }

        public long rejected() {
            return rejected.sum();
        }

        /** Valid events of the topic that came after their window had closed. */
        public long late() {
            return late.sum();
        }

        /** Records deleted by the broker (retention, deleteRecords) before kdrift read them. */
        public long lost() {
            return lost.sum();
        }
    }

    private TopicCounts countsOf(String topic) {
        TopicCounts counts = topics.get(topic);
        if (counts == null) {
            synchronized (this) {
                counts = topics.get(topic);
                if (counts == null) {
                    counts = new TopicCounts();
                    topics.put(topic, counts);
                    newTopic.accept(topic, counts);
                }
            }
        }
        return counts;
    }

    /**
     * Input topics known before any of their records is read (the named ones, at start): their counters exist from
     * the start at 0, so that a rule on their increase sees the first loss.
     */
    public void expect(java.util.Collection<String> inputTopics) {
        inputTopics.forEach(this::countsOf);
    }

    /** {@code records} records of input topic {@code topic} were deleted by the broker before kdrift read them. */
    public void lost(String topic, long records) {
        if (records > 0) {
            countsOf(topic).lost.add(records);
        }
    }

    /** Input records deleted by the broker before kdrift read them, all topics together. */
    public long lostCount() {
        long sum = 0;
        for (TopicCounts c : topics.values()) {
            sum += c.lost.sum();
        }
        return sum;
    }

    /** A record of input topic {@code topic} was read; {@code rejections}: how many of its predictions (or it) were rejected. */
    void read(String topic, int rejections) {
        TopicCounts counts = countsOf(topic);
        counts.records.increment();
        if (rejections > 0) {
            counts.rejected.add(rejections);
        }
    }

    /** The counts of every input topic read so far. */
    public Map<String, TopicCounts> topicCounts() {
        return Map.copyOf(topics);
    }

    /** {@code listener} is told of every input topic read from now on, and of those read already, with its counts. */
    public synchronized void onNewTopic(BiConsumer<String, TopicCounts> listener) {
        Map<String, TopicCounts> known = Map.copyOf(topics);
        newTopic = listener;
        known.forEach(listener);
    }

    void requestJoined() {
        requestsJoined.increment();
    }

    void unmatched(InferencePart part, RequestJoin.Unmatched why) {
        unmatched.get(part.code() + "/" + why.code()).increment();
    }

    /** Predictions whose request and response were joined. */
    public long requestsJoinedCount() {
        return requestsJoined.sum();
    }

    /** Halves of {@code part} that went on alone for {@code why}. */
    public long unmatchedCount(InferencePart part, RequestJoin.Unmatched why) {
        return unmatched.get(part.code() + "/" + why.code()).sum();
    }

    /** A stream thread read an input record at {@code nowMs}; written only when the millisecond changed (threads share it). */
    void processed(long nowMs) {
        if (nowMs != lastProcessedMs) {
            lastProcessedMs = nowMs;
        }
    }

    /** When a stream thread last read an input record (wall clock, epoch ms); 0 if none yet. */
    public long lastProcessedMs() {
        return lastProcessedMs;
    }

    void accepted() {
        accepted.increment();
    }

    /** @param topic the input topic it came from, or null where unknown (replay; a half whose wait ran out) */
    void late(String topic) {
        late.increment();
        if (topic != null) {
            countsOf(topic).late.increment();
        }
    }

    void label() {
        labels.increment();
    }

    void duplicatePredictionId() {
        duplicatePredictionIds.increment();
    }

    /** Predictions whose model and id were those of a prediction still waiting for its label: counted for drift, never labelled. */
    public long duplicatePredictionIdCount() {
        return duplicatePredictionIds.sum();
    }

    /** Valid label records handed to the join (each then joins its prediction or goes to the dead-letter topic with its reason). */
    public long labelCount() {
        return labels.sum();
    }

    void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    /** Events counted into a window. */
    public long acceptedCount() {
        return accepted.sum();
    }

    /** Valid events that arrived after their window had closed (window end + grace): counted here, not scored. */
    public long lateCount() {
        return late.sum();
    }

    public long rejectedCount(RejectReason reason) {
        return rejected.get(reason).sum();
    }

    public long rejectedCount() {
        long sum = 0;
        for (LongAdder a : rejected.values()) {
            sum += a.sum();
        }
        return sum;
    }
}
