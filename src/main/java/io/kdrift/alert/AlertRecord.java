package io.kdrift.alert;

import java.util.List;
import java.util.Map;

/**
 * An alert record (docs/alerts.md), emitted once when an alert starts firing and once when it resolves.
 *
 * @param value the value of the first condition's metric in the window that changed the status
 * @param endsAt for resolved alerts, the end of the window that resolved it; else null
 * @param conditions every condition with its value in that window
 * @param referenceHeld true on a firing record of a rule that holds the model's reference (its windows stay out of
 *                      the reference while the alert fires, so a lasting shift keeps firing); false otherwise
 */
public record AlertRecord(String rule, String status, String model, String signal, String severity, String metric,
                          double value, double threshold, long startsAt, Long endsAt, long windowEnd, String fingerprint,
                          Map<String, String> labels, Map<String, String> annotations, List<ConditionValue> conditions,
                          boolean referenceHeld) {
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    /** One condition of the rule and its value. */
    public record ConditionValue(String metric, String op, double threshold, double value) {
    }

    /** The record key on the alert topic: {@code model/signal/rule}. */
    public String key() {
        return model + "/" + signal + "/" + rule;
    }
}
