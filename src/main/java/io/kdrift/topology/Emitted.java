package io.kdrift.topology;

import io.kdrift.alert.AlertRecord;
import io.kdrift.result.EstimatedPerformance;
import io.kdrift.result.ModelVerdict;
import io.kdrift.result.PerformanceRecord;
import io.kdrift.result.ScoreRecord;

/**
 * What the drift processor sends on: a score record of a closed window, a model's verdict, an alert change, an event it had to reject, a late one,
 * or a window's performance.
 */
sealed interface Emitted {
    record Score(ScoreRecord score) implements Emitted {
    }

    record Alert(AlertRecord alert) implements Emitted {
    }

    record Rejected(Parsed rejected) implements Emitted {
    }

    record Late(Parsed late) implements Emitted {
    }

    /** A model's final performance in a window (labels joined). */
    record Performance(PerformanceRecord performance) implements Emitted {
    }

    /** A model's performance in a window estimated when it closed, before its labels. */
    record Estimate(EstimatedPerformance estimate) implements Emitted {
    }

    /** A model's verdict on a closed window (its signals tested together). */
    record Verdict(ModelVerdict verdict) implements Emitted {
    }

    static Emitted verdict(ModelVerdict v) {
        return new Verdict(v);
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

    static Emitted performance(PerformanceRecord p) {
        return new Performance(p);
    }

    static Emitted estimate(EstimatedPerformance e) {
        return new Estimate(e);
    }

    static Emitted late(Parsed p) {
        return new Late(p);
    }
}
