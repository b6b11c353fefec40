package io.kdrift.stats;

/**
 * Pearson's chi-square test of homogeneity of two count vectors (a 2×k table), X² = Σ (O − E)² / E: the test batch
 * drift tools run on categories; bins empty on both sides are left out. Its chi-square distribution (k − 1 degrees of
 * freedom) overstates the evidence when few events are expected in a category (at 30 events and a category of 10 %,
 * it called unchanged categories drifted 2.4 times as often as its level says), so where the tables are few enough to
 * count, the p-value is exact: the chance, over every way the window's events could have fallen among the categories
 * given both margins (the multivariate hypergeometric distribution), of an X² at least the observed one.
 */
public final class PearsonChiSquare {
    private PearsonChiSquare() {
    }

    public static double statistic(double[] r, double[] c) {
        double rTotal = 0;
        double cTotal = 0;
        int n = Math.max(r.length, c.length);
        for (int i = 0; i < n; i++) {
            rTotal += i < r.length ? r[i] : 0;
            cTotal += i < c.length ? c[i] : 0;
        }
        double total = rTotal + cTotal;
        if (rTotal <= 0 || cTotal <= 0) {
            return 0;
        }
        double x2 = 0;
        for (int i = 0; i < n; i++) {
            double ri = i < r.length ? r[i] : 0;
            double ci = i < c.length ? c[i] : 0;
            double column = ri + ci;
            if (column <= 0) {
                continue;
            }
            double er = column * rTotal / total;
            double ec = column * cTotal / total;
            x2 += (ri - er) * (ri - er) / er + (ci - ec) * (ci - ec) / ec;
        }
        return x2;
    }

    /** Above this many tables to count, the chi-square distribution. */
    static final double EXACT_TABLES = 200_000;

    /** The p-value of the table (whole counts): exact where the tables are few, else chi-square with k − 1 degrees of freedom. */
    public static double pValue(double[] r, double[] c) {
        Margins t = Margins.of(r, c);
        if (t.columns.length < 2 || t.current == 0) {
            return 1.0;
        }
        double x2 = statistic(r, c);
        double asymptotic = asymptotic(x2, t.columns.length);
        if (asymptotic >= BinnedKolmogorovSmirnov.EXACT_BELOW || tables(t.current, t.columns.length) > EXACT_TABLES) {
            return asymptotic; // the counting can only matter for p-values a verdict could call drifted
        }
        return exact(t.columns, t.current, x2);
    }

    /** The exact p-value, whatever its size (for tests); null where the tables are too many to count. */
    static Double exactPValue(double[] r, double[] c) {
        Margins t = Margins.of(r, c);
        return tables(t.current, t.columns.length) > EXACT_TABLES ? null : exact(t.columns, t.current, statistic(r, c));
    }

    /** The table's margins: each category's events on both sides (those not empty on both), and the window's events. */
    private record Margins(long[] columns, long current) {
        static Margins of(double[] r, double[] c) {
            int n = Math.max(r.length, c.length);
            long[] columns = new long[n];
            int k = 0;
            long current = 0;
            for (int i = 0; i < n; i++) {
                long ri = Math.round(i < r.length ? r[i] : 0);
                long ci = Math.round(i < c.length ? c[i] : 0);
                if (ri + ci > 0) {
                    columns[k++] = ri + ci;
                    current += ci;
                }
            }
            return new Margins(java.util.Arrays.copyOf(columns, k), current);
        }
    }

    static double asymptotic(double x2, int bins) {
        return GTest.pValue(x2, bins - 1);
    }

    /** C(n + k − 1, k − 1): the ways to spread n events over k categories, an upper bound of the tables to count. */
    private static double tables(long n, int k) {
        double t = 1;
        for (int j = 1; j < k; j++) {
            t = t * (n + j) / j;
        }
        return t;
    }

    /** Σ P(table) over the tables with the same margins whose X² reaches the observed one. */
    private static double exact(long[] columns, long current, double observed) {
        long total = 0;
        for (long col : columns) {
            total += col;
        }
        double[] logFactorial = new double[(int) total + 1];
        for (int i = 1; i <= total; i++) {
            logFactorial[i] = logFactorial[i - 1] + Math.log(i);
        }
        Walk walk = new Walk(columns, current, total, logFactorial, observed * (1 - 1e-9) - 1e-12);
        // the first sample's shares: what X² compares each category's count with
        walk.visit(0, current, -logChoose(logFactorial, total, current), 0);
        return Math.min(1.0, walk.reached);
    }

    private static double logChoose(double[] logFactorial, long n, long k) {
        return logFactorial[(int) n] - logFactorial[(int) k] - logFactorial[(int) (n - k)];
    }

    /** The tables, category by category: x of the window's events in category i, the rest in the later ones. */
    private static final class Walk {
        private final long[] columns;
        private final long[] capacityAfter;
        private final double[] logFactorial;
        private final double currentShare;
        private final double otherShare;
        private final double threshold;
        double reached;

        Walk(long[] columns, long current, long total, double[] logFactorial, double threshold) {
            this.columns = columns;
            this.logFactorial = logFactorial;
            this.currentShare = (double) current / total;
            this.otherShare = 1 - currentShare;
            this.threshold = threshold;
            capacityAfter = new long[columns.length + 1];
            for (int i = columns.length - 1; i >= 0; i--) {
                capacityAfter[i] = capacityAfter[i + 1] + columns[i];
            }
        }

        void visit(int i, long left, double logP, double x2) {
            long col = columns[i];
            if (i == columns.length - 1) {
                if (left <= col) {
                    double total = x2 + term(col, left);
                    if (total >= threshold) {
                        reached += Math.exp(logP + logChoose(logFactorial, col, left));
                    }
                }
                return;
            }
            long lo = Math.max(0, left - capacityAfter[i + 1]);
            long hi = Math.min(col, left);
            for (long x = lo; x <= hi; x++) {
                visit(i + 1, left - x, logP + logChoose(logFactorial, col, x), x2 + term(col, x));
            }
        }

        /** X²'s two cells of a category of {@code col} events, {@code x} of them in the window. */
        private double term(long col, long x) {
            double e = col * currentShare;
            double f = col * otherShare;
            double y = col - x;
            return (x - e) * (x - e) / e + (y - f) * (y - f) / f;
        }
    }
}
