package io.kdrift.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kdrift.config.ConfigLoader;
import io.kdrift.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    void alertmanagerAcceptsItsConfigAndEveryRouteReachesItsReceivers() throws Exception {
        String amtool = Tools.require("amtool");
        String config = "--config.file=deploy/alertmanager/alertmanager.yml";
        Tools.Result check = Tools.run(amtool, "check-config", "deploy/alertmanager/alertmanager.yml");
        assertEquals(0, check.exitCode(), check.output());
        // labels as kdrift's rules set them → the receivers the comments at the top of the file promise
        Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(List.of("alertname=KdriftDrift", "rule=KdriftDrift", "severity=warning", "model=other", "signal=prediction"), "drift-webhook");
        cases.put(List.of("alertname=KdriftSevereDrift", "rule=KdriftSevereDrift", "severity=critical", "model=fraud-v2", "signal=feature.amount"),
                "drift-webhook,ml-oncall-slack,risk-team-email");
        cases.put(List.of("alertname=KdriftSevereDrift", "rule=KdriftSevereDrift", "severity=critical", "model=other", "signal=prediction"),
                "drift-webhook,ml-oncall-slack");
        cases.put(List.of("alertname=KdriftDrift", "rule=KdriftDrift", "severity=warning", "model=fraud-v2", "signal=feature.amount"),
                "drift-webhook,risk-team-email");
        cases.put(List.of("alertname=KdriftDrift", "rule=KdriftDrift", "severity=warning", "model=churn-v3", "signal=label"),
                "drift-webhook,growth-team-email");
        cases.put(List.of("alertname=KdriftVolumeDrop", "rule=KdriftVolumeDrop", "severity=warning", "model=price-v1", "signal=events"),
                "drift-webhook,growth-team-email");
        cases.put(List.of("alertname=KdriftDown", "rule=KdriftDown", "severity=critical", "component=kdrift", "job=kdrift"),
                "drift-webhook,ml-oncall-slack");
        cases.put(List.of("alertname=KdriftStalled", "rule=KdriftStalled", "severity=critical", "component=kdrift", "job=kdrift", "instance=k-0"),
                "drift-webhook,ml-oncall-slack");
        Set<String> reached = new java.util.TreeSet<>();
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            List<String> command = new ArrayList<>(List.of(amtool, "config", "routes", "test", config));
            command.addAll(c.getKey());
            assertEquals(c.getValue(), lastLine(Tools.run(command, null, 60)), c.getKey().toString());
            reached.addAll(List.of(c.getValue().split(",")));
        }
        // every receiver the file declares is reached by some case
        JsonNode am = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(Path.of("deploy/alertmanager/alertmanager.yml").toFile());
        Set<String> declared = new java.util.TreeSet<>();
        am.get("receivers").forEach(r -> declared.add(r.get("name").asText()));
        assertEquals(declared, reached);
    }

    /** amtool prints a warning about --alertmanager.url first; the receivers are the last line. */
    private static String lastLine(Tools.Result r) {
        String[] lines = r.output().trim().split("\n");
        return lines[lines.length - 1].trim();
    }
}
