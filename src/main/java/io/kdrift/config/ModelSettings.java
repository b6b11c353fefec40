package io.kdrift.config;

/** Per-model overrides: what is set here wins over the global setting for that model. */
public record ModelSettings(BinningSettings binning) {
    public ModelSettings {
        binning = binning == null ? BinningSettings.DEFAULT : binning;
    }
}
