package io.kdrift.health;

/**
 * Tells a stalled consumer from a busy or an idle one, from periodic readings of its input: the records
 * waiting (lag) and the sum of its committed offsets. Input that waits while the committed offsets stay
 * where they are for {@code stallAfterMs} is a stall, whatever the reason (a stream thread failing and
 * replaced on the same records, a thread stuck, a transaction that never commits). An idle input (lag 0)
 * is never a stall. Plain Java: the readings come from the caller.
 */
public final class StallDetector {
    private final long stallAfterMs;
    private long committed = Long.MIN_VALUE;
    private long progressAtMs;
    private long lag = -1;

    /** @param startMs wall clock at start: a monitor that never committed anything is judged from then */
    public StallDetector(long stallAfterMs, long startMs) {
        this.stallAfterMs = stallAfterMs;
        this.progressAtMs = startMs;
    }

    /** One reading: records waiting, and the sum of committed offsets (any monotone measure of progress). */
    public synchronized void observe(long nowMs, long lag, long committedSum) {
        // the first reading is the reference, not progress: progress is a move after it
        if (lag <= 0 || (committed != Long.MIN_VALUE && committedSum > committed)) {
            progressAtMs = nowMs;
        }
        committed = Math.max(committed, committedSum);
        this.lag = lag;
    }

    /** Records waiting at the last reading; -1 before the first. */
    public synchronized long lag() {
        return lag;
    }

    /** Wall clock (epoch ms) of the last reading that showed progress or nothing waiting. */
    public synchronized long progressAtMs() {
        return progressAtMs;
    }

    public synchronized boolean stalled(long nowMs) {
        return lag > 0 && nowMs - progressAtMs >= stallAfterMs;
    }
}
