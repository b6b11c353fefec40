package io.kdrift.result;

import io.kdrift.result.ScoreField.Print;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The numeric fields of a model verdict ({@link ModelVerdict}), once, as {@link ScoreField} is for score records: the
 * name alert conditions and placeholders use (the field's name in the verdict's JSON), the value, and the gauge that
 * exports it (label {@code model}). A rule whose conditions read these judges each model's verdicts, as the model's
 * signal {@code model}.
 */
public enum VerdictField implements ModelGaugeField<ModelVerdict> {
    SIGNALS_TESTED("signalsTested", "kdrift.model.signals", "kind", "tested", Print.WHOLE,
            "Signals of the model in its last verdict: tested (kind=tested: status ok), drifted after Holm's correction (kind=drifted)",
            v -> (double) v.signalsTested()),
    SIGNALS_DRIFTED("signalsDrifted", "kdrift.model.signals", "kind", "drifted", Print.WHOLE, SIGNALS_TESTED.help(),
            v -> (double) v.signalsDrifted()),
    DRIFT_SHARE("driftShare", "kdrift.model.drift.share", null, null, Print.G3,
            "Share of the model's tested signals that drifted in its last verdict", ModelVerdict::driftShare),
    EVENTS("events", "kdrift.model.events", null, null, Print.WHOLE, "Events of the model in the window of its last verdict",
            v -> (double) v.events()),
    REFERENCE_HELD_WINDOWS("referenceHeldWindows", "kdrift.reference.held.windows", null, null, Print.WHOLE,
            "Closed windows kept out of the model's reference while a drift alert of it fires or is pending (0: the reference learns)",
            v -> (double) v.referenceHeldWindows());

    private static final Map<String, VerdictField> BY_NAME = new LinkedHashMap<>();

    static {
        for (VerdictField f : values()) {
            BY_NAME.put(f.jsonName(), f);
        }
    }

    private final Definition<ModelVerdict> definition;

    VerdictField(String jsonName, String gauge, String tagKey, String tagValue, Print print, String help, Function<ModelVerdict, Double> value) {
        this.definition = new Definition<>(jsonName, gauge, tagKey, tagValue, print, help, value);
    }

    /** The field of this name, or null. */
    public static VerdictField byName(String name) {
        return BY_NAME.get(name);
    }

    /** Every field name, in declaration order. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(BY_NAME.keySet());
    }

    @Override
    public Definition<ModelVerdict> definition() {
        return definition;
    }
}
