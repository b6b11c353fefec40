package io.kdrift.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kdrift.alert.PrometheusRules;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every alert's runbook_url is absolute and lands on a section of the runbook kdrift serves at /runbook. */
class RunbookTest {
    @Test
    void everyRunbookUrlOfTheGeneratedRulesHasItsSection() throws Exception {
        KdriftConfig config = ConfigLoader.parse("alerts: {runbookUrl: \"https://ops.example.org/kdrift/runbook\"}", "t.yaml");
        String page = new String(Runbook.html(), StandardCharsets.UTF_8);
        JsonNode rules = new YAMLMapper().readTree(PrometheusRules.generate(config));
        int checked = 0;
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                String url = rule.at("/annotations/runbook_url").asText();
                assertTrue(url.startsWith("https://ops.example.org/kdrift/runbook#"), rule.get("alert") + ": " + url);
                String anchor = url.substring(url.indexOf('#') + 1);
                assertTrue(page.contains(" id=\"" + anchor + "\""), "no section #" + anchor + " in the runbook, for " + rule.get("alert"));
                checked++;
            }
        }
        assertTrue(checked >= 9, "every rule checked: " + checked);
    }
}
