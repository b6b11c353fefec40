package io.kdrift.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kdrift.event.WholeNumbers;
import io.kdrift.result.ScoreField;
import io.kdrift.result.ScoreRecord;
import io.kdrift.result.Signals;
import java.io.IOException;
import java.time.Instant;

/**
 * Writes score records as the JSON that docs/scores.md describes: fields in a fixed order, nulls written out, counts as
 * integers when they are whole, times as ISO-8601.
 */
public final class ScoreJson {
    private ScoreJson() {
    }

    public static byte[] toJson(ScoreRecord r) {
        return JsonObjects.write(g -> {
            g.writeStringField("model", r.model());
            g.writeStringField("signal", r.signal());
            g.writeStringField("windowStart", Instant.ofEpochMilli(r.windowStart()).toString());
            g.writeStringField("windowEnd", Instant.ofEpochMilli(r.windowEnd()).toString());
            g.writeStringField("status", r.status().id());
            g.writeNumberField("referenceWindows", r.referenceWindows());
            if (r.baselineVersion() != null) {
                g.writeStringField("baselineVersion", r.baselineVersion());
            }
            for (ScoreField f : ScoreField.values()) {
                write(g, f, r);
            }
            if (!r.topContributors().isEmpty()) {
                g.writeArrayFieldStart("topContributors");
                for (ScoreRecord.Contribution c : r.topContributors()) {
                    g.writeStartObject();
                    g.writeStringField("bin", c.bin());
                    g.writeNumberField("referenceShare", round(c.referenceShare()));
                    g.writeNumberField("currentShare", round(c.currentShare()));
                    g.writeNumberField("kl", c.kl());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (!r.distribution().isEmpty()) {
                // every bin not empty on both sides: what a report draws as reference vs current
                g.writeArrayFieldStart("distribution");
                for (ScoreRecord.BinShare b : r.distribution()) {
                    g.writeStartObject();
                    g.writeStringField("bin", b.bin());
                    g.writeNumberField("referenceShare", round(b.referenceShare()));
                    g.writeNumberField("currentShare", round(b.currentShare()));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
        });
    }

    /** A field as its {@link ScoreField.Json} says: whether it is written, and in which form. */
    private static void write(JsonGenerator g, ScoreField f, ScoreRecord r) throws IOException {
        String name = f.jsonName();
        switch (f.json()) {
            case COUNT -> count(g, name, f.value(r));
            case INTEGER -> {
                Double v = f.value(r);
                if (v == null) {
                    g.writeNullField(name);
                } else {
                    g.writeNumberField(name, v.intValue());
                }
            }
            case NUMBER -> number(g, name, f.value(r));
            case LOG_LOSS -> {
                if (r.logLoss() != null || Signals.LOG_LOSS.equals(r.signal())) {
                    number(g, name, f.value(r));
                }
            }
            case EVENTS -> {
                if (Signals.EVENTS.equals(r.signal())) {
                    number(g, name, f.value(r));
                }
            }
            case NONE -> {
            }
        }
    }

    /** Whole counts as integers; soft counts (sums of probabilities) to 6 decimals, which is all they mean. */
    private static void count(JsonGenerator g, String field, double v) throws IOException {
        double rounded = Math.round(v * 1e6) / 1e6;
        if (WholeNumbers.isWhole(rounded)) {
            g.writeNumberField(field, (long) rounded);
        } else {
            g.writeNumberField(field, rounded);
        }
    }

    /** Shares to 6 decimals: enough to read, short enough to scan. */
    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static void number(JsonGenerator g, String field, Double v) throws IOException {
        JsonObjects.number(g, field, v);
    }
}
