package io.kdrift.alert;

import io.kdrift.bytes.ShortHash;
import io.kdrift.config.ConditionSettings;
import io.kdrift.config.KdriftConfig;
import io.kdrift.config.RuleSettings;
import io.kdrift.drift.WindowScorer;
import io.kdrift.result.EstimatedPerformance;
import io.kdrift.result.MetricField;
import io.kdrift.result.ModelVerdict;
import io.kdrift.result.PerformanceField;
import io.kdrift.result.PerformanceRecord;
import io.kdrift.result.ScoreField;
import io.kdrift.result.ScoreRecord;
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
 *
 * <p>A closed window is judged whole ({@link #judge}): its score records, then its model's verdict; and the engine says
 * whether the window is to stay out of the model's reference, because a rule that holds it is firing or pending.
 */
public final class AlertEngine {
    private final List<AlertRule> rules;

    public AlertEngine(KdriftConfig config) {
        this.rules = config.alerts().rules().stream().map(AlertRule::new).toList();
    }

    public List<AlertRule> rules() {
        return rules;
    }

    /**
     * What a closed window changes: the alert records to emit (often none) and whether the window stays out of the
     * model's reference.
     */
    public record Judgement(List<AlertRecord> changes, boolean holdReference) {
    }

    /**
     * Judges a closed window: every score record, then the model's verdict. The window is held out of the reference
     * when a rule that holds the reference judged it and is, after it, firing or pending (breaching, not yet firing)
     * for one of the window's signals or for the model: a shift that lasts then keeps being compared with what came
     * before it, instead of becoming the reference and resolving its own alert.
     */
    public Judgement judge(ModelAlerts alerts, WindowScorer.Closed window) {
        List<AlertRecord> changes = new ArrayList<>(0);
        boolean[] hold = {false};
        Judge holding = (rule, r, s) -> hold[0] |= rule.settings().holdReference() && (s.firing || s.breachStreak > 0);
        for (ScoreRecord r : window.scores()) {
            changes.addAll(evaluate(alerts, Judged.of(r), holding));
        }
        changes.addAll(evaluate(alerts, Judged.of(window.verdict()), holding));
        return new Judgement(changes, hold[0]);
    }

    /**
     * Told of each (rule, record) the window was judged on, with the state after it. Only judged windows hold the
     * reference: a window too small to judge, or one that warms up after a re-baseline, enters it whatever fires.
     */
    @FunctionalInterface
    private interface Judge {
        void judged(AlertRule rule, Judged r, AlertState after);
    }

    /** Evaluates every drift rule that applies to the record's signal; returns the alert records to emit (often none). */
    public List<AlertRecord> evaluate(ModelAlerts alerts, ScoreRecord r) {
        return evaluate(alerts, Judged.of(r), (rule, judged, after) -> { });
    }

    /** Evaluates every performance rule that applies to the record's model, as its signal {@code performance}. */
    public List<AlertRecord> evaluate(ModelAlerts alerts, PerformanceRecord r) {
        return evaluate(alerts, Judged.of(r), (rule, judged, after) -> { });
    }

    /** Evaluates every rule on estimated fields that applies to the record's model, as its signal {@code performance}. */
    public List<AlertRecord> evaluate(ModelAlerts alerts, EstimatedPerformance r) {
        return evaluate(alerts, Judged.of(r), (rule, judged, after) -> { });
    }

    private List<AlertRecord> evaluate(ModelAlerts alerts, Judged r, Judge judge) {
        List<AlertRecord> out = new ArrayList<>(0);
        for (AlertRule rule : rules) {
            if (rule.settings().records() != r.records() || !rule.appliesTo(r.model(), r.signal()) || !rule.evaluable(r)) {
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
            judge.judged(rule, r, s);
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
                settings.labels(), annotations, values, settings.holdReference() && AlertRecord.FIRING.equals(status));
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

    static String render(String template, ModelVerdict v, MetricField<?> first) {
        return render(template, Judged.of(v), first);
    }

    private static String render(String template, Judged r, MetricField<?> first) {
        String out = template.replace("{{model}}", r.model()).replace("{{signal}}", r.signal());
        if (r.signals() != null) {
            out = out.replace("{{signals}}", r.signals());
        }
        out = out.replace("{{value}}", r.print(first));
        for (MetricField<?> f : r.records().fields()) {
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
