package io.kdrift.drift;

import java.util.List;

/**
 * One score record (docs/scores.md): a model's signal in one closed window against the reference. Divergence
 * fields are null while warming up, and always for {@code log_loss}, which carries
 * {@code logLoss}/{@code referenceLogLoss} instead. {@code distribution} lists the bins not empty on
 * both sides (empty for {@code log_loss}). The {@code events} record counts the model's events per window;
 * its {@code volumeRatio} is the window's events over the reference's mean events per window.
 * {@code topContributors} names the (up to 3) bins that contribute most to {@code kl}: what moved.
 * {@code baselineVersion}: for a model whose reference is pinned, the version of the baseline compared with.
 */
public record ScoreRecord(
        String model,
        String signal,
        long windowStart,
        long windowEnd,
        ScoreStatus status,
        int referenceWindows,
        double referenceCount,
        double currentCount,
        Integer bins,
        Double kl,
        Double klReverse,
        Double crossEntropy,
        Double referenceEntropy,
        Double currentEntropy,
        Double js,
        Double psi,
        Double gStatistic,
        Double pValue,
        Double logLoss,
        Double referenceLogLoss,
        Double volumeRatio,
        List<BinShare> distribution,
        List<Contribution> topContributors,
        String baselineVersion) {

    /** A record of a model whose reference is not a pinned baseline. */
    public ScoreRecord(String model, String signal, long windowStart, long windowEnd, ScoreStatus status, int referenceWindows,
                       double referenceCount, double currentCount, Integer bins, Double kl, Double klReverse, Double crossEntropy,
                       Double referenceEntropy, Double currentEntropy, Double js, Double psi, Double gStatistic, Double pValue,
                       Double logLoss, Double referenceLogLoss, Double volumeRatio, List<BinShare> distribution,
                       List<Contribution> topContributors) {
        this(model, signal, windowStart, windowEnd, status, referenceWindows, referenceCount, currentCount, bins, kl, klReverse,
                crossEntropy, referenceEntropy, currentEntropy, js, psi, gStatistic, pValue, logLoss, referenceLogLoss, volumeRatio,
                distribution, topContributors, null);
    }

    /** The same record, compared with the pinned baseline of that version. */
    ScoreRecord withBaselineVersion(String version) {
        return new ScoreRecord(model, signal, windowStart, windowEnd, status, referenceWindows, referenceCount, currentCount, bins, kl,
                klReverse, crossEntropy, referenceEntropy, currentEntropy, js, psi, gStatistic, pValue, logLoss, referenceLogLoss,
                volumeRatio, distribution, topContributors, version);
    }

    /**
     * A bin among those that contribute most to KL(P‖Q): its shares of the reference and the current
     * window (raw counts) and its term p ln(p/q) of the smoothed divergence, in nats.
     */
    public record Contribution(String bin, double referenceShare, double currentShare, double kl) {
    }

    /**
     * One bin of the signal (a category, or a numeric range) with its share of the reference and of the
     * current window (raw counts, not smoothed): what a dashboard draws as the two distributions.
     */
    public record BinShare(String bin, double referenceShare, double currentShare) {
    }

    /** The output record key: {@code model/signal}. */
    public String key() {
        return model + "/" + signal;
    }
}
