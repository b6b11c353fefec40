package io.kdrift.topology;

import io.kdrift.alert.AlertRecord;
import io.kdrift.drift.ScoreRecord;

/** What the drift processor sends on: a score record of a closed window, an alert change, an event it had to reject, or a late one. */
record Emitted(ScoreRecord score, AlertRecord alert, Parsed rejected, Parsed late) {
    static Emitted score(ScoreRecord s) {
        return new Emitted(s, null, null, null);
    }

    static Emitted alert(AlertRecord a) {
        return new Emitted(null, a, null, null);
    }

    static Emitted rejected(Parsed p) {
        return new Emitted(null, null, p, null);
    }

    static Emitted late(Parsed p) {
        return new Emitted(null, null, null, p);
    }
}
