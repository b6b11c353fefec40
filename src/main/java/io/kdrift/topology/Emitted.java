package io.kdrift.topology;

import io.kdrift.alert.AlertRecord;
import io.kdrift.drift.ScoreRecord;

/** What the drift processor sends on: a score record of a closed window, an alert change, or an event it had to reject. */
record Emitted(ScoreRecord score, AlertRecord alert, Parsed rejected) {
    static Emitted score(ScoreRecord s) {
        return new Emitted(s, null, null);
    }

    static Emitted alert(AlertRecord a) {
        return new Emitted(null, a, null);
    }

    static Emitted rejected(Parsed p) {
        return new Emitted(null, null, p);
    }
}
