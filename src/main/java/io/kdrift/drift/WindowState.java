package io.kdrift.drift;

import java.util.Arrays;

/**
 * The counts of one model in one window: a count vector per signal slot (soft counts for
 * probabilities), and the log-loss sum. Updated in place by every event of the window; closed windows
 * become part of the reference.
 */
public final class WindowState {
    private final long start;
    long events;
    double[][] counts;
    double logLossSum;
    long logLossCount;
    /** Pinned models: the version of the baseline whose edges this window is binned with. */
    String baselineVersion;
    /**
     * The task's stream time after this window's latest event. Stored with the window, so that stream time
     * needs no record of its own per commit: after a restart it is the largest of these (see DriftProcessor).
     */
    long streamTime = Long.MIN_VALUE;

    public WindowState(long start) {
        this(start, 0, new double[4][], 0, 0);
    }

    WindowState(long start, long events, double[][] counts, double logLossSum, long logLossCount) {
        this.start = start;
        this.events = events;
        this.counts = counts;
        this.logLossSum = logLossSum;
        this.logLossCount = logLossCount;
    }

    public long start() {
        return start;
    }

    public String baselineVersion() {
        return baselineVersion;
    }

    public long streamTime() {
        return streamTime;
    }

    public void recordStreamTime(long time) {
        streamTime = time;
    }

    public long events() {
        return events;
    }

    /** Adds {@code weight} to bin {@code bin} of the slot, growing the vector to at least {@code length}. */
    void add(int slot, int bin, double weight, int length) {
        if (slot >= counts.length) {
            counts = Arrays.copyOf(counts, Math.max(slot + 1, counts.length * 2));
        }
        double[] c = counts[slot];
        if (c == null) {
            c = new double[Math.max(length, bin + 1)];
            counts[slot] = c;
        } else if (bin >= c.length) {
            c = Arrays.copyOf(c, Math.max(length, bin + 1));
            counts[slot] = c;
        }
        c[bin] += weight;
    }

    /** The count vector of a slot; empty if the signal had no value in this window. */
    double[] counts(int slot) {
        if (slot >= counts.length || counts[slot] == null) {
            return new double[0];
        }
        return counts[slot];
    }
}
