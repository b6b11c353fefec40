package io.kdrift.drift;

/**
 * One score record (SPEC §3): a model's signal in one closed window against the reference. Divergence
 * fields are null while warming up, and always for {@code log_loss}, which carries
 * {@code logLoss}/{@code referenceLogLoss} instead.
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
        Double referenceLogLoss) {

    /** The output record key: {@code model/signal}. */
    public String key() {
        return model + "/" + signal;
    }
}
