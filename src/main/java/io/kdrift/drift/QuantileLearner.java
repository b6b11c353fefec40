package io.kdrift.drift;

import io.kdrift.stats.NumericBinning;
import java.util.Arrays;

/**
 * The values of a signal whose bin edges are learned from quantiles, each with the window it belongs to, kept
 * until the edges are frozen (EventBinner): then they are counted into their windows.
 */
final class QuantileLearner {
    /** Values per persisted chunk ({@link SampleChunk}). */
    static final int CHUNK = 64;
    final int target;
    final int bins;
    double[] values;
    long[] windowStarts;
    int size;

    QuantileLearner(int target, int bins) {
        this(target, bins, new double[Math.min(target, 64)], new long[Math.min(target, 64)], 0);
    }

    QuantileLearner(int target, int bins, double[] values, long[] windowStarts, int size) {
        this.target = target;
        this.bins = bins;
        this.values = values;
        this.windowStarts = windowStarts;
        this.size = size;
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
            // past the target only when edges are learned at a window's close (EventBinner.freezeDue)
            int grown = size < target ? Math.min(target, values.length * 2) : values.length * 2;
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

    /** How many values belong to windows that start at or before {@code windowStart}. */
    int countUpTo(long windowStart) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (windowStarts[i] <= windowStart) {
                n++;
            }
        }
        return n;
    }

    /** The edges of the values of windows that start at or before {@code windowStart}. */
    NumericBinning learnUpTo(long windowStart) {
        double[] chosen = new double[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (windowStarts[i] <= windowStart) {
                chosen[n++] = values[i];
            }
        }
        return NumericBinning.fromQuantiles(chosen, n, bins);
    }
}
