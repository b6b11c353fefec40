package io.kdrift.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kdrift.config.ConditionSettings;
import io.kdrift.config.RuleSettings;
import java.util.List;

/**
 * The alert rules' thresholds by metric, as the charts draw them (dashed lines): {@code {"kl": [{"rule", "severity",
 * "signals" (globs, comma-separated), "above" | "below"}], ...}}. Written into the report and served at {@code /thresholds}.
 */
public final class RuleThresholds {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleThresholds() {
    }

    public static ObjectNode of(List<RuleSettings> rules) {
        ObjectNode out = JSON.createObjectNode();
        for (RuleSettings rule : rules) {
            for (ConditionSettings c : rule.conditions()) {
                ObjectNode t = ((ArrayNode) (out.has(c.metric()) ? out.get(c.metric()) : out.putArray(c.metric()))).addObject();
                t.put("rule", rule.name());
                t.put("severity", rule.severity());
                t.put("signals", String.join(",", rule.signals()));
                if (c.above() != null) {
                    t.put("above", c.above());
                } else {
                    t.put("below", c.below());
                }
            }
        }
        return out;
    }
}
