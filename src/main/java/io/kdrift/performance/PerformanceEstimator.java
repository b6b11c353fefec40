package io.kdrift.performance;

import io.kdrift.result.EstimatedPerformance;
import java.util.Map;
import java.util.TreeMap;

/**
 * Confidence-based performance estimation (CBPE, as NannyML introduced it): a window's expected accuracy, log loss,
 * Brier score, per-class precision, recall and F1, from its predictions' probabilities calibrated on the labelled
 * predictions of the reference.
 *
 * <p>The calibration map, per class one against the rest, is the reference's reliability diagram in
 * {@link CalibrationBins} (scikit-learn's {@code calibration_curve}): a probability p of class k in bin b becomes
 * q = p + (accuracy − mean probability) of that bin in the reference; a bin the reference never saw leaves p as it is.
 * The expected confusion counts follow: a prediction of class k is a true positive with probability q_k, any other
 * prediction a false negative of k with probability q_k. Calibrated probabilities are not renormalised across classes
 * (that would need each prediction, not the window's sums). What it cannot see: a change of P(label | features) moves
 * the realized performance and not this estimate.
 *
 * <p>Standard errors: a metric's spread around its estimate is that of the realized value, the labels drawn from the
 * calibrated probabilities (a sum of Bernoulli variances), plus the calibration map's own uncertainty (each bin's
 * accuracy, a Beta(positives + 1, others + 1) variance, weighted by the window's predictions in the bin; in a bin the
 * reference never saw, the class's mean squared gap where it was seen); recall and F1 by the delta method; log loss and
 * Brier from the reference's spread of the per-prediction loss.
 */
public final class PerformanceEstimator {
    private static final int BINS = CalibrationBins.COUNT;

    private PerformanceEstimator() {
    }

    /** The window's estimates; null when none of its predictions has probabilities. */
    public static Result estimate(ProbabilitySums window, ClassificationCounts reference) {
        long n = window.predictions;
        if (n == 0) {
            return null;
        }
        double correct = 0;
        double correctVariance = 0;
        double logLoss = 0;
        double brier = 0;
        Map<String, EstimatedPerformance.PerClass> perClass = new TreeMap<>();
        double f1Sum = 0;
        double f1Variance = 0;
        for (Map.Entry<String, double[]> e : window.byClass.entrySet()) {
            double[] s = e.getValue();
            double[] map = reference.oneVsRest.get(e.getKey());
            double tp = 0;
            double tpVariance = 0;
            double fn = 0;
            double fnVariance = 0;
            double predicted = 0;
            double unseenVariance = unseenGapVariance(map);
            for (int b = 0; b < BINS; b++) {
                double count = map == null ? 0 : map[b];
                double gap = count == 0 ? 0 : (map[2 * BINS + b] - map[BINS + b]) / count;
                // a Beta(positives + 1, others + 1) variance of the bin's accuracy: never zero, also for a bin of one
                double positives = map == null ? 0 : map[2 * BINS + b];
                double gapVariance = count == 0 ? unseenVariance
                        : (positives + 1) * (count - positives + 1) / ((count + 2) * (count + 2) * (count + 3));
                double nPredicted = s[ProbabilitySums.N_PREDICTED + b];
                double pPredicted = s[ProbabilitySums.P_PREDICTED + b];
                double p2Predicted = s[ProbabilitySums.P2_PREDICTED + b];
                double nRest = s[ProbabilitySums.N + b] - nPredicted;
                double pRest = s[ProbabilitySums.P + b] - pPredicted;
                double p2Rest = s[ProbabilitySums.P2 + b] - p2Predicted;
                double q = pPredicted + gap * nPredicted;
                tp += q;
                tpVariance += q - (p2Predicted + 2 * gap * pPredicted + gap * gap * nPredicted) + nPredicted * nPredicted * gapVariance;
                double qRest = pRest + gap * nRest;
                fn += qRest;
                fnVariance += qRest - (p2Rest + 2 * gap * pRest + gap * gap * nRest) + nRest * nRest * gapVariance;
                predicted += nPredicted;
                logLoss -= s[ProbabilitySums.P_LOG_P + b] + gap * s[ProbabilitySums.LOG_P + b];
                brier += -s[ProbabilitySums.P2 + b] + s[ProbabilitySums.P + b] - 2 * gap * s[ProbabilitySums.P + b] + gap * s[ProbabilitySums.N + b];
            }
            tpVariance = Math.max(0, tpVariance);
            fnVariance = Math.max(0, fnVariance);
            correct += tp;
            correctVariance += tpVariance;
            double precision = predicted == 0 ? 0 : tp / predicted;
            double precisionSe = predicted == 0 ? 0 : Math.sqrt(tpVariance) / predicted;
            double support = tp + fn;
            double recall = support == 0 ? 0 : tp / support;
            double recallSe = support == 0 ? 0 : Math.sqrt(fn * fn * tpVariance + tp * tp * fnVariance) / (support * support);
            double d = predicted + tp + fn;
            double f1 = d == 0 ? 0 : 2 * tp / d;
            double f1Var = d == 0 ? 0 : (4 * (predicted + fn) * (predicted + fn) * tpVariance + 4 * tp * tp * fnVariance) / (d * d * d * d);
            perClass.put(e.getKey(), new EstimatedPerformance.PerClass(new EstimatedPerformance.Estimate(precision, precisionSe),
                    new EstimatedPerformance.Estimate(recall, recallSe), new EstimatedPerformance.Estimate(f1, Math.sqrt(f1Var)), support));
            f1Sum += f1;
            f1Variance += f1Var;
        }
        // the expected confusion matrix: predictions of class k whose label is class j, Σ q_j over them
        Map<String, Map<String, Double>> confusion = new TreeMap<>();
        window.byPredicted.forEach((predictedClass, row) -> {
            Map<String, Double> counts = new TreeMap<>();
            row.forEach((c, cell) -> {
                double[] map = reference.oneVsRest.get(c);
                double expected = 0;
                for (int b = 0; b < BINS; b++) {
                    double count = map == null ? 0 : map[b];
                    double gap = count == 0 ? 0 : (map[2 * BINS + b] - map[BINS + b]) / count;
                    expected += cell[ProbabilitySums.P + b] + gap * cell[ProbabilitySums.N + b];
                }
                counts.put(c, expected);
            });
            confusion.put(predictedClass, counts);
        });
        int classes = perClass.size();
        EstimatedPerformance.Estimate accuracy = new EstimatedPerformance.Estimate(correct / n, Math.sqrt(correctVariance) / n);
        EstimatedPerformance.Estimate macroF1 = new EstimatedPerformance.Estimate(f1Sum / classes, Math.sqrt(f1Variance) / classes);
        return new Result(n, accuracy, new EstimatedPerformance.Estimate(logLoss / n, spread(reference.logLossSum, reference.logLossSquares,
                reference.withProbabilities, n)), new EstimatedPerformance.Estimate(brier / n, spread(reference.brierSum, reference.brierSquares,
                reference.withProbabilities, n)), macroF1, perClass, confusion);
    }

    /**
     * The uncertainty of the gap in a bin the reference never saw (whose probabilities are taken as they are): as far
     * as the class's calibration strays where it was seen (the mean squared gap of its bins, by their counts); with no
     * bin seen, a uniform accuracy's variance, 1/12.
     */
    private static double unseenGapVariance(double[] map) {
        double n = 0;
        double squares = 0;
        for (int b = 0; map != null && b < BINS; b++) {
            if (map[b] > 0) {
                double gap = (map[2 * BINS + b] - map[BINS + b]) / map[b];
                n += map[b];
                squares += map[b] * gap * gap;
            }
        }
        return n == 0 ? 1.0 / 12 : squares / n;
    }

    /** The standard error of a mean of {@code n} values spread as the reference's (sum, sum of squares, count); 0 without one. */
    private static double spread(double sum, double squares, long count, long n) {
        if (count < 2) {
            return 0;
        }
        double mean = sum / count;
        double variance = Math.max(0, (squares - count * mean * mean) / (count - 1));
        return Math.sqrt(variance / n);
    }

    /** The estimates of one window. */
    public record Result(long predictions, EstimatedPerformance.Estimate accuracy, EstimatedPerformance.Estimate logLoss,
                         EstimatedPerformance.Estimate brier, EstimatedPerformance.Estimate macroF1,
                         Map<String, EstimatedPerformance.PerClass> perClass, Map<String, Map<String, Double>> confusion) {
    }
}
