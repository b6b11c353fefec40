package io.kdrift.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kdrift.result.ClassificationMetrics;
import io.kdrift.result.Comparison;
import io.kdrift.result.EstimatedPerformance;
import io.kdrift.result.PerformanceRecord;
import io.kdrift.result.RegressionMetrics;
import io.kdrift.stats.DriftScores;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/** Performance records as JSON (docs/performance.md), times in ISO-8601; a metric nothing defines is null. */
public final class PerformanceJson {
    private PerformanceJson() {
    }

    public static byte[] toJson(PerformanceRecord r) {
        return JsonObjects.write(g -> {
            g.writeStringField("model", r.model());
            g.writeStringField("windowStart", Instant.ofEpochMilli(r.windowStart()).toString());
            g.writeStringField("windowEnd", Instant.ofEpochMilli(r.windowEnd()).toString());
            g.writeStringField("status", r.status().id());
            g.writeNumberField("referenceWindows", r.referenceWindows());
            g.writeNumberField("predictions", r.predictions());
            g.writeNumberField("withId", r.withId());
            g.writeNumberField("labelled", r.labelled());
            g.writeNumberField("unlabelled", r.unlabelled());
            g.writeNumberField("referenceLabelled", r.referenceLabelled());
            number(g, "labelledFraction", r.labelledFraction());
            if (r.classification() != null) {
                g.writeObjectFieldStart("classification");
                classification(g, r.classification());
                g.writeEndObject();
            }
            if (r.regression() != null) {
                g.writeObjectFieldStart("regression");
                regression(g, r.regression());
                g.writeEndObject();
            }
            if (r.estimate() != null) {
                PerformanceRecord.EstimateCheck e = r.estimate();
                g.writeObjectFieldStart("estimate");
                g.writeNumberField("accuracy", e.estimated());
                g.writeNumberField("standardError", e.standardError());
                g.writeNumberField("error", e.error());
                number(g, "z", Double.isInfinite(e.z()) ? null : e.z());
                g.writeBooleanField("disagrees", e.disagrees());
                g.writeEndObject();
            }
        });
    }

    /**
     * An estimated-performance record (docs/performance.md), on the performance topic beside the realized ones: its
     * {@code kind} says which it is.
     */
    public static byte[] toJson(EstimatedPerformance r) {
        return JsonObjects.write(g -> {
            g.writeStringField("model", r.model());
            g.writeStringField("kind", "estimated");
            g.writeStringField("windowStart", Instant.ofEpochMilli(r.windowStart()).toString());
            g.writeStringField("windowEnd", Instant.ofEpochMilli(r.windowEnd()).toString());
            g.writeStringField("status", r.status().id());
            g.writeNumberField("referenceWindows", r.referenceWindows());
            g.writeObjectFieldStart("estimated");
            g.writeNumberField("predictions", r.predictions());
            g.writeNumberField("calibrationLabelled", r.calibrationLabelled());
            estimate(g, "accuracy", r.accuracy());
            number(g, "referenceAccuracy", r.referenceAccuracy());
            number(g, "accuracyDrop", r.accuracyDrop());
            number(g, "accuracyDropZ", r.accuracyDropZ());
            estimate(g, "logLoss", r.logLoss());
            estimate(g, "brier", r.brier());
            estimate(g, "macroF1", r.macroF1());
            g.writeObjectFieldStart("perClass");
            for (Map.Entry<String, EstimatedPerformance.PerClass> e : r.perClass().entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                estimate(g, "precision", e.getValue().precision());
                estimate(g, "recall", e.getValue().recall());
                estimate(g, "f1", e.getValue().f1());
                g.writeNumberField("support", e.getValue().support());
                g.writeEndObject();
            }
            g.writeEndObject();
            ClassificationMetrics reference = r.reference();
            number(g, "referenceLogLoss", reference.logLoss());
            number(g, "referenceBrier", reference.brier());
            number(g, "referenceMacroF1", reference.macroF1());
            g.writeObjectFieldStart("confusion"); // predicted class → expected labels
            for (Map.Entry<String, Map<String, Double>> row : r.confusion().entrySet()) {
                g.writeObjectFieldStart(row.getKey());
                for (Map.Entry<String, Double> cell : row.getValue().entrySet()) {
                    g.writeNumberField(cell.getKey(), cell.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** An estimate as {@code name}, {@code nameStandardError}, {@code nameLow} and {@code nameHigh} (its 95 % interval). */
    private static void estimate(JsonGenerator g, String name, EstimatedPerformance.Estimate e) throws IOException {
        g.writeNumberField(name, e.value());
        g.writeNumberField(name + "StandardError", e.standardError());
        g.writeNumberField(name + "Low", e.low());
        g.writeNumberField(name + "High", e.high());
    }

    private static void classification(JsonGenerator g, PerformanceRecord.Classification c) throws IOException {
        ClassificationMetrics m = c.current();
        number(g, "accuracy", m.accuracy());
        number(g, "referenceAccuracy", c.reference().accuracy());
        comparison(g, "accuracyPValue", c.accuracy());
        number(g, "logLoss", m.logLoss());
        number(g, "referenceLogLoss", c.reference().logLoss());
        comparison(g, "logLossPValue", c.logLoss());
        number(g, "brier", m.brier());
        number(g, "expectedCalibrationError", m.expectedCalibrationError());
        number(g, "macroF1", m.macroF1());
        g.writeObjectFieldStart("perClass");
        for (Map.Entry<String, ClassificationMetrics.PerClass> e : m.perClass().entrySet()) {
            g.writeObjectFieldStart(e.getKey());
            g.writeNumberField("precision", e.getValue().precision());
            g.writeNumberField("recall", e.getValue().recall());
            g.writeNumberField("f1", e.getValue().f1());
            g.writeNumberField("support", e.getValue().support());
            g.writeEndObject();
        }
        g.writeEndObject();
        DriftScores labels = c.labels();
        if (labels == null) {
            g.writeNullField("labelDrift");
        } else {
            g.writeObjectFieldStart("labelDrift");
            g.writeNumberField("kl", labels.kl());
            g.writeNumberField("js", labels.js());
            g.writeNumberField("psi", labels.psi());
            g.writeNumberField("pValue", labels.pValue());
            g.writeEndObject();
        }
    }

    private static void regression(JsonGenerator g, PerformanceRecord.Regression r) throws IOException {
        RegressionMetrics m = r.current();
        number(g, "meanAbsoluteError", m.meanAbsoluteError());
        number(g, "referenceMeanAbsoluteError", r.reference().meanAbsoluteError());
        comparison(g, "meanAbsoluteErrorPValue", r.meanAbsoluteError());
        number(g, "rootMeanSquaredError", m.rootMeanSquaredError());
        number(g, "referenceRootMeanSquaredError", r.reference().rootMeanSquaredError());
        comparison(g, "meanSquaredErrorPValue", r.meanSquaredError());
        number(g, "meanError", m.meanError());
    }

    /** The comparison's p-value; null while warming up or when a side has too few labels to estimate its spread. */
    private static void comparison(JsonGenerator g, String field, Comparison c) throws IOException {
        number(g, field, c == null || Double.isNaN(c.pValue()) ? null : c.pValue());
    }

    private static void number(JsonGenerator g, String field, Double v) throws IOException {
        JsonObjects.number(g, field, v);
    }
}
