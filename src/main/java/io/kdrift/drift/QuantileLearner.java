package io.kdrift.drift;

import io.kdrift.stats.NumericBinning;
import java.util.Arrays;

/**
 * The first values of a signal whose bin edges are learned from quantiles, each with the window it
 * belongs to, kept until the edges are frozen; then they are counted into their windows.
 */
final class QuantileLearner {
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
