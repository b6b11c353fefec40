package io.kdrift.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.result.EstimatedPerformance;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The calibration map and the estimate: against hand-worked values, against scikit-learn's {@code calibration_curve}
 * on a shared fixture (src/test/resources/fixtures/calibration.py wrote it), and by simulation (labels drawn from the
 * calibrated probabilities: the realized accuracy falls within the estimate's interval about 95 % of the time).
 */
class PerformanceEstimatorTest {
    private static final String[] AB = {"a", "b"};

    @Test
    void theBinsAreRightClosedAsScikitLearnsCalibrationCurve() {
        assertEquals(0, CalibrationBins.of(0.0));
        assertEquals(0, CalibrationBins.of(0.1));
        assertEquals(1, CalibrationBins.of(0.10000000001));
        assertEquals(2, CalibrationBins.of(0.3), "0.3 is below numpy's edge 0.30000000000000004");
        assertEquals(6, CalibrationBins.of(0.7));
        assertEquals(6, CalibrationBins.of(0.65));
        assertEquals(9, CalibrationBins.of(1.0));
    }

    /**
     * The example: 0.7 right and 0.65 wrong share the bin (0.6, 0.7]: ECE |0.5 − 0.675| = 0.175 (with
     * [0.6, 0.7) and [0.7, 0.8) it was 0.475).
     */
    @Test
    void confidencesOnATenthShareTheBinBelowIt() {
        ClassificationCounts c = new ClassificationCounts();
        c.add(null, "a", AB, new double[] {0.7, 0.3});
        c.add(null, "b", AB, new double[] {0.65, 0.35});
        assertEquals(0.175, c.metrics().expectedCalibrationError(), 1e-12);
    }

    /**
     * By hand, a binary model. Reference: four predictions of p(a) = 0.8 (bin 7 of a, bin 1 of b), three labelled a:
     * a's gap there is 0.75 − 0.8 = −0.05, b's 0.25 − 0.2 = +0.05. Window: two predictions of p(a) = 0.8 (predicted a:
     * q = 0.75) and one of p(a) = 0.3 (predicted b, p(b) = 0.7 in bin 6 of b, never seen: q = 0.7).
     */
    @Test
    void aWindowIsEstimatedFromTheReferencesReliabilityByHand() {
        ClassificationCounts reference = new ClassificationCounts();
        for (String label : List.of("a", "a", "a", "b")) {
            reference.add(null, label, AB, new double[] {0.8, 0.2});
        }
        ProbabilitySums window = new ProbabilitySums();
        window.add(null, AB, new double[] {0.8, 0.2});
        window.add(null, AB, new double[] {0.8, 0.2});
        window.add(null, AB, new double[] {0.3, 0.7});
        PerformanceEstimator.Result r = PerformanceEstimator.estimate(window, reference);
        assertEquals((0.75 + 0.75 + 0.7) / 3, r.accuracy().value(), 1e-12);
        // sampling: Σ q(1−q); calibration: per class and bin, (predictions there)² × Beta(pos + 1, neg + 1) variance
        double sampling = 2 * 0.75 * 0.25 + 0.7 * 0.3;
        double betaA7 = 4.0 * 2 / (6 * 6 * 7); // 3 positives of 4: Beta(4, 2)
        double betaB6 = 0.05 * 0.05; // never seen: b's mean squared gap where it was seen (bin 1: +0.05)
        assertEquals(Math.sqrt(sampling + 4 * betaA7 + betaB6) / 3, r.accuracy().standardError(), 1e-12);
        // a: predicted twice (q 0.75 each), and q(a) = 0.3 + 0 (bin 2 of a unseen) for the third: TP 1.5, FN 0.3
        EstimatedPerformance.PerClass a = r.perClass().get("a");
        assertEquals(1.5 / 2, a.precision().value(), 1e-12);
        assertEquals(1.5 / 1.8, a.recall().value(), 1e-12);
        assertEquals(2 * 1.5 / (2 + 1.8), a.f1().value(), 1e-12);
        assertEquals(1.8, a.support(), 1e-12);
        // the expected confusion matrix, by predicted class: its diagonal is the true positives above
        assertEquals(2 * 0.75, r.confusion().get("a").get("a"), 1e-12);
        assertEquals(2 * 0.25, r.confusion().get("a").get("b"), 1e-12);
        assertEquals(0.3, r.confusion().get("b").get("a"), 1e-12, "a's bin 2 unseen: p as it is");
        assertEquals(0.7, r.confusion().get("b").get("b"), 1e-12);
        // expected log loss: −Σ_k q_k ln p_k per prediction
        double ll = 2 * -(0.75 * Math.log(0.8) + 0.25 * Math.log(0.2)) - (0.3 * Math.log(0.3) + 0.7 * Math.log(0.7));
        assertEquals(ll / 3, r.logLoss().value(), 1e-12);
        // expected Brier: Σ_k (p_k² − 2 p_k q_k + q_k)
        double brier = 2 * (0.64 - 2 * 0.8 * 0.75 + 0.75 + 0.04 - 2 * 0.2 * 0.25 + 0.25) + (0.09 - 2 * 0.3 * 0.3 + 0.3 + 0.49 - 2 * 0.7 * 0.7 + 0.7);
        assertEquals(brier / 3, r.brier().value(), 1e-12);
    }

    @Test
    void theCalibrationMapIsScikitLearnsCalibrationCurveAndTheEstimateFollowsIt() throws Exception {
        JsonNode f;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/calibration.json")) {
            f = new ObjectMapper().readTree(in);
        }
        String[] classes = new ObjectMapper().convertValue(f.get("classes"), String[].class);
        ClassificationCounts reference = new ClassificationCounts();
        JsonNode probabilities = f.at("/reference/probabilities");
        for (int i = 0; i < probabilities.size(); i++) {
            reference.add(null, f.at("/reference/labels").get(i).asText(), classes, doubles(probabilities.get(i)));
        }
        for (String c : classes) {
            double[] map = reference.oneVsRest.get(c);
            JsonNode expected = f.at("/perClass/" + c);
            for (int j = 0; j < expected.get("bins").size(); j++) {
                int b = expected.get("bins").get(j).asInt();
                assertEquals(expected.get("count").get(j).asDouble(), map[b], 0, c + " bin " + b);
                assertEquals(expected.get("probTrue").get(j).asDouble(), map[2 * CalibrationBins.COUNT + b] / map[b], 1e-12, c + " bin " + b);
                assertEquals(expected.get("probPred").get(j).asDouble(), map[CalibrationBins.COUNT + b] / map[b], 1e-12, c + " bin " + b);
            }
        }
        assertEquals(f.get("expectedCalibrationError").asDouble(), reference.metrics().expectedCalibrationError(), 1e-12);
        ProbabilitySums window = new ProbabilitySums();
        for (JsonNode p : f.at("/window/probabilities")) {
            window.add(null, classes, doubles(p));
        }
        PerformanceEstimator.Result r = PerformanceEstimator.estimate(window, reference);
        assertEquals(f.get("estimatedAccuracy").asDouble(), r.accuracy().value(), 1e-12);
        double sampling = f.get("estimatedAccuracySamplingError").asDouble();
        assertTrue(r.accuracy().standardError() > sampling && r.accuracy().standardError() < 1.5 * sampling,
                "the sampling error, and the calibration map's own: " + r.accuracy().standardError() + " against " + sampling);
    }

    /**
     * Labels drawn from a model's true probabilities, which its own over-state: with the map learned from a labelled
     * reference of 5,000, windows of 300 and 1,000 are estimated within their 95 % interval in about 95 % of windows,
     * and the uncalibrated confidence would be far off.
     */
    @Test
    void theIntervalCoversTheRealizedAccuracyAboutNineteenTimesInTwenty() {
        SplittableRandom random = new SplittableRandom(7);
        ClassificationCounts reference = new ClassificationCounts();
        for (int i = 0; i < 5000; i++) {
            double[] p = overConfident(random);
            reference.add(null, draw(random, p), AB, stated(p));
        }
        for (int size : new int[] {300, 1000}) {
            int covered = 0;
            double errors = 0;
            int windows = 400;
            for (int w = 0; w < windows; w++) {
                ProbabilitySums window = new ProbabilitySums();
                ClassificationCounts realized = new ClassificationCounts();
                for (int i = 0; i < size; i++) {
                    double[] p = overConfident(random);
                    window.add(null, AB, stated(p));
                    realized.add(null, draw(random, p), AB, stated(p));
                }
                EstimatedPerformance.Estimate e = PerformanceEstimator.estimate(window, reference).accuracy();
                double actual = realized.metrics().accuracy();
                covered += actual >= e.low() && actual <= e.high() ? 1 : 0;
                errors += Math.abs(actual - e.value());
            }
            double coverage = (double) covered / windows;
            assertTrue(coverage > 0.91 && coverage < 0.99, size + " a window: coverage " + coverage);
            assertTrue(errors / windows < (size == 300 ? 0.03 : 0.02), size + " a window: mean error " + errors / windows);
        }
    }

    /** A true probability of a, and the model's over-confident statement of it (halfway to 0 or 1). */
    private static double[] overConfident(SplittableRandom random) {
        double a = 0.1 + 0.8 * random.nextDouble();
        return new double[] {a, 1 - a};
    }

    private static double[] stated(double[] p) {
        double a = p[0] > 0.5 ? p[0] + (1 - p[0]) / 2 : p[0] / 2;
        return new double[] {a, 1 - a};
    }

    private static String draw(SplittableRandom random, double[] p) {
        return random.nextDouble() < p[0] ? "a" : "b";
    }

    private static double[] doubles(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asDouble()));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
