package io.kdrift.alert;

import io.kdrift.config.ConditionSettings;
import io.kdrift.config.Globs;
import io.kdrift.config.RuleSettings;
import java.util.List;
import java.util.regex.Pattern;

/** A configured rule, ready to be evaluated on score records. */
public final class AlertRule {
    private final RuleSettings settings;
    private final List<Pattern> models;
    private final List<Pattern> signals;

    public AlertRule(RuleSettings settings) {
        this.settings = settings;
        this.models = settings.models().stream().map(Globs::compile).toList();
        this.signals = settings.signals().stream().map(Globs::compile).toList();
    }

    public RuleSettings settings() {
        return settings;
    }

    public String name() {
        return settings.name();
    }

    /** Whether the rule applies to this model and signal. */
    public boolean appliesTo(String model, String signal) {
        return Globs.anyMatches(models, model) && Globs.anyMatches(signals, signal);
    }

    /**
     * Whether the window can be judged: status ok, enough events (labelled predictions, for performance) on both
     * sides, every metric present.
     */
    boolean evaluable(Judged r) {
        if (!r.ok() || r.currentCount() < settings.minCount() || r.referenceCount() < settings.minCount()) {
            return false;
        }
        for (ConditionSettings c : settings.conditions()) {
            Double v = r.value().apply(c.metric());
            if (v == null || v.isNaN()) {
                return false;
            }
        }
        return true;
    }

    /** All conditions hold (call only when {@link #evaluable}). */
    boolean breached(Judged r) {
        for (ConditionSettings c : settings.conditions()) {
            double v = r.value().apply(c.metric());
            if (c.isAbove() ? !(v > c.threshold()) : !(v < c.threshold())) {
                return false;
            }
        }
        return true;
    }
}
