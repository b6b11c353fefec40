package io.kdrift.topology;

import io.kdrift.drift.ModelVerdict;
import io.kdrift.drift.ScoreRecord;
import io.kdrift.performance.PerformanceRecord;
import java.util.Collection;

/** Told of every score record, verdict, performance record and alert change as they are emitted, and of models whose task left this instance (for metrics). */
public interface ScoreListener {
    ScoreListener NONE = new ScoreListener() {
        @Override
        public void onScore(ScoreRecord score) {
        }

        @Override
        public void onModelsReleased(Collection<String> models) {
        }
    };

    void onScore(ScoreRecord score);

    /** A model's verdict on a closed window. */
    default void onVerdict(ModelVerdict verdict) {
    }

    /** A window's final performance record (labels joined by id). */
    default void onPerformance(PerformanceRecord performance) {
    }

    /** An alert's state: on every firing and resolved record, and for alerts still firing when a task starts (after a restart or a move). */
    default void onAlertState(String model, String signal, String rule, String severity, boolean firing) {
    }

    /** The models of a task that this instance no longer processes (moved to another instance, or shut down). */
    void onModelsReleased(Collection<String> models);
}
