package io.kdrift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.replay.Replay;
import io.kdrift.testing.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kdrift report} on the shipped sample's replay: one self-contained file, whose charts a real browser draws. */
class ReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path scores;
    static Path alerts;
    static Path verdicts;
    static Path report;

    @BeforeAll
    static void replayTheSampleAndWriteTheReport() throws Exception {
        KdriftConfig config = ConfigLoader.load(Path.of("examples/kdrift.yaml"));
        scores = dir.resolve("scores.jsonl");
        alerts = dir.resolve("alerts.jsonl");
        report = dir.resolve("report.html");
        verdicts = dir.resolve("verdicts.jsonl");
        Replay.run(config, Path.of("examples/events.jsonl"), Replay.FileOptions.of(scores, dir.resolve("dlq.jsonl")).withAlerts(alerts)
                .withVerdicts(verdicts), List.of(), null);
        Report.Summary s = Report.write(config, scores, alerts, null, verdicts, report);
        assertEquals(16 + 2, s.series(), "16 model/signal series and each model's verdicts");
        assertEquals(128, s.scores());
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    @Test
    void theFileNeedsNothingFromTheNetwork() throws Exception {
        // runbook links in the alert records are data the report shows, not something it loads; the charting library's
        // licence comment names its home page
        String html = Files.readString(report).replaceAll("\"runbook_url\":\"https?://[^\"]*\"", "")
                .replace("/*! https://github.com/leeoniya/uPlot (v" + io.kdrift.web.WebAssets.uplotVersion() + ") */", "");
        for (String external : List.of("src=", "<link", "url(", "@import", "fetch(", "XMLHttpRequest", "https://", "http://")) {
            assertFalse(html.contains(external), "the report refers to something outside it: " + external);
        }
        assertFalse(html.contains("/*KDRIFT_"), "every placeholder was filled");
        assertTrue(html.contains("uPlot"), "the charting library is inlined");
    }

    @Test
    void chromiumDrawsEveryChartInOrderWithHoverText() throws Exception {
        JsonNode seen = new Browser().go(report.toUri().toString()).waitFor("body[data-rendered=true]").collect("charts")
                .screenshot("report.png").run();
        List<ObjectNode> charts = Browser.charts(seen, "charts");

        // expected from the records, independently of the page's script: three charts per scored signal, one for
        // events and log_loss, two per model's verdicts, and one distribution chart per alert of a signal that fired
        Map<String, List<JsonNode>> bySeries = new LinkedHashMap<>();
        for (JsonNode s : lines(scores)) {
            bySeries.computeIfAbsent(s.get("model").asText() + "/" + s.get("signal").asText(), k -> new ArrayList<>()).add(s);
        }
        int expected = 0;
        for (String key : bySeries.keySet()) {
            expected += key.endsWith("/events") || key.endsWith("/log_loss") ? 1 : 3;
        }
        Set<String> verdictModels = new HashSet<>();
        lines(verdicts).forEach(v -> verdictModels.add(v.get("model").asText()));
        assertEquals(2, verdictModels.size());
        expected += 2 * verdictModels.size();
        List<JsonNode> firing = new ArrayList<>();
        Set<String> alerted = new HashSet<>();
        for (JsonNode a : lines(alerts)) {
            if (a.get("status").asText().equals("firing")) {
                alerted.add(a.get("model").asText() + "/" + a.get("signal").asText());
                if (!a.get("signal").asText().equals("model")) {
                    firing.add(a);
                }
            }
        }
        assertFalse(firing.isEmpty(), "the sample fires alerts");
        expected += firing.size();
        assertEquals(expected, charts.size(), "charts drawn");
        for (ObjectNode c : charts) {
            assertTrue(c.get("canvas").asBoolean(), "drawn by the charting library: " + c);
        }

        // each scored signal's KL chart has a point per window with a KL (8 windows; the first is warming up), hover text
        // naming the window's status and events, and its alerts shaded where the signal alerted
        int klCharts = 0;
        for (ObjectNode c : charts) {
            if (!"kl".equals(c.path("metric").asText(null))) {
                continue;
            }
            klCharts++;
            assertEquals(7, c.get("points").asInt(), c.toString());
            String hover = c.get("hover").asText("");
            assertTrue(hover.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\dZ · (ok|warming up|insufficient data) · [0-9,.]+ events · KL\\(P‖Q\\) .*"),
                    "hover text: " + hover);
            String key = c.get("section").asText() + "/" + c.get("signal").asText();
            assertEquals(alerted.contains(key), c.get("alerts").asInt() > 0, key + " shaded iff it alerted: " + c);
            assertTrue(c.get("thresholds").asInt() > 0, "the KL rule's threshold drawn: " + c);
        }
        assertEquals(bySeries.keySet().stream().filter(k -> !k.endsWith("/events") && !k.endsWith("/log_loss")).count(), klCharts);

        // the distribution of each window that alerted: the record's bins, in the record's order (numeric bins by their edges)
        List<ObjectNode> bars = charts.stream().filter(c -> c.get("kind").asText().equals("distribution")).toList();
        assertEquals(firing.size(), bars.size());
        for (ObjectNode c : bars) {
            String key = c.get("section").asText() + "/" + c.get("signal").asText();
            List<String> drawn = new ArrayList<>();
            c.get("bins").forEach(b -> drawn.add(b.asText()));
            assertTrue(bySeries.get(key).stream().anyMatch(r -> binsOf(r).equals(drawn)), key + ": bins as a record has them: " + drawn);
            assertAscendingEdges(drawn);
            assertTrue(c.get("hover").asText("").matches(".+ · reference [0-9.e-]+( \\([0-9,.]+\\))? · current .+"), c.toString());
        }
    }

    @Test
    void aPValueOfZeroIsDrawnOnFiniteAxesAndMarked() throws Exception {
        // a large window with a real shift has p = 0 (the G-test's tail underflows): the axis must stay readable
        List<String> zeroed = new ArrayList<>();
        Map<String, Integer> zeros = new LinkedHashMap<>();
        for (JsonNode r : lines(scores)) {
            ObjectNode o = (ObjectNode) r;
            if (o.path("pValue").isNumber() && o.get("kl").asDouble() > 0.05) {
                o.put("pValue", 0.0);
                zeros.merge(o.get("model").asText() + "/" + o.get("signal").asText(), 1, Integer::sum);
            }
            zeroed.add(JSON.writeValueAsString(o));
        }
        assertTrue(zeros.size() >= 2, "drifted windows to set to p = 0: " + zeros);
        Path zeroScores = dir.resolve("scores-p0.jsonl");
        Files.write(zeroScores, zeroed);
        Path zeroReport = dir.resolve("report-p0.html");
        Report.write(ConfigLoader.load(Path.of("examples/kdrift.yaml")), zeroScores, alerts, null, verdicts, zeroReport);
        JsonNode seen = new Browser().go(zeroReport.toUri().toString()).waitFor("body[data-rendered=true]").collect("charts")
                .screenshot("report-p0.png").run();
        int marked = 0;
        for (ObjectNode c : Browser.charts(seen, "charts")) {
            if (!"pValue".equals(c.path("metric").asText(null))) {
                continue;
            }
            double min = c.get("yMin").asDouble();
            double max = c.get("yMax").asDouble();
            assertTrue(Double.isFinite(min) && min >= 1e-20 && max <= 1.0 + 1e-9 && max > min, "a finite log axis: " + c);
            int expected = zeros.getOrDefault(c.get("section").asText() + "/" + c.get("signal").asText(), 0);
            assertEquals(expected, c.get("clamped").asInt(), "every p = 0 marked, and nothing else: " + c);
            assertEquals(expected > 0, c.get("title").asText().contains("▼"), c.toString());
            marked += expected > 0 ? 1 : 0;
        }
        assertEquals(zeros.size(), marked, "a marked chart for each series with p = 0");
    }

    private static List<String> binsOf(JsonNode record) {
        List<String> out = new ArrayList<>();
        record.path("distribution").forEach(b -> out.add(b.get("bin").asText()));
        return out;
    }

    /** Numeric bins ("missing" first, then "(-inf, a)", "[a, b)", ..., "(z, +inf)") have increasing lower edges. */
    private static void assertAscendingEdges(List<String> bins) {
        double last = Double.NEGATIVE_INFINITY;
        for (String b : bins) {
            Matcher m = Pattern.compile("^[\\[(](-inf|[-0-9.eE]+), (\\+inf|[-0-9.eE]+)[)\\]]$").matcher(b);
            if (!m.matches()) {
                continue; // a category or "missing"
            }
            double lower = m.group(1).equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(m.group(1));
            assertTrue(lower >= last, "bins out of order: " + bins);
            last = lower == Double.NEGATIVE_INFINITY ? -Double.MAX_VALUE : lower;
        }
    }
}
