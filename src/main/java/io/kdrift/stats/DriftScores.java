package io.kdrift.stats;

/**
 * Scores of a current count vector against a reference one (docs/scores.md), in nats.
 *
 * @param bins bins kept after dropping those empty on both sides (k)
 * @param referenceCount total of the reference counts (soft counts for probabilities)
 * @param currentCount total of the current counts
 * @param gStatistic G statistic of the raw counts; pValue is its chi-square(k−1) survival
 */
public record DriftScores(
        int bins,
        double referenceCount,
        double currentCount,
        double kl,
        double klReverse,
        double crossEntropy,
        double referenceEntropy,
        double currentEntropy,
        double js,
        double psi,
        double gStatistic,
        double pValue) {
}
