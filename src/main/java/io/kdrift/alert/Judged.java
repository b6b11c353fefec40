package io.kdrift.alert;

import io.kdrift.result.EstimateField;
import io.kdrift.result.EstimatedPerformance;
import io.kdrift.result.JudgedRecords;
import io.kdrift.result.MetricField;
import io.kdrift.result.ModelVerdict;
import io.kdrift.result.PerformanceField;
import io.kdrift.result.PerformanceRecord;
import io.kdrift.result.ScoreField;
import io.kdrift.result.ScoreRecord;
import io.kdrift.result.ScoreStatus;
import io.kdrift.result.Signals;
import io.kdrift.result.VerdictField;
import java.util.function.Function;

/**
 * What an alert rule reads of a record it judges, a score record or a performance record (judged as the signal
 * {@code performance} of its model): its key, whether its window can be judged, and its fields by name.
 *
 * @param ok          the status is ok (not warming up, enough data)
 * @param records     which records these are: only rules on their fields judge them, and only they
 * @param fields      the record's fields, for placeholders
 * @param signals     a verdict's drifted signals in name order, comma-separated (the placeholder {{signals}}); else null
 */
record Judged(String model, String signal, long windowEnd, boolean ok, double currentCount, double referenceCount, JudgedRecords records,
              Function<String, Double> value, String signals) {

    static Judged of(ScoreRecord r) {
        return new Judged(r.model(), r.signal(), r.windowEnd(), r.status() == ScoreStatus.OK, r.currentCount(), r.referenceCount(),
                JudgedRecords.SCORES, name -> {
                    ScoreField f = ScoreField.byName(name);
                    return f == null ? null : f.value(r);
                }, null);
    }

    /** Judged as the model's signal {@code model}; its count is the window's events (signals were tested from scoring.minCount a side). */
    static Judged of(ModelVerdict v) {
        String signals = String.join(", ", v.drifted().stream().map(ModelVerdict.SignalTest::signal).sorted().toList());
        return new Judged(v.model(), ModelVerdict.SIGNAL, v.windowEnd(), v.status() == ScoreStatus.OK, v.events(), Double.POSITIVE_INFINITY,
                JudgedRecords.VERDICTS, name -> {
                    VerdictField f = VerdictField.byName(name);
                    return f == null ? null : f.value(v);
                }, signals.isEmpty() ? "none" : signals);
    }

    /** Counts are labelled predictions, of the window and of its reference. */
    static Judged of(PerformanceRecord r) {
        return new Judged(r.model(), Signals.PERFORMANCE, r.windowEnd(), r.status() == ScoreStatus.OK, r.labelled(), r.referenceLabelled(),
                JudgedRecords.PERFORMANCE, name -> {
                    PerformanceField f = PerformanceField.byName(name);
                    return f == null ? null : f.value(r);
                }, null);
    }

    /** Counts are the window's predictions with probabilities and the reference's labelled ones the calibration map learned from. */
    static Judged of(EstimatedPerformance r) {
        return new Judged(r.model(), Signals.PERFORMANCE, r.windowEnd(), r.status() == ScoreStatus.OK, r.predictions(), r.calibrationLabelled(),
                JudgedRecords.ESTIMATES, name -> {
                    EstimateField f = EstimateField.byName(name);
                    return f == null ? null : f.value(r);
                }, null);
    }

    /** The field's value as a placeholder prints it; "n/a" where the record has none. */
    String print(MetricField<?> f) {
        Double v = value.apply(f.jsonName());
        return v == null || v.isNaN() ? "n/a" : f.print().format(v);
    }
}
