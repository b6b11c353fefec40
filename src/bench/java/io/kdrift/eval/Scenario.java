package io.kdrift.eval;

import java.util.Random;

/**
 * A synthetic stream with a known ground truth: what one event of window {@code w} looks like, how many
 * events the window has, and from which window on the distribution has drifted (none for no-drift scenarios).
 */
abstract class Scenario {
    /**
     * Window of the onset in drift scenarios: once the monitor is warmed up, i.e. after 12 reference windows
     * and after the quantile edges are learned from the first 1,000 values (the default sample), plus two
     * windows scored before it.
     */
    static int onset(int n) {
        return Math.max(14, (1000 + n - 1) / n + 2);
    }

    /** The window of the onset in the current run (set per run: scenarios are not shared between threads). */
    int onset = 14;

    final String name;
    final String signal;
    final boolean drift;

    Scenario(String name, String signal, boolean drift) {
        this.name = name;
        this.signal = signal;
        this.drift = drift;
    }

    /** The monitored signal's value in one event of window {@code w}: a Double or a category. */
    abstract Object draw(Random rnd, int w);

    /** The JSON fields of an event with that value (after "model" and "timestamp"). */
    abstract String fields(Object value);

    /** The same, with more features ({@code extra}: JSON members, "name":value,...) beside the scenario's own. */
    abstract String fields(Object value, String extra);

    /** Events in window {@code w} of a run with nominal window size {@code n}. */
    int events(int n, int w) {
        return n;
    }

    /** KL(P‖Q) of the populations before and after the drift, on bins like kdrift's (deciles for numbers); 0 without drift. */
    abstract double populationKl();

    /** True for numeric signals (compared with KS), false for categorical ones (compared with a chi-square test). */
    abstract boolean numeric();

    static Scenario stationary() {
        return new Normal("no drift", k -> 0.0, false);
    }

    /** A daily traffic cycle (24 windows, ×0.25 to ×1.75 of the nominal volume), the distribution unchanged. */
    static Scenario dailyVolume() {
        return new Normal("daily volume cycle, no drift", k -> 0.0, false) {
            @Override
            int events(int n, int w) {
                return (int) Math.max(1, Math.round(n * (1 + 0.75 * Math.sin(2 * Math.PI * w / 24.0))));
            }
        };
    }

    static Scenario abrupt(double delta) {
        return new Normal("abrupt mean shift " + delta + "σ", k -> k >= 0 ? delta : 0.0, true);
    }

    /** The mean moves from 0 to 1σ over 10 windows from the onset. */
    static Scenario gradual() {
        return new Normal("gradual shift to 1σ over 10 windows", k -> k < 0 ? 0.0 : Math.min(1.0, (k + 1) / 10.0), true);
    }

    /** Class priors of a categorical prediction move from 60/30/10 % to {@code after}. */
    static Scenario classPrior(double[] after) {
        return new Categorical(String.format(java.util.Locale.ROOT, "class-prior shift 60/30/10 → %.0f/%.0f/%.0f", 100 * after[0], 100 * after[1],
                100 * after[2]),
                "prediction", new String[] {"a", "b", "c"}, new double[] {0.6, 0.3, 0.1}, after);
    }

    /** A new category takes 10 % of a categorical feature. */
    static Scenario newCategory() {
        return new Categorical("new category at 10 %", "feature.channel",
                new String[] {"web", "app", "store", "partner"}, new double[] {0.5, 0.4, 0.1, 0}, new double[] {0.45, 0.36, 0.09, 0.1});
    }

    /** A numeric feature x ~ N(mean(k), 1), k the window's index counted from the onset (negative before it). */
    static class Normal extends Scenario {
        private final java.util.function.IntToDoubleFunction mean;

        Normal(String name, java.util.function.IntToDoubleFunction mean, boolean drift) {
            super(name, "feature.x", drift);
            this.mean = mean;
        }

        /** On the ten decile bins of N(0, 1), against N(δ, 1) for the mean δ reached at the end of the run. */
        @Override
        double populationKl() {
            if (!drift) {
                return 0;
            }
            double delta = mean.applyAsDouble(1_000_000);
            org.apache.commons.math3.distribution.NormalDistribution z = new org.apache.commons.math3.distribution.NormalDistribution();
            double kl = 0;
            for (int i = 0; i < 10; i++) {
                double lo = i == 0 ? Double.NEGATIVE_INFINITY : z.inverseCumulativeProbability(i / 10.0);
                double hi = i == 9 ? Double.POSITIVE_INFINITY : z.inverseCumulativeProbability((i + 1) / 10.0);
                double q = z.cumulativeProbability(hi - delta) - z.cumulativeProbability(lo - delta);
                kl += 0.1 * Math.log(0.1 / q);
            }
            return kl;
        }

        @Override
        Object draw(Random rnd, int w) {
            return mean.applyAsDouble(w - onset) + rnd.nextGaussian();
        }

        @Override
        String fields(Object value) {
            return "\"features\":{\"x\":" + value + "}";
        }

        @Override
        String fields(Object value, String extra) {
            return "\"features\":{\"x\":" + value + "," + extra + "}";
        }

        @Override
        boolean numeric() {
            return true;
        }
    }

    static final class Categorical extends Scenario {
        private final String[] categories;
        private final double[] before;
        private final double[] after;

        Categorical(String name, String signal, String[] categories, double[] before, double[] after) {
            super(name, signal, true);
            this.categories = categories;
            this.before = before;
            this.after = after;
        }

        @Override
        double populationKl() {
            double kl = 0;
            for (int i = 0; i < before.length; i++) {
                if (before[i] > 0) {
                    kl += before[i] * Math.log(before[i] / after[i]);
                }
            }
            return kl;
        }

        @Override
        Object draw(Random rnd, int w) {
            double[] p = w >= onset ? after : before;
            double u = rnd.nextDouble();
            int i = 0;
            while (i < p.length - 1 && u >= p[i]) {
                u -= p[i];
                i++;
            }
            while (p[i] == 0) {
                i--; // rounding at the top end: never a category of probability 0
            }
            return categories[i];
        }

        @Override
        String fields(Object value) {
            return signal.equals("prediction") ? "\"prediction\":\"" + value + "\""
                    : "\"features\":{\"channel\":\"" + value + "\"}";
        }

        @Override
        String fields(Object value, String extra) {
            return signal.equals("prediction") ? "\"prediction\":\"" + value + "\",\"features\":{" + extra + "}"
                    : "\"features\":{\"channel\":\"" + value + "\"," + extra + "}";
        }

        @Override
        boolean numeric() {
            return false;
        }
    }
}
