package io.kdrift.result;

import io.kdrift.stats.DriftScores;
import java.util.List;

/**
 * One score record (docs/scores.md): a model's signal in one closed window against the reference. Every record
 * has the window, its status and the counts of reference and current window; what else it holds depends on its
 * kind, made by one factory each:
 * <ul>
 *   <li>{@link #scored}: a signal scored against its reference: its divergences ({@link DriftScores}), the distribution of the bins
 *       not empty on both sides and the (up to 3) {@code topContributors} to {@code kl}, what moved;</li>
 *   <li>{@link #warmingUp}: a signal not scored yet (reference still filling, quantile edges still learned,
 *       no reference in a pinned baseline): counts and distribution only;</li>
 *   <li>{@link #logLoss}: the {@code log_loss} record, with {@link LogLoss} of window and reference;</li>
 *   <li>{@link #events}: the {@code events} record, whose {@code volumeRatio} is the window's events over the
 *       reference's mean events per window (none for a pinned baseline, which says nothing of traffic per window).</li>
 * </ul>
 * {@code baselineVersion}: for a model whose reference is pinned, the version of the baseline compared with.
 *
 * @param divergences null unless the signal was scored (its own counts are those of the record)
 * @param logLoss     null unless this is the {@code log_loss} record
 * @param volumeRatio null unless this is the {@code events} record of a model with a volume to compare with
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
        DriftScores divergences,
        LogLoss logLoss,
        Double volumeRatio,
        List<BinShare> distribution,
        List<Contribution> topContributors,
        String baselineVersion) {

    /** A signal scored against its reference. */
    public static ScoreRecord scored(String model, String signal, long windowStart, long windowEnd, ScoreStatus status, int referenceWindows,
                                     double referenceCount, double currentCount, DriftScores scores, List<BinShare> distribution,
                                     List<Contribution> topContributors) {
        return new ScoreRecord(model, signal, windowStart, windowEnd, status, referenceWindows, referenceCount, currentCount,
                scores, null, null, distribution, topContributors, null);
    }

    /** A signal not scored yet: its counts and, where its bins are known, its distribution. */
    public static ScoreRecord warmingUp(String model, String signal, long windowStart, long windowEnd, int referenceWindows,
                                        double referenceCount, double currentCount, List<BinShare> distribution) {
        return new ScoreRecord(model, signal, windowStart, windowEnd, ScoreStatus.WARMING_UP, referenceWindows, referenceCount, currentCount,
                null, null, null, distribution, List.of(), null);
    }

    /** The {@code log_loss} record: labelled events with probabilities in the reference and the window, and their mean log loss. */
    public static ScoreRecord logLoss(String model, long windowStart, long windowEnd, ScoreStatus status, int referenceWindows,
                                      double referenceCount, double currentCount, LogLoss logLoss) {
        return new ScoreRecord(model, Signals.LOG_LOSS, windowStart, windowEnd, status, referenceWindows, referenceCount, currentCount,
                null, logLoss, null, List.of(), List.of(), null);
    }

    /** The {@code events} record: the model's events in the reference and the window, and their ratio (or null). */
    public static ScoreRecord events(String model, long windowStart, long windowEnd, ScoreStatus status, int referenceWindows,
                                     double referenceEvents, double events, Double volumeRatio) {
        return new ScoreRecord(model, Signals.EVENTS, windowStart, windowEnd, status, referenceWindows, referenceEvents, events,
                null, null, volumeRatio, List.of(), List.of(), null);
    }

    /** The same record, compared with the pinned baseline of that version. */
    public ScoreRecord withBaselineVersion(String version) {
        return new ScoreRecord(model, signal, windowStart, windowEnd, status, referenceWindows, referenceCount, currentCount, divergences,
                logLoss, volumeRatio, distribution, topContributors, version);
    }

    /** The same record without its per-bin lists (distribution, top contributors): its scores over time need only the numbers. */
    public ScoreRecord withoutBins() {
        return distribution.isEmpty() && topContributors.isEmpty() ? this : new ScoreRecord(model, signal, windowStart, windowEnd, status,
                referenceWindows, referenceCount, currentCount, divergences, logLoss, volumeRatio, List.of(), List.of(), baselineVersion);
    }

    /**
     * Mean log loss −ln p[label], in nats.
     *
     * @param current   of the window; null without a labelled event with probabilities
     * @param reference of the reference; null while it warms up or without such events
     */
    public record LogLoss(Double current, Double reference) {
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
