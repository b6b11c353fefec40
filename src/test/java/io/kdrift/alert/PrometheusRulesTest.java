package io.kdrift.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.config.ConfigLoader;
import io.kdrift.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus and Alertmanager files in deploy/ are checked by Prometheus' and Alertmanager's own
 * tools (Debian's prometheus and prometheus-alertmanager packages), and the Prometheus rules are the
 * rules kdrift evaluates itself.
 */
class PrometheusRulesTest {
    private static final Path RULES = Path.of("deploy/prometheus/kdrift-rules.yml");

    @Test
    void theShippedRuleFileIsGeneratedFromTheDefaultRules() throws Exception {
        String generated = PrometheusRules.generate(ConfigLoader.parse("", "defaults"));
        assertEquals(generated, Files.readString(RULES),
                "deploy/prometheus/kdrift-rules.yml is stale: regenerate it with `bin/kdrift prometheus-rules > deploy/prometheus/kdrift-rules.yml`");
    }

    @Test
    void promtoolAcceptsTheRulesAndTheConfig() throws Exception {
        String promtool = Tools.require("promtool");
        Tools.Result rules = Tools.run(promtool, "check", "rules", RULES.toString());
        assertEquals(0, rules.exitCode(), rules.output());
        Tools.Result config = Tools.run(promtool, "check", "config", "deploy/prometheus/prometheus.yml");
        assertEquals(0, config.exitCode(), config.output());
    }

    @Test
    void everyRulePassesItsPromtoolUnitTests() throws Exception {
        Tools.Result test = Tools.run(Tools.require("promtool"), "test", "rules", "deploy/prometheus/tests/kdrift-rules.test.yml");
        assertEquals(0, test.exitCode(), test.output());
        assertTrue(test.output().contains("SUCCESS"), test.output());
        String tests = Files.readString(Path.of("deploy/prometheus/tests/kdrift-rules.test.yml"));
        for (var rule : ConfigLoader.parse("", "defaults").alerts().rules()) {
            assertTrue(tests.contains("alertname: " + rule.name()), "no promtool test for " + rule.name());
        }
    }

    @Test
    void alertmanagerAcceptsItsConfigAndRoutesBySeverityAndModel() throws Exception {
        String amtool = Tools.require("amtool");
        String config = "--config.file=deploy/alertmanager/alertmanager.yml";
        Tools.Result check = Tools.run(amtool, "check-config", "deploy/alertmanager/alertmanager.yml");
        assertEquals(0, check.exitCode(), check.output());
        assertEquals("ml-oncall-slack,risk-team-email", lastLine(Tools.run(amtool, "config", "routes", "test", config, "severity=critical", "model=fraud-v2")));
        assertEquals("growth-team-email", lastLine(Tools.run(amtool, "config", "routes", "test", config, "severity=warning", "model=churn-v3")));
        assertEquals("drift-webhook", lastLine(Tools.run(amtool, "config", "routes", "test", config, "severity=warning", "model=other")));
    }

    /** amtool prints a warning about --alertmanager.url first; the receivers are the last line. */
    private static String lastLine(Tools.Result r) {
        String[] lines = r.output().trim().split("\n");
        return lines[lines.length - 1].trim();
    }

    @Test
    void selectorsFollowTheRuleGlobs() {
        var rule = ConfigLoader.parse("""
                alerts:
                  rules:
                    - name: R
                      conditions: [{metric: js, above: 0.05}]
                      models: ["fraud-*", "risk.v?"]
                      signals: ["feature.*"]
                """, "t").alerts().rules().get(0);
        // PromQL strings escape the backslash of the regex: risk\\.v. in the rule file is the regex risk\.v.
        assertEquals("{model=~\"fraud-.*|risk\\\\.v.\",signal=~\"feature\\\\..*\"}", PrometheusRules.selector(rule));
    }
}
