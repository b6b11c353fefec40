package io.kdrift.health;

import java.util.ArrayDeque;

/**
 * Counts failures in a sliding window of wall-clock time: a stream thread that fails now and then is
 * replaced, one that fails again and again on the same input is not going to recover by itself, and the
 * process had better stop (non-zero) for its supervisor to restart it and for people to see it.
 */
public final class FailureBudget {
    private final int allowed;
    private final long windowMs;
    private final ArrayDeque<Long> failures = new ArrayDeque<>();
    private long total;

    public FailureBudget(int allowed, long windowMs) {
        this.allowed = allowed;
        this.windowMs = windowMs;
    }

    /** Records a failure at {@code nowMs}; true while the failures within the window are at most {@code allowed}. */
    public synchronized boolean recordAndCheck(long nowMs) {
        total++;
        failures.addLast(nowMs);
        while (!failures.isEmpty() && failures.peekFirst() <= nowMs - windowMs) {
            failures.removeFirst();
        }
        return failures.size() <= allowed;
    }

    public synchronized long total() {
        return total;
    }
}
