package io.kdrift.config;

import java.util.Map;

/**
 * @param numeric binning of numeric signals that {@code signals} does not name (default: quantile, 10 bins,
 *                learned from the first 1000 values)
 * @param maxCategories categories kept per categorical signal before the rest count as __other__ (default 50)
 * @param signals binning per signal name ({@code prediction}, {@code confidence}, {@code feature.NAME})
 */
public record BinningSettings(BinSpec numeric, Integer maxCategories, Map<String, BinSpec> signals) {
    public static final BinningSettings DEFAULT = new BinningSettings(null, null, null);

    public BinningSettings {
        signals = signals == null ? Map.of() : Map.copyOf(signals);
        if (maxCategories != null && (maxCategories < 1 || maxCategories > 10_000)) {
            throw new ConfigFieldException("maxCategories", "must be between 1 and 10000, got " + maxCategories);
        }
    }
}
