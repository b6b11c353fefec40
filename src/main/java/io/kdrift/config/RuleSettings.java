package io.kdrift.config;

import io.kdrift.result.JudgedRecords;
import java.util.List;
import java.util.Map;

/**
 * An alert rule (docs/alerts.md): it breaches on a window when all its conditions hold; it fires after
 * {@code forWindows} consecutive breaching windows and resolves after {@code resolveWindows} consecutive
 * clean ones. Windows that are not {@code ok} or have fewer than {@code minCount} events on either side
 * are not evaluated: they neither fire nor resolve. A rule whose conditions read performance fields judges the
 * performance records of each model (as its signal {@code performance}; {@code minCount} is then of labelled predictions);
 * one whose conditions read verdict fields judges each model's verdicts (as its signal {@code model}; {@code minCount} is
 * then of the window's events).
 *
 * @param holdReference while the rule fires or is pending for a signal of a model, the model's windows stay out of its
 *                      reference, so that a lasting shift keeps firing (docs/alerts.md); default true, and only rules on
 *                      score fields or verdicts can hold (a performance reference is not learned from drift windows)
 */
public record RuleSettings(String name, String severity, List<ConditionSettings> conditions, Long minCount,
                           Integer forWindows, Integer resolveWindows, List<String> models, List<String> signals,
                           Map<String, String> labels, Map<String, String> annotations, Boolean holdReference) {
    public RuleSettings {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]{0,99}")) {
            throw new ConfigFieldException("name", "is required: letters, digits and _, starting with a letter (it becomes a Prometheus alert name)");
        }
        severity = severity == null ? "warning" : severity;
        if (!List.of("info", "warning", "critical").contains(severity)) {
            throw new ConfigFieldException("severity", "\"" + severity + "\" is not one of info, warning, critical");
        }
        if (conditions == null || conditions.isEmpty()) {
            throw new ConfigFieldException("conditions", "needs at least one condition");
        }
        conditions = List.copyOf(conditions);
        if (conditions.stream().map(ConditionSettings::records).distinct().count() > 1) {
            throw new ConfigFieldException("conditions", "mixes fields of score records, performance records and model verdicts: "
                    + "a rule judges one kind of record");
        }
        boolean performance = conditions.get(0).records() == JudgedRecords.PERFORMANCE || conditions.get(0).records() == JudgedRecords.ESTIMATES;
        if (Boolean.TRUE.equals(holdReference) && performance) {
            throw new ConfigFieldException("holdReference", "applies to rules on score fields or verdicts: "
                    + "a performance rule cannot hold the drift reference");
        }
        holdReference = holdReference == null ? !performance : holdReference;
        minCount = minCount == null ? 100L : minCount;
        forWindows = forWindows == null ? 1 : forWindows;
        resolveWindows = resolveWindows == null ? 1 : resolveWindows;
        if (minCount < 0) {
            throw new ConfigFieldException("minCount", "must not be negative");
        }
        if (forWindows < 1 || forWindows > 1000) {
            throw new ConfigFieldException("forWindows", "must be between 1 and 1000, got " + forWindows);
        }
        if (resolveWindows < 1 || resolveWindows > 1000) {
            throw new ConfigFieldException("resolveWindows", "must be between 1 and 1000, got " + resolveWindows);
        }
        models = models == null ? List.of("*") : List.copyOf(models);
        signals = signals == null ? List.of("*") : List.copyOf(signals);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** The records the rule judges: those whose fields its conditions read. */
    public JudgedRecords records() {
        return conditions.get(0).records();
    }
}
