package io.kdrift.topology;

import io.kdrift.drift.ScoreRecord;
import java.util.Collection;

/** Told of every score record as it is emitted, and of models whose task left this instance (for metrics). */
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

    /** The models of a task that this instance no longer processes (moved to another instance, or shut down). */
    void onModelsReleased(Collection<String> models);
}
