package io.kdrift.alert;

import io.kdrift.drift.MetricField;
import io.kdrift.drift.ScoreField;
import io.kdrift.drift.ScoreRecord;
import io.kdrift.drift.ScoreStatus;
import io.kdrift.drift.Signals;
import io.kdrift.performance.PerformanceField;
import io.kdrift.performance.PerformanceRecord;
import java.util.List;
import java.util.function.Function;

/**
 * What an alert rule reads of a record it judges, a score record or a performance record (judged as the signal
 * {@code performance} of its model): its key, whether its window can be judged, and its fields by name.
 *
 * @param ok          the status is ok (not warming up, enough data)
 * @param performance a performance record: only rules on performance fields judge it, and only they
 * @param fields      the record's fields, for placeholders
 */
record Judged(String model, String signal, long windowEnd, boolean ok, double currentCount, double referenceCount, boolean performance,
              Function<String, Double> value, List<? extends MetricField<?>> fields) {

    static Judged of(ScoreRecord r) {
        return new Judged(r.model(), r.signal(), r.windowEnd(), r.status() == ScoreStatus.OK, r.currentCount(), r.referenceCount(), false,
                name -> {
                    ScoreField f = ScoreField.byName(name);
                    return f == null ? null : f.value(r);
                }, List.of(ScoreField.values()));
    }

    /** Counts are labelled predictions, of the window and of its reference. */
    static Judged of(PerformanceRecord r) {
        return new Judged(r.model(), Signals.PERFORMANCE, r.windowEnd(), r.status() == ScoreStatus.OK, r.labelled(), r.referenceLabelled(),
                true, name -> {
                    PerformanceField f = PerformanceField.byName(name);
                    return f == null ? null : f.value(r);
                }, List.of(PerformanceField.values()));
    }

    /** The field's value as a placeholder prints it; "n/a" where the record has none. */
    String print(MetricField<?> f) {
        Double v = value.apply(f.jsonName());
        return v == null || v.isNaN() ? "n/a" : f.print().format(v);
    }
}
