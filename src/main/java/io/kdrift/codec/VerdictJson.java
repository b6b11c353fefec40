package io.kdrift.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kdrift.result.ModelVerdict;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Model verdicts as JSON (docs/scores.md, "Model verdicts"), times in ISO-8601. */
public final class VerdictJson {
    private VerdictJson() {
    }

    public static byte[] toJson(ModelVerdict v) {
        return JsonObjects.write(g -> {
            g.writeStringField("model", v.model());
            g.writeStringField("windowStart", Instant.ofEpochMilli(v.windowStart()).toString());
            g.writeStringField("windowEnd", Instant.ofEpochMilli(v.windowEnd()).toString());
            g.writeStringField("status", v.status().id());
            g.writeNumberField("events", v.events());
            g.writeNumberField("signalsTested", v.signalsTested());
            g.writeNumberField("signalsDrifted", v.signalsDrifted());
            JsonObjects.number(g, "driftShare", v.driftShare());
            g.writeNumberField("familyWiseLevel", v.familyWiseLevel());
            tests(g, "drifted", v.drifted());
            tests(g, "top", v.top());
            g.writeNumberField("referenceHeldWindows", v.referenceHeldWindows());
            if (v.referenceHeldSince() == null) {
                g.writeNullField("referenceHeldSince");
            } else {
                g.writeStringField("referenceHeldSince", Instant.ofEpochMilli(v.referenceHeldSince()).toString());
            }
        });
    }

    private static void tests(JsonGenerator g, String field, List<ModelVerdict.SignalTest> tests) throws IOException {
        g.writeArrayFieldStart(field);
        for (ModelVerdict.SignalTest t : tests) {
            g.writeStartObject();
            g.writeStringField("signal", t.signal());
            g.writeNumberField("pValue", t.pValue());
            g.writeNumberField("adjustedPValue", t.adjustedPValue());
            g.writeNumberField("psi", t.psi());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
