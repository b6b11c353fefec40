package io.kdrift.performance;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a window's estimated performance is computed from, labels or not: sums over its predictions with probabilities,
 * per class and {@link CalibrationBins} bin of the class's probability, never the predictions themselves. The
 * calibration map the estimate applies is a shift per bin (the reference's accuracy there less its mean probability),
 * so that the calibrated probabilities' sums, squares and products with the log-probabilities are linear in these
 * sums: the map can be the one the reference has when the window closes, not when each prediction came.
 */
public final class ProbabilitySums {
    static final int BINS = CalibrationBins.COUNT;
    /** Offsets of the sums in a class's array, each {@link #BINS} long: all predictions, then those that predicted the class. */
    static final int N = 0;
    static final int P = BINS;
    static final int P2 = 2 * BINS;
    static final int LOG_P = 3 * BINS;
    static final int P_LOG_P = 4 * BINS;
    static final int N_PREDICTED = 5 * BINS;
    static final int P_PREDICTED = 6 * BINS;
    static final int P2_PREDICTED = 7 * BINS;
    static final int SIZE = 8 * BINS;

    long predictions;
    /** By class name, in name order. */
    final Map<String, double[]> byClass = new TreeMap<>();
    /**
     * For the expected confusion matrix: by predicted class, then by class, the predictions and the sum of their
     * probabilities of the class in each bin ({@link #N}, {@link #P} offsets; {@link #CONFUSION_SIZE} values).
     */
    final Map<String, Map<String, double[]>> byPredicted = new TreeMap<>();
    static final int CONFUSION_SIZE = 2 * BINS;

    /** A prediction with probabilities; {@code predicted} its class, null for the most probable. */
    public void add(String predicted, String[] classes, double[] probabilities) {
        int top = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[top]) {
                top = i;
            }
        }
        String predictedClass = predicted != null ? predicted : classes[top];
        predictions++;
        Map<String, double[]> row = byPredicted.computeIfAbsent(predictedClass, k -> new TreeMap<>());
        for (int i = 0; i < probabilities.length; i++) {
            double p = probabilities[i];
            double logP = Math.log(Math.max(p, ClassificationCounts.PROBABILITY_FLOOR));
            double[] s = byClass.computeIfAbsent(classes[i], k -> new double[SIZE]);
            int b = CalibrationBins.of(p);
            s[N + b]++;
            s[P + b] += p;
            s[P2 + b] += p * p;
            s[LOG_P + b] += logP;
            s[P_LOG_P + b] += p * logP;
            double[] cell = row.computeIfAbsent(classes[i], k -> new double[CONFUSION_SIZE]);
            cell[N + b]++;
            cell[P + b] += p;
            if (classes[i].equals(predictedClass)) {
                s[N_PREDICTED + b]++;
                s[P_PREDICTED + b] += p;
                s[P2_PREDICTED + b] += p * p;
            }
        }
    }

    /** Predictions with probabilities. */
    public long predictions() {
        return predictions;
    }
}
