package io.kdrift.stats;

import java.util.Arrays;

/**
 * Fixed numeric bins over strictly increasing edges e[0] < ... < e[n].
 *
 * <p>Count-vector layout (numpy's histogram convention for the regular bins): index 0 counts missing
 * values (a feature sent as JSON null; first, so that it does not depend on the edges, which a quantile
 * binning learns later); index 1 is underflow (x &lt; e[0]); index j+1 for j in 1..n holds
 * [e[j-1], e[j]), except the last regular bin, which also holds its upper edge e[n]; index n+2 is
 * overflow (x &gt; e[n]). Empty bins cost nothing in the scores: bins empty on both sides are dropped.
 */
public final class NumericBinning {
    private final double[] edges;

    private NumericBinning(double[] edges) {
        this.edges = edges;
    }

    /** {@code bins} equal-width bins on [min, max]. */
    public static NumericBinning uniform(double min, double max, int bins) {
        if (!(min < max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("uniform binning needs finite min < max, got " + min + ", " + max);
        }
        if (bins < 1) {
            throw new IllegalArgumentException("uniform binning needs at least 1 bin, got " + bins);
        }
        double[] e = new double[bins + 1];
        double width = (max - min) / bins;
        for (int i = 0; i < bins; i++) {
            e[i] = min + i * width;
        }
        e[bins] = max; // exact, whatever the rounding of min + bins * width
        return new NumericBinning(e);
    }

    /** Explicit edges: at least two, finite, strictly increasing. */
    public static NumericBinning ofEdges(double... edges) {
        if (edges.length < 2) {
            throw new IllegalArgumentException("edges need at least 2 values, got " + edges.length);
        }
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i])) {
                throw new IllegalArgumentException("edge " + i + " is not finite: " + edges[i]);
            }
            if (i > 0 && !(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException("edges must be strictly increasing: edge " + i + " (" + edges[i]
                        + ") is not above edge " + (i - 1) + " (" + edges[i - 1] + ")");
            }
        }
        return new NumericBinning(edges.clone());
    }

    /**
     * Edges at the sample's quantiles 0, 1/bins, ..., 1 (numpy's default linear interpolation), with
     * repeated edges merged (discrete values give fewer bins). A sample of a single distinct value v gives
     * the one bin [v, nextUp(v)]: v is counted there and any other value in underflow or overflow.
     */
    public static NumericBinning fromQuantiles(double[] sample, int length, int bins) {
        if (length < 1) {
            throw new IllegalArgumentException("quantile binning needs at least one value");
        }
        double[] sorted = Arrays.copyOf(sample, length);
        // only the two values around each quantile need to be where a sort would put them
        int[] ranks = new int[2 * (bins + 1)];
        int r = 0;
        for (int i = 0; i <= bins; i++) {
            int lo = (int) Math.floor((double) i / bins * (length - 1)); // as in quantile()
            r = addRank(ranks, r, lo);
            r = addRank(ranks, r, Math.min(lo + 1, length - 1));
        }
        OrderStatistics.select(sorted, Arrays.copyOf(ranks, r));
        double[] e = new double[bins + 1];
        int n = 0;
        for (int i = 0; i <= bins; i++) {
            double q = quantile(sorted, (double) i / bins);
            if (n == 0 || q > e[n - 1]) {
                e[n++] = q;
            }
        }
        if (n == 1) {
            e[n++] = Math.nextUp(e[0]);
        }
        return new NumericBinning(Arrays.copyOf(e, n));
    }

    /** Appends a rank unless the ranks (non-decreasing) already end with it; the new count. */
    private static int addRank(int[] ranks, int count, int rank) {
        if (count > 0 && ranks[count - 1] >= rank) {
            return count;
        }
        ranks[count] = rank;
        return count + 1;
    }

    private static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
    }

    /** Number of regular bins (between the edges). */
    public int regularBins() {
        return edges.length - 1;
    }

    /** Length of a count vector for this binning: missing, underflow, regular bins, overflow. */
    public int size() {
        return edges.length + 2;
    }

    public static final int MISSING_INDEX = 0;
    public static final int UNDERFLOW_INDEX = 1;

    public int overflowIndex() {
        return edges.length + 1;
    }

    public double[] edges() {
        return edges.clone();
    }

    /** The bin of a value; NaN counts as missing. */
    public int indexOf(double x) {
        if (Double.isNaN(x)) {
            return MISSING_INDEX;
        }
        int last = edges.length - 1;
        if (x < edges[0]) {
            return UNDERFLOW_INDEX;
        }
        if (x > edges[last]) {
            return overflowIndex();
        }
        if (x == edges[last]) {
            return last + 1; // the last regular bin is closed on the right
        }
        // the number k of edges at or below x (1 ≤ k ≤ last here): regular bin k, [e[k-1], e[k]), is index k + 1. The
        // search halves a range whose start moves by a conditional move, not a branch: learned edges split values evenly,
        // so a branch on each comparison would be mispredicted half the time
        int base = 0;
        int n = edges.length;
        while (n > 1) {
            int half = n >>> 1;
            base = edges[base + half] <= x ? base + half : base;
            n -= half;
        }
        return base + 2; // edges[base] <= x here (x >= e[0]), so k = base + 1
    }

    /** Human-readable label of a bin, for explanations and reports. */
    public String label(int index) {
        if (index == MISSING_INDEX) {
            return "missing";
        }
        if (index == UNDERFLOW_INDEX) {
            return "(-inf, " + edge(edges[0]) + ")";
        }
        if (index == overflowIndex()) {
            return "(" + edge(edges[edges.length - 1]) + ", +inf)";
        }
        boolean lastRegular = index == edges.length;
        return "[" + edge(edges[index - 2]) + ", " + edge(edges[index - 1]) + (lastRegular ? "]" : ")");
    }

    /**
     * An edge as people read it: 0.30000000000000004 (0.1 × 3 in binary) is shown as 0.3. Only representations
     * longer than 12 significant digits are rounded, to 12; the edges themselves are exact.
     */
    static String edge(double x) {
        String plain = Double.toString(x);
        if (plain.length() <= 14 || plain.contains("E")) {
            return plain;
        }
        return new java.math.BigDecimal(plain).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumericBinning other && Arrays.equals(edges, other.edges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(edges);
    }

    @Override
    public String toString() {
        return "NumericBinning" + Arrays.toString(edges);
    }
}
