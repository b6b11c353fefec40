package io.kdrift.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.AlertSettings;
import io.kdrift.config.ConditionSettings;
import io.kdrift.config.RuleSettings;
import io.kdrift.config.ScoringSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every panel of every dashboard says what it shows, and what it says of kdrift's defaults is true: each rule condition it
 * cites ("KdriftDrift: kl > 0.1") is a condition of that default rule, each setting it cites ("(scoring.minCount, 30)") has
 * that default, and each threshold line a panel draws is one of the values its description cites. (A description once said
 * 100 events where the rules need 30.)
 */
class DashboardDescriptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RULE = Pattern.compile("(Kdrift[A-Za-z]+): ([A-Za-z.]+) ([<>]) ([0-9.eE+-]*[0-9])");
    private static final Pattern SETTING = Pattern.compile("\\(scoring\\.([A-Za-z]+), ([0-9.eE+-]*[0-9])\\)");

    private static List<JsonNode> panels() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (var files = Files.list(Path.of("grafana/dashboards"))) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                JSON.readTree(f.toFile()).get("panels").forEach(out::add);
            }
        }
        return out;
    }

    /** The numbers a description cites, each checked against the defaults. */
    private static List<Double> citedValues(String title, String description) throws Exception {
        List<Double> cited = new ArrayList<>();
        List<RuleSettings> rules = AlertSettings.defaultRules("http://kdrift/runbook");
        Matcher m = RULE.matcher(description);
        while (m.find()) {
            String rule = m.group(1);
            RuleSettings r = rules.stream().filter(x -> x.name().equals(rule)).findFirst()
                    .orElseThrow(() -> new AssertionError(title + ": cites a rule that is not a default one: " + rule));
            double value = Double.parseDouble(m.group(4));
            ConditionSettings c = r.conditions().stream().filter(x -> x.metric().equals(m.group(2))).findFirst()
                    .orElseThrow(() -> new AssertionError(title + ": " + rule + " has no condition on " + m.group(2)));
            Double threshold = m.group(3).equals(">") ? c.above() : c.below();
            assertTrue(threshold != null && threshold == value, title + ": cites " + m.group() + ", the rule says " + c);
            cited.add(value);
        }
        Matcher s = SETTING.matcher(description);
        ScoringSettings defaults = new ScoringSettings(null, null, null, null);
        while (s.find()) {
            Object v = ScoringSettings.class.getMethod(s.group(1)).invoke(defaults);
            assertEquals(((Number) v).doubleValue(), Double.parseDouble(s.group(2)), 0.0, title + ": cites " + s.group() + ", the default is " + v);
            cited.add(Double.parseDouble(s.group(2)));
        }
        return cited;
    }

    @Test
    void everyPanelSaysWhatItShowsAndCitesTheDefaultsAsTheyAre() throws Exception {
        int citations = 0;
        for (JsonNode p : panels()) {
            String title = p.get("title").asText();
            String description = p.path("description").asText("");
            assertTrue(description.length() >= 30, title + ": no description worth the name: '" + description + "'");
            List<Double> cited = citedValues(title, description);
            citations += cited.size();
            JsonNode defaults = p.path("fieldConfig").path("defaults");
            if (!defaults.path("custom").path("thresholdsStyle").path("mode").asText("off").equals("off")) {
                for (JsonNode step : defaults.path("thresholds").path("steps")) {
                    if (!step.get("value").isNull()) {
                        double v = step.get("value").asDouble();
                        assertTrue(cited.contains(v), title + ": draws a line at " + v + " that its description does not cite: " + description);
                    }
                }
            }
        }
        assertTrue(citations >= 15, "citations checked: " + citations);
    }

    @Test
    void theCheckCatchesAWrongCitation() throws Exception {
        assertTrue(assertThrowsAssertion(() -> citedValues("t", "the default drift rules need 100 a side (scoring.minCount, 100)")));
        assertTrue(assertThrowsAssertion(() -> citedValues("t", "KdriftDrift: kl > 0.2")));
        assertTrue(assertThrowsAssertion(() -> citedValues("t", "KdriftDrift: psi > 0.5")));
        assertEquals(List.of(0.1, 30.0), citedValues("t", "KdriftDrift: kl > 0.1 on (scoring.minCount, 30)"));
    }

    private interface Check {
        void run() throws Exception;
    }

    private static boolean assertThrowsAssertion(Check c) throws Exception {
        try {
            c.run();
            return false;
        } catch (AssertionError e) {
            return true;
        }
    }

    @Test
    void theDistributionPanelSortsItsBinsByTheirOrderNotTheirText() throws Exception {
        JsonNode panel = panels().stream().filter(p -> p.path("targets").toString().contains("kdrift_distribution_share")).findFirst().orElseThrow();
        List<String> ids = new ArrayList<>();
        panel.get("transformations").forEach(t -> ids.add(t.get("id").asText()));
        assertEquals(List.of("joinByField", "sortBy", "organize"), ids);
        JsonNode transformations = panel.get("transformations");
        assertEquals("bin", transformations.get(0).get("options").get("byField").asText());
        // joined frames name their fields "NAME 1", "NAME 2": the reference query's bin_order
        assertEquals("bin_order 1", transformations.get(1).get("options").get("sort").get(0).get("field").asText());
        assertTrue(transformations.get(2).get("options").get("excludeByName").get("bin_order 1").asBoolean());
    }
}
