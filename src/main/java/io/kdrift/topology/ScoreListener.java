package io.kdrift.topology;

import io.kdrift.drift.ScoreRecord;
import java.util.Collection;

/** Told of every score record and alert change as they are emitted, and of models whose task left this instance (for metrics). */
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

    /** An alert's state: on every firing and resolved record, and for alerts still firing when a task starts (after a restart or a move). */
    default void onAlertState(String model, String signal, String rule, String severity, boolean firing) {
    }

    /** The models of a task that this instance no longer processes (moved to another instance, or shut down). */
    void onModelsReleased(Collection<String> models);
}
