package io.kdrift.cli;

import static io.kdrift.testing.Http.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `kdrift demo` from the built jar: the injected drift shows up in the live view, it stops cleanly, and it
 * keeps going with event time hours ahead of the wall clock (it stopped after about 190 s before, when its
 * output got an hour ahead of the broker's clock).
 */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void theInjectedDriftAppearsWithinAMinute() throws Exception {
        Path log = dir.resolve("demo.log");
        Process demo = new ProcessBuilder("java", "-jar", System.getProperty("kdrift.jar"), "demo",
                "--seconds", "45", "--drift-after", "20", "--port", "0", "--plain")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(demo.waitFor(120, TimeUnit.SECONDS), "the demo stops by itself");
        String out = Files.readString(log);
        assertEquals(0, demo.exitValue(), out);
        assertTrue(out.matches("(?s).*price-v1 +prediction .*DRIFT.*"), out);
        assertTrue(out.matches("(?s).*churn-v3 +feature\\.monthly_spend .*DRIFT.*"), out);
        // the model logged by its serving layer (KServe CloudEvents, requests and responses joined by id)
        assertTrue(out.matches("(?s).*iris-v2 +feature\\.petal_length .*DRIFT.*"), out);
        assertTrue(out.contains("kdrift demo stopped"), out);
    }

    /**
     * Event time 600x the wall clock: 10 hours ahead within a minute, as far as the default demo gets in 30
     * minutes. Scores keep coming to the end, nothing is rejected, no stream thread fails, /health stays up.
     */
    @Test
    void eventTimeHoursAheadOfTheClockNeverStallsIt() throws Exception {
        int port = io.kdrift.testing.Tools.freePort();
        Path log = dir.resolve("demo-fast.log");
        Process demo = new ProcessBuilder("java", "-jar", System.getProperty("kdrift.jar"), "demo",
                "--seconds", "75", "--drift-after", "20", "--port", Integer.toString(port), "--speed", "600", "--plain")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Thread.sleep(40_000);
            double early = latestWindowEnd(port);
            Thread.sleep(20_000);
            double late = latestWindowEnd(port);
            // 20 s of wall clock at 600x is 200 minutes of event time; allow for windows still closing
            assertTrue(late - early > 60 * 60, "windows closed in the last 20 s: " + early + " -> " + late);
            assertTrue(late * 1000 > System.currentTimeMillis() + 3_600_000L, "event time hours ahead of the clock: " + late);
            String metrics = get("http://127.0.0.1:" + port + "/metrics");
            assertTrue(metrics.contains("kdrift_stream_thread_failures_total 0.0"), metrics);
            java.util.regex.Matcher joined = java.util.regex.Pattern.compile("kdrift_requests_joined_total ([0-9.E]+)").matcher(metrics);
            assertTrue(joined.find() && Double.parseDouble(joined.group(1)) > 1000, "the serving layer's requests and responses joined: " + metrics);
            assertTrue(!metrics.matches("(?s).*kdrift_events_rejected_total\\{[^}]*\\} [1-9].*"), "nothing rejected");
            assertTrue(get("http://127.0.0.1:" + port + "/health").contains("\"status\":\"UP\""));
            // the built jar serves the live page and the charting library it bundles; a browser draws a model's charts from it
            assertTrue(get("http://127.0.0.1:" + port + "/").contains("<title>kdrift</title>"));
            assertTrue(get("http://127.0.0.1:" + port + "/assets/uplot.js").startsWith("/*! https://github.com/leeoniya/uPlot"), "uPlot bundled in the jar");
            com.fasterxml.jackson.databind.JsonNode page = new io.kdrift.testing.Browser().go("http://127.0.0.1:" + port + "/")
                    .waitFor("body[data-rendered=true]")
                    .eval("before", "document.querySelector('table.models tbody tr[data-model=\"price-v1\"]').children[3].textContent")
                    .waitFor("body[data-updates='2']")
                    .eval("after", "document.querySelector('table.models tbody tr[data-model=\"price-v1\"]').children[3].textContent")
                    .eval("performance", "Object.fromEntries([...document.querySelectorAll('table.models tbody tr')]"
                            + ".map(r => [r.dataset.model, r.children[4].textContent]))")
                    .click("table.models tbody tr[data-model='price-v1']")
                    .waitFor("body[data-detail='price-v1']").collect("charts").screenshot("demo-detail.png").run();
            java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> charts = io.kdrift.testing.Browser.charts(page, "charts");
            assertTrue(charts.size() >= 10, "price-v1's charts: " + charts.size());
            // labels joined by id: the classifier's accuracy and the regression's error against their references
            assertTrue(page.get("performance").has("iris-v2"), "the serving layer's model on the live page: " + page.get("performance"));
            assertTrue(page.get("performance").get("churn-v3").asText().matches("accuracy [0-9.]+ \\(reference [0-9.]+, p .+\\), \\d+/\\d+ labelled"),
                    page.get("performance").toString());
            assertTrue(page.get("performance").get("price-v1").asText().matches("MAE [0-9,.]+ \\(reference [0-9,.]+, p .+\\), \\d+/\\d+ labelled"),
                    page.get("performance").toString());
            assertTrue(page.get("after").asText().compareTo(page.get("before").asText()) > 0,
                    "the page updated itself: the last window " + page.get("before") + " then " + page.get("after"));
            assertTrue(charts.stream().anyMatch(c -> c.path("points").asInt() >= 10), "recent windows drawn: " + charts);
        } finally {
            assertTrue(demo.waitFor(120, TimeUnit.SECONDS), "the demo stops by itself");
        }
        String out = Files.readString(log);
        assertEquals(0, demo.exitValue(), out);
        assertTrue(!out.contains("stream thread failed") && !out.contains("InvalidTimestamp"), out);
    }

    private static double latestWindowEnd(int port) throws Exception {
        double max = 0;
        for (String line : get("http://127.0.0.1:" + port + "/metrics").split("\n")) {
            if (line.startsWith("kdrift_window_end_timestamp_seconds{")) {
                max = Math.max(max, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return max;
    }
}
