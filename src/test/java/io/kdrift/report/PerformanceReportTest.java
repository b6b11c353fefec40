package io.kdrift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kdrift.codec.LabelJson;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.demo.SyntheticTraffic;
import io.kdrift.replay.Replay;
import io.kdrift.testing.Browser;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kdrift report --performance}: a replay of both synthetic models with labels two minutes late and a drift that
 * also changes the truth; each model gets a section "performance" whose charts a real browser draws, with its alerts.
 */
class PerformanceReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_767_603_600_000L;

    @TempDir
    Path dir;

    @Test
    void eachLabelledModelHasAPerformanceSectionWithItsChartsAndAlerts() throws Exception {
        KdriftConfig config = ConfigLoader.parse("""
                window: {size: 1m, grace: 10s}
                reference: {mode: rolling, windows: 3}
                binning: {numeric: {type: quantile, bins: 10, sample: 200}}
                labels: {topics: [drift-labels], horizon: 10m}
                """, "test.yaml");
        Path events = dir.resolve("events.jsonl");
        Path labels = dir.resolve("labels.jsonl");
        SyntheticTraffic traffic = new SyntheticTraffic(7, T0 + 12 * 60_000);
        try (OutputStream e = Files.newOutputStream(events); OutputStream l = Files.newOutputStream(labels)) {
            for (int i = 0; i < 20 * 60 * 4; i++) {
                long ts = T0 + i * 250L;
                for (SyntheticTraffic.Prediction p : List.of(traffic.churnPrediction(ts, "c" + i), traffic.pricePrediction(ts, "p" + i))) {
                    e.write(p.event());
                    e.write('\n');
                    if (p.truth() != null) {
                        String model = JSON.readTree(p.event()).get("model").asText();
                        l.write(LabelJson.of(model, JSON.readTree(p.event()).get("id").asText(), p.truth(), ts + 120_000));
                        l.write('\n');
                    }
                }
            }
        }
        Path scores = dir.resolve("scores.jsonl");
        Path alerts = dir.resolve("alerts.jsonl");
        Path performance = dir.resolve("performance.jsonl");
        Replay.run(config, events, Replay.FileOptions.of(scores, dir.resolve("dlq.jsonl")).withAlerts(alerts).withLabels(labels, performance),
                List.of(), null);
        Path report = dir.resolve("report.html");
        Report.Summary s = Report.write(config, scores, alerts, performance, report);
        long performanceRecords = Files.readAllLines(performance).size();
        assertEquals(performanceRecords, s.performance());
        assertEquals(40, Files.readAllLines(performance).stream().filter(l -> !l.contains("\"kind\":\"estimated\"")).count(),
                "20 windows of 2 models, every one final at the end");
        assertEquals(60, performanceRecords, "and the classifier's 20 windows each estimated when it closed (a regression has no estimate)");

        List<String> performanceAlerts = new ArrayList<>();
        for (String line : Files.readAllLines(alerts)) {
            JsonNode a = JSON.readTree(line);
            if (a.get("signal").asText().equals("performance") && a.get("status").asText().equals("firing")) {
                performanceAlerts.add(a.get("model").asText() + " " + a.get("rule").asText());
            }
        }
        assertTrue(performanceAlerts.contains("churn-v3 KdriftAccuracyDrop"), performanceAlerts.toString());
        assertTrue(performanceAlerts.contains("price-v1 KdriftErrorRise"), performanceAlerts.toString());

        JsonNode seen = new Browser().go(report.toUri().toString()).waitFor("body[data-rendered=true]").collect("charts")
                .screenshot("report-performance.png").run();
        for (String model : List.of("churn-v3", "price-v1")) {
            List<ObjectNode> charts = Browser.charts(seen, "charts").stream()
                    .filter(c -> model.equals(c.path("section").asText()) && "performance".equals(c.path("signal").asText())).toList();
            assertEquals(4, charts.size(), model + ": four performance charts");
            String key = model.equals("churn-v3") ? "classification.accuracy" : "regression.meanAbsoluteError";
            ObjectNode first = charts.get(0);
            assertEquals(key, first.get("metric").asText());
            assertEquals(20, first.get("points").asInt(), "one point per final window");
            assertTrue(first.get("alerts").asInt() > 0, model + ": its alert shaded");
            assertTrue(first.get("hover").asText("").contains(" · window "), model + ": hover names the window's value: " + first);
            ObjectNode pValues = charts.stream().filter(c -> c.get("title").asText().startsWith("p-value")).findFirst().orElseThrow();
            assertTrue(pValues.get("thresholds").asInt() > 0, model + ": the p-value threshold drawn");
        }
    }
}
