package io.kdrift.config;

/**
 * @param mode rolling (default), fixed, or pinned (a published baseline; windows and minWindows do not apply)
 * @param windows N, the number of closed windows in the reference (default 12)
 * @param minWindows rolling mode: windows needed before scoring starts (default 1); fixed mode always
 *                   waits for all N
 */
public record ReferenceSettings(ReferenceMode mode, Integer windows, Integer minWindows) {
    public static final ReferenceSettings DEFAULT = new ReferenceSettings(null, null, null);

    public ReferenceSettings {
        mode = mode == null ? ReferenceMode.ROLLING : mode;
        windows = windows == null ? 12 : windows;
        minWindows = minWindows == null ? 1 : minWindows;
        if (windows < 1 || windows > 10_000) {
            throw new ConfigFieldException("windows", "must be between 1 and 10000, got " + windows);
        }
        if (minWindows < 1 || minWindows > windows) {
            throw new ConfigFieldException("minWindows", "must be between 1 and windows (" + windows + "), got " + minWindows);
        }
    }

    /** Closed windows needed in the reference before a window is scored. */
    public int windowsBeforeScoring() {
        return switch (mode) {
            case FIXED -> windows;
            case PINNED -> 1; // the baseline counts as the one reference window
            case ROLLING -> minWindows;
        };
    }
}
