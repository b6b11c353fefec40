package io.kdrift.drift;

import io.kdrift.config.WindowSettings;

/** Window arithmetic: tumbling windows aligned to the epoch, each closed by stream time at its end plus the grace period. */
public final class WindowClock {
    private final long sizeMs;
    private final long graceMs;

    public WindowClock(WindowSettings window) {
        this.sizeMs = window.size().toMillis();
        this.graceMs = window.grace().toMillis();
    }

    public long sizeMs() {
        return sizeMs;
    }

    /** Start of the tumbling window holding {@code timestamp}. */
    public long windowStart(long timestamp) {
        return timestamp - Math.floorMod(timestamp, sizeMs);
    }

    public long windowEnd(long windowStart) {
        return windowStart + sizeMs;
    }

    /** The index (start / size) of the last window that stream time {@code streamTime} has closed. */
    public long lastClosedWindow(long streamTime) {
        return Math.floorDiv(streamTime - sizeMs - graceMs, sizeMs);
    }

    /** Stream time at which a window closes: its end plus the grace period. */
    public long closeTime(long windowStart) {
        return windowStart + sizeMs + graceMs;
    }
}
