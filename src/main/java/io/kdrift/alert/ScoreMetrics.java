package io.kdrift.alert;

import io.kdrift.drift.ScoreField;
import io.kdrift.drift.ScoreRecord;

/** The value of a score field by name, as alert rules name them ({@link ScoreField}); null where the record has none. */
public final class ScoreMetrics {
    private ScoreMetrics() {
    }

    public static Double value(String metric, ScoreRecord r) {
        ScoreField f = ScoreField.byName(metric);
        if (f == null) {
            throw new IllegalArgumentException("unknown metric " + metric);
        }
        return f.value(r);
    }
}
