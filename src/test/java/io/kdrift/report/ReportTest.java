package io.kdrift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.replay.Replay;
import io.kdrift.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
        Replay.run(config, Path.of("examples/events.jsonl"), scores, dir.resolve("dlq.jsonl"), alerts, List.of(), null, null, verdicts, null);
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
        // runbook links in the alert records are data the report shows, not something it loads
        String html = Files.readString(report).replaceAll("\"runbook_url\":\"https?://[^\"]*\"", "");
        for (String external : List.of("src=", "<link", "url(", "@import", "fetch(", "XMLHttpRequest", "https://")) {
            assertFalse(html.contains(external), "the report refers to something outside it: " + external);
        }
        // the only http:// is SVG's namespace name, which is never fetched
        assertEquals(html.split("http://", -1).length - 1, html.split("http://www.w3.org/2000/svg", -1).length - 1);
        assertFalse(html.contains("/*KDRIFT_REPORT_DATA*/null"), "the data were put in");
    }

    @Test
    void chromiumDrawsEveryChartAndMarksTheAlerts() throws Exception {
        String dom = Tools.renderedDom(report, dir.resolve("chromium-profile"));
        assertTrue(dom.contains("data-rendered=\"true\""), "the script ran to its end");

        // expected from the records, independently of the page's script: three charts per scored signal, one for
        // events and log_loss, and one distribution chart per alert that fired
        Set<String> series = new HashSet<>();
        int expected = 0;
        for (JsonNode s : lines(scores)) {
            String key = s.get("model").asText() + "/" + s.get("signal").asText();
            if (series.add(key)) {
                String signal = s.get("signal").asText();
                expected += signal.equals("events") || signal.equals("log_loss") ? 1 : 3;
            }
        }
        // two charts per model's verdicts: signals drifted and tested, windows held
        Set<String> verdictModels = new HashSet<>();
        lines(verdicts).forEach(v -> verdictModels.add(v.get("model").asText()));
        assertEquals(2, verdictModels.size());
        expected += 2 * verdictModels.size();
        List<JsonNode> alertRecords = lines(alerts);
        Set<String> alerted = new HashSet<>();
        for (JsonNode a : alertRecords) {
            if (a.get("status").asText().equals("firing")) {
                // a model's alert has no bins to draw; a signal's draws its window's distribution
                expected += a.get("signal").asText().equals("model") ? 0 : 1;
                alerted.add(a.get("model").asText() + "/" + a.get("signal").asText());
            }
        }
        assertFalse(alerted.isEmpty(), "the sample fires alerts");
        assertEquals(expected, Tools.count(dom, "<svg class=\"chart"), "charts drawn");
        assertTrue(dom.contains("data-charts=\"" + expected + "\""));
        assertEquals(alerted.size(),
                Tools.count(dom, "<section class=\"series\" id=\"s\\d+\" data-model=\"[^\"]+\" data-signal=\"[^\"]+\"><h2>[^<]+ — \\d+ alert"),
                "one heading per alerted signal says so");
        // each scored signal's KL line has one point per window that has a KL (8 windows; the first is warming up)
        Matcher kl = Pattern.compile("<polyline class=\"line \" points=\"([^\"]*)\" data-key=\"kl\"").matcher(dom);
        int lines = 0;
        while (kl.find()) {
            assertEquals(7, kl.group(1).split(" ").length, kl.group(0));
            lines++;
        }
        long scored = series.stream().filter(k -> !k.endsWith("/events") && !k.endsWith("/log_loss")).count();
        assertEquals(scored, lines, "a KL line for every signal but events and log_loss");
        assertTrue(Tools.count(dom, "<rect class=\"alert (warning|critical)\"") >= alerted.size() * 2, "alerts shaded on the charts of alerted signals");
        assertTrue(Tools.count(dom, "<rect class=\"bar current\"") > 0, "distribution bars");
    }
}
