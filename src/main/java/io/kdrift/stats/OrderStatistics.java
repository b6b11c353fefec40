package io.kdrift.stats;

import java.util.Arrays;

/**
 * Puts chosen ranks of an array where a full sort would put them, without sorting the rest: quantile edges need two
 * values for each of their bins + 1 quantiles, not the order of a whole sample (a learning signal's 1,000 values sorted
 * cost it more than all its binning). The order is {@link Arrays#sort(double[])}'s, -0.0 before 0.0 included, so
 * that the values selected are those of a sorted copy, bit for bit.
 */
final class OrderStatistics {
    /** Below this many values a range is sorted outright. */
    private static final int SMALL = 32;

    private OrderStatistics() {
    }

    /**
     * Reorders {@code a} so that {@code a[r]} holds what {@code Arrays.sort(a)} would put there, for every {@code r} in
     * {@code ranks} (increasing, distinct, within the array).
     */
    static void select(double[] a, int[] ranks) {
        // the doubles as longs whose signed order is Arrays.sort's total order of the doubles (IEEE 754 bits, negatives
        // flipped): partitions then compare exactly as the sort does, -0.0 and 0.0 apart
        long[] keys = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            long bits = Double.doubleToRawLongBits(a[i]);
            keys[i] = bits ^ ((bits >> 63) & Long.MAX_VALUE);
        }
        int depthLimit = 2 * (32 - Integer.numberOfLeadingZeros(Math.max(1, a.length)));
        select(keys, 0, keys.length, ranks, 0, ranks.length, depthLimit);
        for (int r : ranks) {
            long key = keys[r];
            a[r] = Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
        }
    }

    /** Selects the ranks {@code ranks[rFrom..rTo)} within {@code keys[from..to)}; past {@code depth} partitions, it sorts. */
    private static void select(long[] keys, int from, int to, int[] ranks, int rFrom, int rTo, int depth) {
        while (rFrom < rTo) {
            if (to - from <= SMALL || depth-- == 0) {
                Arrays.sort(keys, from, to); // (also bounds the worst case: a range that does not shrink is sorted)
                return;
            }
            long pivot = median(keys[from], keys[(from + to) >>> 1], keys[to - 1]);
            // three ways, so that repeated values (discrete features) end a range at once: [from, lt) < pivot,
            // [lt, gt) == pivot, [gt, to) > pivot
            int lt = from;
            int i = from;
            int gt = to;
            while (i < gt) {
                long v = keys[i];
                if (v < pivot) {
                    keys[i++] = keys[lt];
                    keys[lt++] = v;
                } else if (v > pivot) {
                    keys[i] = keys[--gt];
                    keys[gt] = v;
                } else {
                    i++;
                }
            }
            int below = firstAtLeast(ranks, rFrom, rTo, lt);
            int above = firstAtLeast(ranks, below, rTo, gt);
            select(keys, from, lt, ranks, rFrom, below, depth);
            from = gt;
            rFrom = above;
        }
    }

    private static int firstAtLeast(int[] ranks, int from, int to, int value) {
        int i = from;
        while (i < to && ranks[i] < value) {
            i++;
        }
        return i;
    }

    private static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
