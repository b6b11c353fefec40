package io.kdrift.config;

import java.util.Set;
import java.util.TreeSet;

/**
 * One condition of an alert rule: a score field {@code above} or {@code below} a threshold (exactly one).
 *
 * @param metric a score field (kl, klReverse, crossEntropy, referenceEntropy, currentEntropy, js, psi,
 *               gStatistic, pValue, logLoss, referenceLogLoss, currentCount, referenceCount, bins) or
 *               logLossIncrease (logLoss − referenceLogLoss), or volumeRatio (signal {@code events}: the window's events
 *               over the reference's mean per window)
 */
public record ConditionSettings(String metric, Double above, Double below) {
    /** Every score field ({@link io.kdrift.drift.ScoreField}). */
    public static final Set<String> METRICS = io.kdrift.drift.ScoreField.names();

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

    /** The score field the condition reads. */
    public io.kdrift.drift.ScoreField field() {
        return io.kdrift.drift.ScoreField.byName(metric);
    }

    public boolean isAbove() {
        return above != null;
    }

    public double threshold() {
        return above != null ? above : below;
    }
}
