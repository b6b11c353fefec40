package io.kdrift.topology;

import io.kdrift.alert.AlertRecord;
import io.kdrift.result.EstimatedPerformance;
import io.kdrift.result.ModelVerdict;
import io.kdrift.result.PerformanceRecord;
import io.kdrift.result.ScoreRecord;
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

    /** Every one of the listeners is told of everything, in order. */
    static ScoreListener all(ScoreListener... listeners) {
        return new ScoreListener() {
            @Override
            public void onScore(ScoreRecord score) {
                for (ScoreListener l : listeners) {
                    l.onScore(score);
                }
            }

            @Override
            public void onVerdict(ModelVerdict verdict) {
                for (ScoreListener l : listeners) {
                    l.onVerdict(verdict);
                }
            }

            @Override
            public void onPerformance(PerformanceRecord performance) {
                for (ScoreListener l : listeners) {
                    l.onPerformance(performance);
                }
            }

            @Override
            public void onEstimate(EstimatedPerformance estimate) {
                for (ScoreListener l : listeners) {
                    l.onEstimate(estimate);
                }
            }

            @Override
            public void onAlertState(String model, String signal, String rule, String severity, boolean firing) {
                for (ScoreListener l : listeners) {
                    l.onAlertState(model, signal, rule, severity, firing);
                }
            }

            @Override
            public void onAlert(AlertRecord alert) {
                for (ScoreListener l : listeners) {
                    l.onAlert(alert);
                }
            }

            @Override
            public void onModelsReleased(Collection<String> models) {
                for (ScoreListener l : listeners) {
                    l.onModelsReleased(models);
                }
            }
        };
    }

    void onScore(ScoreRecord score);

    /** A model's verdict on a closed window. */
    default void onVerdict(ModelVerdict verdict) {
    }

    /** A window's final performance record (labels joined by id). */
    default void onPerformance(PerformanceRecord performance) {
    }

    /** An alert's state: on every firing and resolved record, and for alerts still firing when a task starts (after a restart or a move). */
    /** A window's performance estimated when it closed, before its labels. */
    default void onEstimate(EstimatedPerformance estimate) {
    }

    default void onAlertState(String model, String signal, String rule, String severity, boolean firing) {
    }

    /** An alert record as it is emitted (firing or resolved), after {@link #onAlertState} for it. */
    default void onAlert(AlertRecord alert) {
    }

    /** The models of a task that this instance no longer processes (moved to another instance, or shut down). */
    void onModelsReleased(Collection<String> models);
}
