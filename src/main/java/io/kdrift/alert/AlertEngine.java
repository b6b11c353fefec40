package io.kdrift.alert;

import io.kdrift.bytes.ShortHash;
import io.kdrift.config.ConditionSettings;
import io.kdrift.config.KdriftConfig;
import io.kdrift.config.RuleSettings;
import io.kdrift.drift.ScoreField;
import io.kdrift.drift.MetricField;
import io.kdrift.drift.ScoreRecord;
import io.kdrift.performance.PerformanceField;
import io.kdrift.performance.PerformanceRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the alert rules on each score record (rules on performance fields on each performance record): a
 * state machine per (model, signal, rule) with hysteresis. A rule fires after {@code forWindows} consecutive breaching windows and resolves after
 * {@code resolveWindows} consecutive clean ones; an alert record is emitted only on those two changes.
 * Windows the rule cannot judge (status not ok, fewer than minCount events) change nothing.
 */
public final class AlertEngine {
    private final List<AlertRule> rules;

    public AlertEngine(KdriftConfig config) {
        this.rules = config.alerts().rules().stream().map(AlertRule::new).toList();
    }

    public List<AlertRule> rules() {
        return rules;
    }

    /** Evaluates every drift rule that applies to the record's signal; returns the alert records to emit (often none). */
    public List<AlertRecord> evaluate(ModelAlerts alerts, ScoreRecord r) {
        return evaluate(alerts, Judged.of(r));
    }

    /** Evaluates every performance rule that applies to the record's model, as its signal {@code performance}. */
    public List<AlertRecord> evaluate(ModelAlerts alerts, PerformanceRecord r) {
        return evaluate(alerts, Judged.of(r));
    }

    private List<AlertRecord> evaluate(ModelAlerts alerts, Judged r) {
        List<AlertRecord> out = new ArrayList<>(0);
        for (AlertRule rule : rules) {
            if (rule.settings().judgesPerformance() != r.performance() || !rule.appliesTo(r.model(), r.signal()) || !rule.evaluable(r)) {
                continue;
            }
            AlertState s = alerts.state(r.signal(), rule.name());
            RuleSettings settings = rule.settings();
            if (rule.breached(r)) {
                s.breachStreak++;
                s.cleanStreak = 0;
                if (!s.firing && s.breachStreak >= settings.forWindows()) {
                    s.firing = true;
                    s.startsAt = r.windowEnd();
                    out.add(record(rule, r, s, AlertRecord.FIRING, null));
                }
            } else {
                s.cleanStreak++;
                s.breachStreak = 0;
                if (s.firing && s.cleanStreak >= settings.resolveWindows()) {
                    s.firing = false;
                    out.add(record(rule, r, s, AlertRecord.RESOLVED, r.windowEnd()));
                }
            }
        }
        return out;
    }

    private static AlertRecord record(AlertRule rule, Judged r, AlertState s, String status, Long endsAt) {
        RuleSettings settings = rule.settings();
        List<AlertRecord.ConditionValue> values = new ArrayList<>();
        for (ConditionSettings c : settings.conditions()) {
            values.add(new AlertRecord.ConditionValue(c.metric(), c.isAbove() ? "above" : "below", c.threshold(), r.value().apply(c.metric())));
        }
        ConditionSettings first = settings.conditions().get(0);
        double value = values.get(0).value();
        Map<String, String> annotations = new LinkedHashMap<>();
        settings.annotations().forEach((k, v) -> annotations.put(k, render(v, r, first.field())));
        return new AlertRecord(settings.name(), status, r.model(), r.signal(), settings.severity(), first.metric(), value,
                first.threshold(), s.startsAt, endsAt, r.windowEnd(), fingerprint(settings.name(), r.model(), r.signal()),
                settings.labels(), annotations, values);
    }

    /**
     * Fills {{model}}, {{signal}}, {{value}} (the first condition's field) and {{field}} for every field of the
     * record ({@link ScoreField}, {@link PerformanceField}), printed as the generated Prometheus rules print them
     * (Go's printf), "n/a" where the record has no value.
     */
    static String render(String template, ScoreRecord r, ScoreField first) {
        return render(template, Judged.of(r), first);
    }

    static String render(String template, PerformanceRecord r, PerformanceField first) {
        return render(template, Judged.of(r), first);
    }

    private static String render(String template, Judged r, MetricField<?> first) {
        String out = template.replace("{{model}}", r.model()).replace("{{signal}}", r.signal());
        out = out.replace("{{value}}", r.print(first));
        for (MetricField<?> f : r.fields()) {
            String placeholder = "{{" + f.jsonName() + "}}";
            if (out.contains(placeholder)) {
                out = out.replace(placeholder, r.print(f));
            }
        }
        return out;
    }

    /** Stable across restarts and instances: the first 16 hex digits of SHA-256(rule, model, signal). */
    public static String fingerprint(String rule, String model, String signal) {
        return ShortHash.of((rule + "\u0000" + model + "\u0000" + signal).getBytes(StandardCharsets.UTF_8));
    }
}
