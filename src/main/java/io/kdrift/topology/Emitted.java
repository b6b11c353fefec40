package io.kdrift.topology;

import io.kdrift.alert.AlertRecord;
import io.kdrift.drift.ScoreRecord;

/** What the drift processor sends on: a score record of a closed window, an alert change, an event it had to reject, or a late one. */
sealed interface Emitted {
    record Score(ScoreRecord score) implements Emitted {
    }

    record Alert(AlertRecord alert) implements Emitted {
    }

    record Rejected(Parsed rejected) implements Emitted {
    }

    record Late(Parsed late) implements Emitted {
    }

    static Emitted score(ScoreRecord s) {
        return new Score(s);
    }

    static Emitted alert(AlertRecord a) {
        return new Alert(a);
    }

    static Emitted rejected(Parsed p) {
        return new Rejected(p);
    }

    static Emitted late(Parsed p) {
        return new Late(p);
    }
}
