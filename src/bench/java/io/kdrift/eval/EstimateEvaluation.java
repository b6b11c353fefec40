package io.kdrift.eval;

import io.kdrift.config.ReferenceMode;
import io.kdrift.config.ReferenceSettings;
import io.kdrift.performance.PerformanceReference;
import io.kdrift.performance.PerformanceScorer;
import io.kdrift.performance.WindowPerformance;
import io.kdrift.result.EstimatedPerformance;
import io.kdrift.result.PerformanceRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The performance estimate against the truth (docs/evaluation.md, "Performance before the labels"): a binary classifier
 * of two features whose true probability is a logistic function, the model over-confident (its logit 1.6 times the
 * truth's), through kdrift's own scorer (the calibration map from a fixed reference of 10 labelled windows, then the
 * estimate of each window when it closes and its realized performance). Scenarios after the reference:
 * <ul>
 *   <li>{@code covariate}: the features drawn from another region, nearer the decision boundary (accuracy falls);</li>
 *   <li>{@code prior}: one class four times as frequent as in the reference (its region of the input space);</li>
 *   <li>{@code noise}: the model sees its inputs with noise, the truth does not;</li>
 *   <li>{@code concept}: the labels flipped for a region of the input space (P(label | features) changed);</li>
 *   <li>{@code none}: as the reference.</li>
 * </ul>
 * Per window size: the median and 90th percentile of |estimated − realized| accuracy, the share of windows whose 95 %
 * interval covers the realized accuracy, the share whose realized record says the estimate disagrees, and in which
 * window after the onset the default estimate rule (drop > 0.05, z > 3) and the realized rule (drop > 0.05,
 * p < 0.001) first fire; the realized one comes a labels' horizon later (a day: 288 windows of five minutes).
 */
public final class EstimateEvaluation {
    private static final int REFERENCE_WINDOWS = 10;
    private static final int WINDOWS = 40;
    private static final double[] TRUTH = {1.2, -0.8};
    private static final double OVER_CONFIDENCE = 1.6;
    private static final String[] CLASSES = {"0", "1"};

    private EstimateEvaluation() {
    }

    private record Row(String scenario, int size, double medianError, double p90Error, double coverage, double disagreements,
                       double realized, double estimated, String estimateFires, String realizedFires, double isotonicMedianError,
                       double isotonicP90Error) {
    }

    public static void main(String[] args) {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "100,300,1000").split(",")).mapToInt(Integer::parseInt).toArray();
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Row> rows = new ArrayList<>();
        for (String scenario : List.of("none", "covariate", "prior", "noise", "concept")) {
            for (int size : sizes) {
                List<Double> errors = new ArrayList<>();
                List<Double> isotonicErrors = new ArrayList<>();
                int covered = 0;
                int disagree = 0;
                double realizedSum = 0;
                double estimatedSum = 0;
                List<Integer> estimateFires = new ArrayList<>();
                List<Integer> realizedFires = new ArrayList<>();
                for (int seed = 0; seed < seeds; seed++) {
                    Run run = run(scenario, size, seed);
                    errors.addAll(run.errors);
                    isotonicErrors.addAll(run.isotonicErrors);
                    covered += run.covered;
                    disagree += run.disagree;
                    realizedSum += run.realizedSum;
                    estimatedSum += run.estimatedSum;
                    estimateFires.add(run.estimateFires);
                    realizedFires.add(run.realizedFires);
                }
                errors.sort(Double::compare);
                isotonicErrors.sort(Double::compare);
                int n = errors.size();
                int p90 = (int) Math.ceil(0.9 * n) - 1;
                rows.add(new Row(scenario, size, errors.get(n / 2), errors.get(p90), (double) covered / n, (double) disagree / n,
                        realizedSum / n, estimatedSum / n, fires(estimateFires), fires(realizedFires), isotonicErrors.get(n / 2),
                        isotonicErrors.get(p90)));
                System.err.printf(Locale.ROOT, "%s %d done%n", scenario, size);
            }
        }
        System.out.println("| scenario | events a window | realized accuracy | estimated | median \\|error\\| | 90th pct \\|error\\| "
                + "| 95 % interval covers | estimate disagrees | estimate rule fires (window) | realized rule fires (window, + a day) "
                + "| isotonic map: median \\|error\\| | isotonic: 90th pct |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %,d | %.3f | %.3f | %.4f | %.4f | %.0f %% | %.0f %% | %s | %s | %.4f | %.4f |%n", r.scenario, r.size,
                    r.realized, r.estimated, r.medianError, r.p90Error, 100 * r.coverage, 100 * r.disagreements, r.estimateFires,
                    r.realizedFires, r.isotonicMedianError, r.isotonicP90Error);
        }
    }

    /** The median first window among the runs in which the rule fired, and in how many of them; "never" if in none. */
    private static String fires(List<Integer> windows) {
        List<Integer> fired = windows.stream().filter(w -> w > 0).sorted().toList();
        return fired.isEmpty() ? "never" : fired.get(fired.size() / 2) + " (" + fired.size() + " of " + windows.size() + " runs)";
    }

    /** One seed of one scenario: the reference, then {@value #WINDOWS} windows of it. */
    private static final class Run {
        final List<Double> errors = new ArrayList<>();
        /** The same windows estimated with an isotonic calibration map (scikit-learn's default) learned from the same reference. */
        final List<Double> isotonicErrors = new ArrayList<>();
        int covered;
        int disagree;
        double realizedSum;
        double estimatedSum;
        /** The first window (1 = the onset's) in which each rule would fire; 0: none did. */
        int estimateFires;
        int realizedFires;
    }

    static Run run(String scenario, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 7919 + size);
        PerformanceScorer scorer = new PerformanceScorer(m -> new ReferenceSettings(ReferenceMode.FIXED, REFERENCE_WINDOWS, REFERENCE_WINDOWS),
                30, 0.001, 300_000);
        PerformanceReference reference = new PerformanceReference();
        List<double[]> labelled = new ArrayList<>();
        long t = 0;
        for (int w = 0; w < REFERENCE_WINDOWS; w++, t += 300_000) {
            WindowPerformance window = window(random, "none", size, t, labelled);
            scorer.estimate("m", reference, window);
            scorer.score("m", reference, window);
        }
        Isotonic isotonic = Isotonic.fit(labelled);
        Run run = new Run();
        for (int w = 1; w <= WINDOWS; w++, t += 300_000) {
            List<double[]> predictions = new ArrayList<>();
            WindowPerformance window = window(random, scenario, size, t, predictions);
            EstimatedPerformance estimate = scorer.estimate("m", reference, window);
            PerformanceRecord realized = scorer.score("m", reference, window);
            double actual = realized.classification().current().accuracy();
            EstimatedPerformance.Estimate e = estimate.accuracy();
            run.errors.add(Math.abs(actual - e.value()));
            run.isotonicErrors.add(Math.abs(actual - isotonic.expectedAccuracy(predictions)));
            run.covered += actual >= e.low() && actual <= e.high() ? 1 : 0;
            run.disagree += realized.estimate().disagrees() ? 1 : 0;
            run.realizedSum += actual;
            run.estimatedSum += e.value();
            if (run.estimateFires == 0 && estimate.accuracyDrop() > 0.05 && estimate.accuracyDropZ() > 3) {
                run.estimateFires = w;
            }
            if (run.realizedFires == 0 && -realized.classification().accuracy().difference() > 0.05
                    && realized.classification().accuracy().pValue() < 0.001) {
                run.realizedFires = w;
            }
        }
        return run;
    }

    /**
     * A window of {@code size} labelled predictions of the scenario (every prediction labelled: the realized is exact); each
     * prediction's probability of class 1 and its label (1 or 0) also go to {@code out}.
     */
    private static WindowPerformance window(SplittableRandom random, String scenario, int size, long start, List<double[]> out) {
        WindowPerformance w = new WindowPerformance(start);
        for (int i = 0; i < size; i++) {
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            switch (scenario) {
                case "covariate" -> {
                    // nearer the boundary 1.2 x1 = 0.8 x2, where the truth itself is unsure
                    x1 = 0.35 * x1 + 0.2;
                    x2 = 0.35 * x2 + 0.3;
                }
                case "prior" -> {
                    if (logit(x1, x2) < 0 && random.nextDouble() < 0.75) {
                        // most of the negative region redrawn from the positive one: 1 four times as frequent
                        x1 = Math.abs(x1);
                        x2 = -Math.abs(x2);
                    }
                }
                default -> {
                }
            }
            double truth = sigmoid(logit(x1, x2));
            double seen1 = x1;
            double seen2 = x2;
            if (scenario.equals("noise")) {
                seen1 += 0.8 * random.nextGaussian();
                seen2 += 0.8 * random.nextGaussian();
            }
            double p = sigmoid(OVER_CONFIDENCE * logit(seen1, seen2));
            boolean positive = random.nextDouble() < truth;
            if (scenario.equals("concept") && x1 > 0.5) {
                positive = !positive;
            }
            double[] probabilities = {1 - p, p};
            out.add(new double[] {p, positive ? 1 : 0});
            w.probabilities().add(null, CLASSES, probabilities);
            w.classification().add(null, positive ? "1" : "0", CLASSES, probabilities);
        }
        return w;
    }

    /**
     * Isotonic regression of the label on the probability of class 1 (pool adjacent violators), applied by linear
     * interpolation between the fitted points, clipped at the ends, as scikit-learn's {@code IsotonicRegression} in
     * {@code CalibratedClassifierCV(method="isotonic")} (ties, which continuous probabilities do not have, not pooled first):
     * the alternative to kdrift's histogram binning, for comparison only.
     */
    record Isotonic(double[] x, double[] y) {
        static Isotonic fit(List<double[]> pairs) {
            List<double[]> sorted = new ArrayList<>(pairs);
            sorted.sort((a, b) -> Double.compare(a[0], b[0]));
            // blocks of (sum of x, sum of labels, points), merged while a block's mean is not above its predecessor's
            double[][] blocks = new double[sorted.size()][];
            int n = 0;
            for (double[] p : sorted) {
                double[] b = {p[0], p[1], 1};
                while (n > 0 && blocks[n - 1][1] / blocks[n - 1][2] >= b[1] / b[2]) {
                    double[] prev = blocks[--n];
                    b = new double[] {prev[0] + b[0], prev[1] + b[1], prev[2] + b[2]};
                }
                blocks[n++] = b;
            }
            // each point its block's mean (scikit-learn interpolates between the points, not the blocks' centres)
            double[] x = new double[sorted.size()];
            double[] y = new double[sorted.size()];
            int at = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < blocks[i][2]; k++, at++) {
                    x[at] = sorted.get(at)[0];
                    y[at] = blocks[i][1] / blocks[i][2];
                }
            }
            return new Isotonic(x, y);
        }

        double apply(double p) {
            int i = Arrays.binarySearch(x, p);
            if (i >= 0) {
                return y[i];
            }
            int above = -i - 1;
            if (above == 0) {
                return y[0];
            }
            if (above == x.length) {
                return y[x.length - 1];
            }
            double f = (p - x[above - 1]) / (x[above] - x[above - 1]);
            return y[above - 1] + f * (y[above] - y[above - 1]);
        }

        /** The mean calibrated probability of the predicted class. */
        double expectedAccuracy(List<double[]> predictions) {
            double sum = 0;
            for (double[] p : predictions) {
                double q = apply(p[0]);
                sum += p[0] > 0.5 ? q : 1 - q;
            }
            return sum / predictions.size();
        }
    }

    private static double logit(double x1, double x2) {
        return TRUTH[0] * x1 + TRUTH[1] * x2;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
