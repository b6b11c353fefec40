package io.kdrift.drift;

import io.kdrift.stats.NumericBinning;
import java.util.Arrays;

/**
 * The first values of a signal whose bin edges are learned from quantiles, each with the window it
 * belongs to, kept until the edges are frozen; then they are counted into their windows.
 */
final class QuantileLearner {
    /** Values per persisted chunk ({@link SampleChunk}). */
    static final int CHUNK = 64;
    final int target;
    final int bins;
    double[] values;
    long[] windowStarts;
    int size;
    /**
     * Not stored, for {@link ModelState#saveSamples}: whether values were added since the samples were last saved, how
     * many there were then, and the last chunk put in the store and the store's {@link ModelState.SampleStore#writes}
     * count when it was (a chunk put since the store last wrote is written with the values it holds then).
     */
    boolean unsaved;
    int savedSize;
    int putChunk = -1;
    long putAtWrites;

    QuantileLearner(int target, int bins) {
        this(target, bins, new double[Math.min(target, 64)], new long[Math.min(target, 64)], 0);
    }

    QuantileLearner(int target, int bins, double[] values, long[] windowStarts, int size) {
        this.target = target;
        this.bins = bins;
        this.values = values;
        this.windowStarts = windowStarts;
        this.size = size;
        this.savedSize = size;
    }

    /** The number of chunks the values fill. */
    int chunks() {
        return (size + CHUNK - 1) / CHUNK;
    }

    /** Puts back the values of chunk {@code index}, read from the store after a restore. */
    void restore(int index, SampleChunk chunk) {
        for (int i = 0; i < chunk.count(); i++) {
            values[index * CHUNK + i] = chunk.value(i);
            windowStarts[index * CHUNK + i] = chunk.windowStart(i);
        }
    }

    /** Buffers a finite value; true when the target is reached and the edges should be frozen. */
    boolean add(double value, long windowStart) {
        if (size == values.length) {
            int grown = Math.min(target, values.length * 2);
            values = Arrays.copyOf(values, grown);
            windowStarts = Arrays.copyOf(windowStarts, grown);
        }
        values[size] = value;
        windowStarts[size] = windowStart;
        size++;
        return size >= target;
    }

    NumericBinning learn() {
        return NumericBinning.fromQuantiles(values, size, bins);
    }
}
