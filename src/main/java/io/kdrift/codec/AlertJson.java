package io.kdrift.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kdrift.alert.AlertRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/** Alert records as JSON (docs/alerts.md), times in ISO-8601. */
public final class AlertJson {
    private AlertJson() {
    }

    public static byte[] toJson(AlertRecord a) {
        return JsonObjects.write(g -> {
            g.writeStringField("rule", a.rule());
            g.writeStringField("status", a.status());
            g.writeStringField("model", a.model());
            g.writeStringField("signal", a.signal());
            g.writeStringField("severity", a.severity());
            g.writeStringField("metric", a.metric());
            g.writeNumberField("value", a.value());
            g.writeNumberField("threshold", a.threshold());
            g.writeStringField("startsAt", Instant.ofEpochMilli(a.startsAt()).toString());
            if (a.endsAt() != null) {
                g.writeStringField("endsAt", Instant.ofEpochMilli(a.endsAt()).toString());
            }
            g.writeStringField("windowEnd", Instant.ofEpochMilli(a.windowEnd()).toString());
            g.writeStringField("fingerprint", a.fingerprint());
            g.writeBooleanField("referenceHeld", a.referenceHeld());
            writeMap(g, "labels", a.labels());
            writeMap(g, "annotations", a.annotations());
            g.writeArrayFieldStart("conditions");
            for (AlertRecord.ConditionValue c : a.conditions()) {
                g.writeStartObject();
                g.writeStringField("metric", c.metric());
                g.writeStringField("op", c.op());
                g.writeNumberField("threshold", c.threshold());
                g.writeNumberField("value", c.value());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private static void writeMap(JsonGenerator g, String field, Map<String, String> map) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(map).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
