package io.kdrift.config;

/**
 * @param alpha additive smoothing α &gt; 0 (default 0.5)
 * @param minCount windows (current or reference) with fewer events than this get status
 *                 insufficient_data (default 30)
 * @param familyWiseLevel the model verdict's family-wise level: the chance, per model and window without drift, that
 *                        any of its signals is called drifted (Holm's correction over the signals tested; default 0.0001:
 *                        one false alarm in 10,000 windows of a model, about one in 35 days of 5-minute windows)
 * @param driftPsi the model verdict calls a signal drifted only when its PSI is also above this (default 0.1, what
 *                 credit-risk practice calls a moderate shift): large windows make tiny shifts significant
 */
public record ScoringSettings(Double alpha, Long minCount, Double familyWiseLevel, Double driftPsi) {
    public static final ScoringSettings DEFAULT = new ScoringSettings(null, null, null, null);

    public ScoringSettings {
        alpha = alpha == null ? 0.5 : alpha;
        minCount = minCount == null ? 30L : minCount;
        familyWiseLevel = familyWiseLevel == null ? 1e-4 : familyWiseLevel;
        driftPsi = driftPsi == null ? 0.1 : driftPsi;
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new ConfigFieldException("alpha", "must be a finite number above 0 (0 would give infinite KL on empty bins), got " + alpha);
        }
        if (minCount < 1) {
            throw new ConfigFieldException("minCount", "must be at least 1, got " + minCount);
        }
        if (!(familyWiseLevel > 0 && familyWiseLevel < 1)) {
            throw new ConfigFieldException("familyWiseLevel", "must be between 0 and 1 (exclusive), got " + familyWiseLevel);
        }
        if (!(driftPsi >= 0) || !Double.isFinite(driftPsi)) {
            throw new ConfigFieldException("driftPsi", "must be a finite number of at least 0, got " + driftPsi);
        }
    }
}
