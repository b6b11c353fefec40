package io.kdrift.drift;

import java.util.List;

/**
 * A pinned reference for one model: per signal, its bins (numeric edges or categories) and the counts of
 * a baseline data set (e.g. the model's validation predictions), built by {@code kdrift baseline}. A model
 * whose reference mode is {@code pinned} compares each window with it, binned with its edges.
 *
 * @param version identifies the content; a model switches to a baseline with another version at its next window
 * @param createdAt when it was built (ISO-8601), for people; not compared
 * @param events events of the model in the baseline data set
 * @param logLossSum sum of the per-event log loss (events with both probabilities and a label)
 * @param logLossCount the events counted in {@code logLossSum}
 */
public record Baseline(String model, String version, String createdAt, long events, double logLossSum, long logLossCount,
                       List<Signal> signals) {

    public Baseline {
        signals = List.copyOf(signals);
    }

    /**
     * One signal of the baseline.
     *
     * @param edges numeric signals: the bin edges; null for categorical ones
     * @param categories categorical signals: the categories in bin order (without __missing__ and __other__)
     * @param counts in the layout of the signal's bins: numeric [missing, underflow, bins..., overflow];
     *               categorical [__missing__, __other__, categories...]
     */
    public record Signal(String name, SignalKind kind, double[] edges, List<String> categories, double[] counts) {
        public Signal {
            categories = categories == null ? null : List.copyOf(categories);
        }
    }
}
