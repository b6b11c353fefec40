package io.kdrift.config;

import io.kdrift.result.JudgedRecords;
import io.kdrift.result.MetricField;
import io.kdrift.result.PerformanceField;
import io.kdrift.result.ScoreField;
import io.kdrift.result.VerdictField;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * One condition of an alert rule: a score field {@code above} or {@code below} a threshold (exactly one).
 *
 * @param metric a score field (kl, klReverse, crossEntropy, referenceEntropy, currentEntropy, js, psi,
 *               gStatistic, pValue, logLoss, referenceLogLoss, currentCount, referenceCount, bins) or
 *               logLossIncrease (logLoss − referenceLogLoss), or volumeRatio (signal {@code events}: the window's events
 *               over the reference's mean per window); or a field of performance records ({@link PerformanceField}:
 *               classification.accuracy, classification.accuracyDrop, ...), and then the rule judges performance records;
 *               or a field of model verdicts ({@link VerdictField}: signalsDrifted, driftShare, ...), and then it judges verdicts
 */
public record ConditionSettings(String metric, Double above, Double below) {
    /** Every score field ({@link ScoreField}), performance field ({@link PerformanceField}) and verdict field ({@link VerdictField}). */
    public static final Set<String> METRICS = metrics();

    private static Set<String> metrics() {
        Set<String> all = new LinkedHashSet<>();
        for (JudgedRecords r : JudgedRecords.values()) {
            r.fields().forEach(f -> all.add(f.jsonName()));
        }
        return all;
    }

    public ConditionSettings {
        if (metric == null) {
            throw new ConfigFieldException("metric", "is required: one of " + new TreeSet<>(METRICS));
        }
        if (!METRICS.contains(metric)) {
            throw new ConfigFieldException("metric", "\"" + metric + "\" is not a score field; use one of " + new TreeSet<>(METRICS));
        }
        if ((above == null) == (below == null)) {
            throw new ConfigFieldException("above", "give exactly one of above or below");
        }
        Double t = above != null ? above : below;
        if (!Double.isFinite(t)) {
            throw new ConfigFieldException(above != null ? "above" : "below", "must be a finite number");
        }
    }

    /** The field the condition reads: a score field, a performance field, an estimate field or a verdict field. */
    public MetricField<?> field() {
        JudgedRecords records = JudgedRecords.of(metric);
        return records == null ? null : records.fields().stream().filter(f -> f.jsonName().equals(metric)).findFirst().orElse(null);
    }

    /** The records whose field the condition reads. */
    public JudgedRecords records() {
        return JudgedRecords.of(metric);
    }

    public boolean isAbove() {
        return above != null;
    }

    public double threshold() {
        return above != null ? above : below;
    }
}
