package io.kdrift.topology;

import io.kdrift.event.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

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
    /** Wall-clock time the last input record was read by a stream thread (epoch ms), 0 before the first. */
    private volatile long lastProcessedMs;

    public EventCounters() {
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, new LongAdder());
        }
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

    void late() {
        late.increment();
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
