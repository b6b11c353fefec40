package io.kdrift.result;

import java.util.Locale;

/** The status of a score record (docs/scores.md). */
public enum ScoreStatus {
    /** Scored against a full reference with enough events on both sides. */
    OK,
    /** No reference yet: the divergence fields are null. */
    WARMING_UP,
    /** The current or reference count is below scoring.minCount: scored, but not to be alerted on. */
    INSUFFICIENT_DATA;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
