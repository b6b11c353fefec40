package io.kdrift.result;

/** A window's (or a reference's) regression performance; null without a labelled prediction. See {@link RegressionCounts}. */
public record RegressionMetrics(long labelled, Double meanAbsoluteError, Double rootMeanSquaredError, Double meanError) {
}
