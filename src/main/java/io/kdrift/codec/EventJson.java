package io.kdrift.codec;

import io.kdrift.event.FeatureValue;
import io.kdrift.event.PredictionEvent;

/**
 * A prediction event in kdrift's own shape (README "What goes in"): how an event read from another shape travels
 * through kdrift's repartition topic, to be parsed again as if it had been sent so. Parsing the bytes gives the same
 * event: doubles are written in their shortest round-trip form, times in epoch milliseconds.
 */
public final class EventJson {
    /** Reads back what {@link #toJson} wrote (and kdrift accepted before): within no tighter limits than the value's own. */
    private static final EventParser TRUSTED = new EventParser(new io.kdrift.event.EventLimits(Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE, 64));

    private EventJson() {
    }

    /** The event {@link #toJson} wrote; an exception if these are not such bytes (state kdrift wrote itself). */
    public static PredictionEvent fromJson(byte[] json) {
        io.kdrift.event.ParseResult r = TRUSTED.parseHalf(json, -1); // a waiting request may name no model
        if (!r.isAccepted()) {
            throw new IllegalStateException("not an event kdrift wrote: " + r.rejection());
        }
        return r.event();
    }

    public static byte[] toJson(PredictionEvent e) {
        return JsonObjects.write(g -> {
            if (e.model() != null) { // a request to be joined by id, whose response names the model
                g.writeStringField("model", e.model());
            }
            if (e.id() != null) {
                g.writeStringField("id", e.id());
            }
            g.writeNumberField("timestamp", e.timestamp());
            if (e.hasPrediction()) {
                if (e.predictionIsCategory()) {
                    g.writeStringField("prediction", e.predictionCategory());
                } else {
                    g.writeNumberField("prediction", e.predictionNumber());
                }
            }
            if (e.hasProbabilities()) {
                g.writeObjectFieldStart("probabilities");
                for (int i = 0; i < e.classCount(); i++) {
                    g.writeNumberField(e.className(i), e.probability(i));
                }
                g.writeEndObject();
            }
            if (e.featureCount() > 0) {
                g.writeObjectFieldStart("features");
                for (int i = 0; i < e.featureCount(); i++) {
                    FeatureValue kind = e.featureKind(i);
                    if (kind == FeatureValue.NUMBER) {
                        g.writeNumberField(e.featureName(i), e.featureNumber(i));
                    } else if (kind == FeatureValue.CATEGORY) {
                        g.writeStringField(e.featureName(i), e.featureCategory(i));
                    } else {
                        g.writeNullField(e.featureName(i));
                    }
                }
                g.writeEndObject();
            }
            if (e.label() != null) {
                g.writeStringField("label", e.label());
            }
        });
    }
}
