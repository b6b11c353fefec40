package io.kdrift.testing;

import io.kdrift.result.ClassificationMetrics;
import io.kdrift.result.Comparison;
import io.kdrift.result.PerformanceRecord;
import io.kdrift.result.RegressionMetrics;
import io.kdrift.result.ScoreStatus;
import io.kdrift.stats.DriftScores;
import java.util.Map;

/** Performance records for tests of what reads them (alerts, gauges, JSON), built field by field. */
public final class PerformanceRecords {
    private static final long MINUTE = 60_000;

    private PerformanceRecords() {
    }

    /** A classifier's window ending at {@code windowEnd}: accuracy against the reference's with the given p-value. */
    public static PerformanceRecord accuracy(String model, long windowEnd, ScoreStatus status, long labelled, long referenceLabelled,
                                             double accuracy, double referenceAccuracy, double pValue) {
        ClassificationMetrics current = new ClassificationMetrics(labelled, accuracy, null, null, null, null, Map.of());
        ClassificationMetrics reference = new ClassificationMetrics(referenceLabelled, referenceAccuracy, null, null, null, null, Map.of());
        Comparison c = new Comparison(accuracy, referenceAccuracy, accuracy - referenceAccuracy, pValue);
        return new PerformanceRecord(model, windowEnd - MINUTE, windowEnd, status, 12, labelled + 10, labelled + 5, labelled, 5,
                referenceLabelled, new PerformanceRecord.Classification(current, reference, c, null, null), null, null);
    }

    /** A window with a value in every field, of awkward formats for printing (1234.5, 1.23e-05, whole counts). */
    public static PerformanceRecord everyField(String model) {
        ClassificationMetrics current = new ClassificationMetrics(480, 0.8125, 0.61234, 0.0000123, 0.0456, 0.7777,
                Map.of("fraud", new ClassificationMetrics.PerClass(0.5, 0.25, 1.0 / 3, 40)));
        ClassificationMetrics reference = new ClassificationMetrics(5760, 0.9, 0.4, 0.2, 0.03, 0.85, Map.of());
        DriftScores labels = new DriftScores(2, 5760, 480, 0.01, 0.011, 0.5, 0.49, 0.5, 0.0025, 0.021, 12.5, 0.000404);
        PerformanceRecord.Classification classification = new PerformanceRecord.Classification(current, reference,
                new Comparison(0.8125, 0.9, 0.8125 - 0.9, 0.0000012), new Comparison(0.61234, 0.4, 0.21234, 0.03), labels);
        RegressionMetrics regression = new RegressionMetrics(300, 1234.5, 2000.25, -12.5);
        RegressionMetrics regressionReference = new RegressionMetrics(3000, 1000.0, 1500.0, 0.5);
        PerformanceRecord.Regression r = new PerformanceRecord.Regression(regression, regressionReference,
                new Comparison(1234.5, 1000, 234.5, 0.00009), new Comparison(4.0e6, 2.25e6, 1.75e6, 0.5));
        return new PerformanceRecord(model, 0, MINUTE, ScoreStatus.OK, 12, 1000, 900, 780, 120, 8760, classification, r,
                PerformanceRecord.EstimateCheck.of(0.85, 0.0125, 0.8125));
    }
}
