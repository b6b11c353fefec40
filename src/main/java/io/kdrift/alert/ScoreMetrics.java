package io.kdrift.alert;

import io.kdrift.drift.ScoreRecord;

/** The value of a score field by name, as alert rules name them; null where the record has none. */
public final class ScoreMetrics {
    private ScoreMetrics() {
    }

    public static Double value(String metric, ScoreRecord r) {
        return switch (metric) {
            case "kl" -> r.kl();
            case "klReverse" -> r.klReverse();
            case "crossEntropy" -> r.crossEntropy();
            case "referenceEntropy" -> r.referenceEntropy();
            case "currentEntropy" -> r.currentEntropy();
            case "js" -> r.js();
            case "psi" -> r.psi();
            case "gStatistic" -> r.gStatistic();
            case "pValue" -> r.pValue();
            case "logLoss" -> r.logLoss();
            case "referenceLogLoss" -> r.referenceLogLoss();
            case "logLossIncrease" -> r.logLoss() == null || r.referenceLogLoss() == null ? null : r.logLoss() - r.referenceLogLoss();
            case "currentCount" -> r.currentCount();
            case "referenceCount" -> r.referenceCount();
            case "bins" -> r.bins() == null ? null : r.bins().doubleValue();
            case "volumeRatio" -> r.volumeRatio();
            default -> throw new IllegalArgumentException("unknown metric " + metric);
        };
    }
}
