package io.kdrift.stats;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Two-sample Kolmogorov–Smirnov test on the counts of ordered bins (a numeric signal's bins, underflow first):
 * D is the largest gap between the two cumulative shares at a bin edge. The G-test reads bins as unordered
 * categories and so has little power for a shift of location on few events (30 events over 10 bins); this
 * test uses their order, as KS on the raw values does.
 *
 * <p>The p-value is exact for binned data where that is cheap: the chance, over every arrangement of the pooled events
 * into the two samples, that the gap reaches D at one of the bin edges (a lattice walk, as for KS with ties). Binned
 * values can differ only at the edges, so Kolmogorov's continuous distribution would overstate the p-value; the exact
 * one keeps the test at its level and gives it back the power binning took. On large samples, Kolmogorov's asymptotic
 * distribution (conservative for binned data).
 */
public final class BinnedKolmogorovSmirnov {
    /**
     * Above this many steps (the smaller sample × both samples), the asymptotic distribution: the exact walk costs about
     * a nanosecond a step, so at most about half a millisecond per signal and window (windows up to about 200 events
     * against a reference of 12 such windows get the exact p-value; BENCHMARKS.md, "Model verdicts and segments").
     */
    static final long EXACT_LIMIT = 500_000L;
    private static final KolmogorovSmirnovTest KS = new KolmogorovSmirnovTest();

    private BinnedKolmogorovSmirnov() {
    }

    /** The largest gap between the cumulative shares of {@code r} and {@code c}; 0 when either is empty. */
    public static double statistic(double[] r, double[] c) {
        double rTotal = 0;
        double cTotal = 0;
        int n = Math.max(r.length, c.length);
        for (int i = 0; i < n; i++) {
            rTotal += at(r, i);
            cTotal += at(c, i);
        }
        if (rTotal <= 0 || cTotal <= 0) {
            return 0;
        }
        double rCum = 0;
        double cCum = 0;
        double d = 0;
        for (int i = 0; i < n; i++) {
            rCum += at(r, i);
            cCum += at(c, i);
            d = Math.max(d, Math.abs(rCum / rTotal - cCum / cTotal));
        }
        return d;
    }

    /**
     * Where the exact p-value is worth its cost: the asymptotic one overstates the p-value of binned data by a few times,
     * never by the hundreds of times that would bring a p-value above this to a level a verdict uses (below 10⁻³);
     * above it, the asymptotic p-value is given as it is.
     */
    static final double EXACT_BELOW = 0.05;

    /**
     * P(D ≥ the observed D) when both count vectors (whole counts) come from one distribution; 1 when either is empty.
     * Exact where it can matter and is cheap (see {@link #EXACT_BELOW}, {@link #EXACT_LIMIT}), else asymptotic.
     */
    public static double pValue(double[] r, double[] c) {
        double d = statistic(r, c);
        long n = Math.round(sum(r));
        long m = Math.round(sum(c));
        if (d <= 0 || n == 0 || m == 0) {
            return 1.0;
        }
        double asymptotic = asymptotic(d, n, m);
        if (asymptotic >= EXACT_BELOW || Math.min(n, m) * (n + m) > EXACT_LIMIT) {
            return asymptotic;
        }
        return exact(r, c, d, n, m);
    }

    /** The exact p-value, whatever its size (for tests). */
    static double exactPValue(double[] r, double[] c) {
        double d = statistic(r, c);
        long n = Math.round(sum(r));
        long m = Math.round(sum(c));
        return d <= 0 || n == 0 || m == 0 ? 1.0 : exact(r, c, d, n, m);
    }

    /** Kolmogorov's asymptotic distribution of D for samples of {@code n} and {@code m} values. */
    static double asymptotic(double d, long n, long m) {
        return Math.min(1.0, Math.max(0.0, KS.approximateP(d, (int) Math.min(n, Integer.MAX_VALUE), (int) Math.min(m, Integer.MAX_VALUE))));
    }

    /**
     * The pooled events in bin order, each equally likely to be any of the arrangements: a walk that takes the next
     * event from the first sample with probability (first sample's events left) / (events left). At each bin edge the
     * walk's gap is read; the probability of the walks whose gap reaches D there is summed as they leave (summing the
     * small part keeps tiny p-values exact, where 1 − P(no gap) would round away).
     */
    private static double exact(double[] r, double[] c, double d, long n, long m) {
        boolean swap = n > m; // walk over the smaller sample's count: arrays of its size
        double[] a = swap ? c : r;
        double[] b = swap ? r : c;
        int small = (int) Math.min(n, m);
        long large = Math.max(n, m);
        long total = small + large;
        double[] p = new double[small + 1];
        p[0] = 1;
        double reached = 0;
        long t = 0;
        double tolerance = 1e-12;
        for (int bin = 0; bin < Math.max(a.length, b.length); bin++) {
            long block = Math.round(at(a, bin)) + Math.round(at(b, bin));
            for (long s = 0; s < block; s++, t++) {
                // one more event: from state i (i of the small sample so far) to i + 1 or i; in place, highest i first
                int lo = (int) Math.max(0, t + 1 - large);
                int hi = (int) Math.min(t + 1, small);
                double perLeft = 1.0 / (total - t);
                for (int i = hi; i >= lo; i--) {
                    double stay = i <= t ? p[i] * (large - (t - i)) * perLeft : 0;
                    double up = i >= 1 ? p[i - 1] * (small - (i - 1)) * perLeft : 0;
                    p[i] = stay + up;
                }
                if (lo > 0) {
                    p[lo - 1] = 0; // no longer reachable: every large event is placed before it
                }
            }
            if (block == 0 || t == total) {
                continue;
            }
            for (int i = (int) Math.max(0, t - large); i <= Math.min(t, small); i++) {
                if (p[i] != 0 && Math.abs((double) i / small - (double) (t - i) / large) >= d - tolerance) {
                    reached += p[i];
                    p[i] = 0;
                }
            }
        }
        return Math.min(1.0, reached);
    }

    private static double at(double[] v, int i) {
        return i < v.length ? v[i] : 0;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
