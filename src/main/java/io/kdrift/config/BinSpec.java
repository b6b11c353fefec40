package io.kdrift.config;

import io.kdrift.stats.NumericBinning;
import java.util.List;
import java.util.Locale;

/**
 * Binning of one numeric signal (docs/how-it-works.md): {@code uniform} (min, max, bins), {@code edges} (explicit,
 * strictly increasing) or {@code quantile} (bins edges learned from the first {@code sample} values).
 */
public record BinSpec(String type, Integer bins, Double min, Double max, List<Double> edges, Integer sample) {
    public static final BinSpec DEFAULT_NUMERIC = new BinSpec("quantile", 10, null, null, null, 1000);
    public static final BinSpec DEFAULT_CONFIDENCE = new BinSpec("uniform", 10, 0.0, 1.0, null, null);

    public BinSpec {
        if (type == null) {
            throw new ConfigFieldException("type", "is required: uniform, edges or quantile");
        }
        type = type.toLowerCase(Locale.ROOT);
        switch (type) {
            case "uniform" -> {
                require("bins", bins);
                require("min", min);
                require("max", max);
                checkBins(bins);
                if (!(min < max)) {
                    throw new ConfigFieldException("max", "must be above min (" + min + "), got " + max);
                }
            }
            case "edges" -> {
                require("edges", edges);
                try {
                    NumericBinning.ofEdges(edges.stream().mapToDouble(Double::doubleValue).toArray());
                } catch (IllegalArgumentException e) {
                    throw new ConfigFieldException("edges", e.getMessage());
                }
            }
            case "quantile" -> {
                bins = bins == null ? 10 : bins;
                sample = sample == null ? 1000 : sample;
                checkBins(bins);
                if (sample < bins) {
                    throw new ConfigFieldException("sample", "must be at least bins (" + bins + "), got " + sample);
                }
            }
            default -> throw new ConfigFieldException("type", "\"" + type + "\" is not a binning type; use uniform, edges or quantile");
        }
    }

    private static void require(String field, Object value) {
        if (value == null) {
            throw new ConfigFieldException(field, "is required for this binning type");
        }
    }

    private static void checkBins(int bins) {
        if (bins < 1 || bins > 10_000) {
            throw new ConfigFieldException("bins", "must be between 1 and 10000, got " + bins);
        }
    }

    public boolean isQuantile() {
        return "quantile".equals(type);
    }

    /** The fixed binning of a uniform or edges spec; quantile binnings are learned, see {@link #bins()}. */
    public NumericBinning fixedBinning() {
        return switch (type) {
            case "uniform" -> NumericBinning.uniform(min, max, bins);
            case "edges" -> NumericBinning.ofEdges(edges.stream().mapToDouble(Double::doubleValue).toArray());
            default -> throw new IllegalStateException("quantile binning is learned, not fixed");
        };
    }
}
