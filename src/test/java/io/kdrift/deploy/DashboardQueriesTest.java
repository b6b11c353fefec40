package io.kdrift.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.demo.DemoProducer;
import io.kdrift.run.Monitor;
import io.kdrift.testing.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL expression of every panel of every dashboard in grafana/dashboards, with the dashboard
 * variables substituted, returns data from a real Prometheus server scraping a real kdrift that
 * monitors demo traffic. A panel that queries a metric kdrift does not export fails the build.
 */
class DashboardQueriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Values for the dashboard variables: "All" for the overview's multi-value ones; for the detail, the demo's classifier
     * and its regression model (a panel passes when it has data for either: a classifier has no mean absolute error).
     */
    private static final Map<String, List<Map<String, String>>> VARIABLES = Map.of(
            "kdrift-overview", List.of(Map.of("model", ".*", "signal", ".*")),
            "kdrift-model-detail", List.of(Map.of("model", "churn-v3", "signal", "feature.monthly_spend"),
                    Map.of("model", "price-v1", "signal", "feature.sqm")));

    @TempDir
    Path dir;

    /** uid/panel title/refId → the expression with each set of variable values substituted. */
    static Map<String, List<String>> expressions() throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (var files = Files.list(Path.of("grafana/dashboards"))) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                JsonNode d = JSON.readTree(f.toFile());
                String uid = d.get("uid").asText();
                List<Map<String, String>> values = VARIABLES.get(uid);
                assertTrue(values != null, "no variable values for dashboard " + uid);
                for (JsonNode panel : d.get("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        List<String> exprs = new ArrayList<>();
                        for (Map<String, String> vars : values) {
                            String expr = target.get("expr").asText().replace("$__rate_interval", "30s");
                            for (Map.Entry<String, String> v : vars.entrySet()) {
                                expr = expr.replace("$" + v.getKey(), v.getValue());
                            }
                            assertTrue(!expr.contains("$"), "unsubstituted variable in " + expr);
                            exprs.add(expr);
                        }
                        out.put(uid + " / " + panel.get("title").asText() + " / " + target.get("refId").asText(), exprs);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyPanelQueryReturnsData() throws Exception {
        Map<String, List<String>> queries = expressions();
        assertTrue(queries.size() >= 20, "panels found: " + queries.size());
        KdriftConfig config = ConfigLoader.parse("""
                window: {size: 1m, grace: 5s, idleAfter: 5s, maxAhead: off}
                reference: {mode: fixed, windows: 3}
                scoring: {minCount: 30}
                binning: {numeric: {type: quantile, bins: 10, sample: 300}}
                topics: {partitions: 2}
                labels: {topics: [drift-labels], horizon: 5m, waitForPrediction: 1m}
                http: {host: 127.0.0.1, port: 0}
                embedded: {port: 0, controllerPort: 0, dataDir: "%s"}
                kafka: {application.id: kdrift-dashboards, state.dir: "%s", commit.interval.ms: "200"}
                alerts:
                  rules:
                    - name: DemoDrift
                      conditions: [{metric: kl, above: 0.1}, {metric: pValue, below: 0.001}]
                      minCount: 30
                """.formatted(dir.resolve("kafka"), dir.resolve("state")), "test.yaml");
        try (Monitor monitor = Monitor.start(config)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)));
            long start = Instant.now().toEpochMilli() / 60_000 * 60_000;
            // event time 20x the wall clock: a window every 3 s; the drift starts after 15 s; labels come 2 minutes (6 s) after
            // their predictions, as in kdrift demo, and a window's performance is final 5 minutes (15 s) after its end
            try (DemoProducer producer = new DemoProducer(monitor.bootstrapServers(), config.topics().input(), start, 20, 15_000 * 20, 60, false,
                    "drift-labels", 2 * 60_000);
                 PrometheusServer prometheus = PrometheusServer.start(dir, PrometheusServer.job("kdrift", "127.0.0.1:" + monitor.httpPort()), "")) {
                Thread producing = new Thread(producer);
                producing.setDaemon(true);
                producing.start();
                prometheus.awaitSeries("kdrift_alert_active{model=\"churn-v3\"} == 1", Duration.ofSeconds(90));
                List<String> empty = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                do {
                    empty.clear();
                    for (Map.Entry<String, List<String>> q : queries.entrySet()) {
                        boolean data = false;
                        for (String expr : q.getValue()) {
                            data = data || !prometheus.query(expr).isEmpty();
                        }
                        if (!data) {
                            empty.add(q.getKey() + ": " + q.getValue());
                        }
                    }
                } while (!empty.isEmpty() && System.nanoTime() < deadline && sleep());
                assertEquals(List.of(), empty, "panel queries without data");

                // the distribution panel sorts by bin_order: in that order a numeric signal's bins go up by their edges
                List<JsonNode> shares = new ArrayList<>(prometheus.query(
                        "kdrift_distribution_share{model=\"price-v1\",signal=\"feature.sqm\",window=\"reference\"}"));
                assertTrue(shares.size() >= 5, shares.toString());
                shares.sort(java.util.Comparator.comparing(r -> r.get("metric").get("bin_order").asText()));
                double lower = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < shares.size(); i++) {
                    JsonNode labels = shares.get(i).get("metric");
                    assertEquals(String.format("%03d", i), labels.get("bin_order").asText(), "bin_order has no gaps: " + shares);
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^[\\[(](-inf|[-0-9.eE]+), ").matcher(labels.get("bin").asText());
                    if (m.find()) {
                        double l = m.group(1).equals("-inf") ? -Double.MAX_VALUE : Double.parseDouble(m.group(1));
                        assertTrue(l >= lower, "bins in order: " + shares);
                        lower = l;
                    }
                }
            }
        }
    }

    @Test
    void theVariableQueriesNameMetricsKdriftExports() throws Exception {
        try (var files = Files.list(Path.of("grafana/dashboards"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                for (JsonNode v : JSON.readTree(f.toFile()).path("templating").path("list")) {
                    if (v.get("type").asText().equals("query")) {
                        assertTrue(v.at("/query/query").asText().startsWith("label_values(kdrift_score_kl_nats"), v.toString());
                    } else {
                        assertEquals("datasource", v.get("type").asText());
                    }
                }
            }
        }
    }

    private static boolean sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
