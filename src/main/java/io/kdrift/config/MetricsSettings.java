package io.kdrift.config;

/**
 * @param staleAfterWindows the gauges of a model's signal are removed when it has had no score for this
 *                          many window lengths of wall-clock time (default 3)
 */
public record MetricsSettings(Integer staleAfterWindows) {
    public static final MetricsSettings DEFAULT = new MetricsSettings(null);

    public MetricsSettings {
        staleAfterWindows = staleAfterWindows == null ? 3 : staleAfterWindows;
        if (staleAfterWindows < 1) {
            throw new ConfigFieldException("staleAfterWindows", "must be at least 1, got " + staleAfterWindows);
        }
    }
}
