package io.kdrift.config;

/**
 * Per-model overrides: what is set here wins over the global setting for that model.
 *
 * @param reference the model's own reference settings (e.g. {@code mode: pinned} for one model); null: the global ones
 */
public record ModelSettings(BinningSettings binning, ReferenceSettings reference) {
    public ModelSettings {
        binning = binning == null ? BinningSettings.DEFAULT : binning;
    }
}
