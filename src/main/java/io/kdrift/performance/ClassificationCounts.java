package io.kdrift.performance;

import io.kdrift.result.ClassificationMetrics;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a window's classification performance is computed from: sums over its labelled predictions, added one
 * by one and merged (a reference is the merge of its windows), never the predictions themselves.
 *
 * <p>Definitions follow scikit-learn's: accuracy; log loss −ln p[label], the probability floored at 1e-15 as
 * kdrift's drift scores floor it; the multi-class Brier score Σ_k (p_k − y_k)²; expected calibration error
 * over {@value #CALIBRATION_BINS} equal-width bins of the confidence (the largest probability, {@link CalibrationBins}:
 * right-closed, as scikit-learn's {@code calibration_curve}) against the accuracy in each bin; per-class precision,
 * recall and F1 (0 where undefined, scikit-learn's
 * {@code zero_division=0}), macro F1 over the classes seen as label or prediction.
 */
public final class ClassificationCounts {
    public static final int CALIBRATION_BINS = CalibrationBins.COUNT;
    /** As the drift scores' log loss: a confident miss costs −ln(1e-15) ≈ 34.5, not infinity. */
    static final double PROBABILITY_FLOOR = 1e-15;

    long labelled;
    long correct;
    long withProbabilities;
    double logLossSum;
    double logLossSquares;
    double brierSum;
    double brierSquares;
    /**
     * Per class, one against the rest, in {@link CalibrationBins} of its probability: predictions (the first ten values),
     * the sum of their probabilities of the class (the next ten) and how many had the class as label (the last ten):
     * scikit-learn's {@code calibration_curve} of the class, from which the performance estimate's calibration map is made.
     */
    final Map<String, double[]> oneVsRest = new TreeMap<>();
    final long[] calibrationCount = new long[CALIBRATION_BINS];
    final double[] calibrationConfidence = new double[CALIBRATION_BINS];
    final long[] calibrationCorrect = new long[CALIBRATION_BINS];
    /** Per class: true positives, false positives, false negatives. */
    final Map<String, long[]> perClass = new TreeMap<>();

    /**
     * Adds one labelled prediction.
     *
     * @param predicted     the predicted class; null to take the most probable class
     * @param classes       class names of {@code probabilities}; both null when the prediction has none
     * @param probabilities one per class, summing to 1
     */
    public void add(String predicted, String label, String[] classes, double[] probabilities) {
        int top = -1;
        if (probabilities != null) {
            top = 0;
            for (int i = 1; i < probabilities.length; i++) {
                if (probabilities[i] > probabilities[top]) {
                    top = i;
                }
            }
        }
        String predictedClass = predicted != null ? predicted : top >= 0 ? classes[top] : null;
        if (predictedClass == null) {
            throw new IllegalArgumentException("a prediction with neither a class nor probabilities");
        }
        labelled++;
        boolean hit = predictedClass.equals(label);
        if (hit) {
            correct++;
            counts(label)[0]++;
        } else {
            counts(predictedClass)[1]++;
            counts(label)[2]++;
        }
        if (probabilities != null) {
            withProbabilities++;
            double pLabel = 0;
            double brier = 0;
            for (int i = 0; i < probabilities.length; i++) {
                boolean isLabel = classes[i].equals(label);
                if (isLabel) {
                    pLabel = probabilities[i];
                }
                double d = probabilities[i] - (isLabel ? 1 : 0);
                brier += d * d;
            }
            if (pLabel == 0) {
                brier += 1; // the label is a class the probabilities do not name: (0 − 1)²
            }
            double loss = -Math.log(Math.max(pLabel, PROBABILITY_FLOOR));
            logLossSum += loss;
            logLossSquares += loss * loss;
            brierSum += brier;
            brierSquares += brier * brier;
            for (int i = 0; i < probabilities.length; i++) {
                double[] c = oneVsRest.computeIfAbsent(classes[i], k -> new double[3 * CALIBRATION_BINS]);
                int b = CalibrationBins.of(probabilities[i]);
                c[b]++;
                c[CALIBRATION_BINS + b] += probabilities[i];
                if (classes[i].equals(label)) {
                    c[2 * CALIBRATION_BINS + b]++;
                }
            }
            double confidence = probabilities[top];
            int bin = CalibrationBins.of(confidence);
            calibrationCount[bin]++;
            calibrationConfidence[bin] += confidence;
            if (classes[top].equals(label)) {
                calibrationCorrect[bin]++;
            }
        }
    }

    /** Adds another window's sums to these (a reference from its windows). */
    public void addAll(ClassificationCounts other) {
        labelled += other.labelled;
        correct += other.correct;
        withProbabilities += other.withProbabilities;
        logLossSum += other.logLossSum;
        logLossSquares += other.logLossSquares;
        brierSum += other.brierSum;
        brierSquares += other.brierSquares;
        other.oneVsRest.forEach((c, v) -> {
            double[] mine = oneVsRest.computeIfAbsent(c, k -> new double[3 * CALIBRATION_BINS]);
            for (int i = 0; i < v.length; i++) {
                mine[i] += v[i];
            }
        });
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            calibrationCount[b] += other.calibrationCount[b];
            calibrationConfidence[b] += other.calibrationConfidence[b];
            calibrationCorrect[b] += other.calibrationCorrect[b];
        }
        other.perClass.forEach((c, v) -> {
            long[] mine = counts(c);
            for (int i = 0; i < 3; i++) {
                mine[i] += v[i];
            }
        });
    }

    public long labelled() {
        return labelled;
    }

    public ClassificationMetrics metrics() {
        Map<String, ClassificationMetrics.PerClass> classes = new TreeMap<>();
        double f1Sum = 0;
        for (Map.Entry<String, long[]> e : perClass.entrySet()) {
            long tp = e.getValue()[0];
            long fp = e.getValue()[1];
            long fn = e.getValue()[2];
            double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
            double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            classes.put(e.getKey(), new ClassificationMetrics.PerClass(precision, recall, f1, tp + fn));
            f1Sum += f1;
        }
        Double ece = null;
        if (withProbabilities > 0) {
            double sum = 0;
            for (int b = 0; b < CALIBRATION_BINS; b++) {
                if (calibrationCount[b] > 0) {
                    double accuracy = (double) calibrationCorrect[b] / calibrationCount[b];
                    double confidence = calibrationConfidence[b] / calibrationCount[b];
                    sum += (double) calibrationCount[b] / withProbabilities * Math.abs(accuracy - confidence);
                }
            }
            ece = sum;
        }
        return new ClassificationMetrics(labelled,
                labelled == 0 ? null : (double) correct / labelled,
                withProbabilities == 0 ? null : logLossSum / withProbabilities,
                withProbabilities == 0 ? null : brierSum / withProbabilities,
                ece,
                classes.isEmpty() ? null : f1Sum / classes.size(),
                classes);
    }

    private long[] counts(String c) {
        return perClass.computeIfAbsent(c, k -> new long[3]);
    }
}
