package io.kdrift.config;

/**
 * @param alpha additive smoothing α &gt; 0 (default 0.5)
 * @param minCount windows (current or reference) with fewer events than this get status
 *                 insufficient_data (default 30)
 */
public record ScoringSettings(Double alpha, Long minCount) {
    public static final ScoringSettings DEFAULT = new ScoringSettings(null, null);

    public ScoringSettings {
        alpha = alpha == null ? 0.5 : alpha;
        minCount = minCount == null ? 30L : minCount;
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new ConfigFieldException("alpha", "must be a finite number above 0 (0 would give infinite KL on empty bins), got " + alpha);
        }
        if (minCount < 1) {
            throw new ConfigFieldException("minCount", "must be at least 1, got " + minCount);
        }
    }
}
