package io.kdrift.result;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The records an alert rule judges, named by the fields its conditions read: score records (per signal), model
 * verdicts (as the model's signal {@code model}), performance records (as its signal {@code performance}) or
 * estimated-performance records (as its signal {@code performance} too, by rules on {@code estimated.*} fields). One
 * definition for the configuration, the alert engine and the generated Prometheus rules.
 */
public enum JudgedRecords {
    SCORES(List.of(ScoreField.values())),
    VERDICTS(List.of(VerdictField.values())),
    PERFORMANCE(List.of(PerformanceField.values())),
    ESTIMATES(List.of(EstimateField.values()));

    private final List<? extends MetricField<?>> fields;

    JudgedRecords(List<? extends MetricField<?>> fields) {
        this.fields = fields;
    }

    /** The fields of these records: what conditions and placeholders may name. */
    public List<? extends MetricField<?>> fields() {
        return fields;
    }

    private static final Map<String, JudgedRecords> BY_FIELD = new HashMap<>();

    static {
        for (JudgedRecords r : values()) {
            r.fields.forEach(f -> BY_FIELD.put(f.jsonName(), r));
        }
    }

    /** The records with a field of this name, or null. */
    public static JudgedRecords of(String field) {
        return BY_FIELD.get(field);
    }
}
