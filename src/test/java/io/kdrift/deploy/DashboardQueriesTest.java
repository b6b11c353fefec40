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
 * Every PromQL expression of every panel of every dashboard in deploy/grafana/dashboards, with the dashboard
 * variables substituted, returns data from a real Prometheus server scraping a real kdrift that
 * monitors demo traffic. A panel that queries a metric kdrift does not export fails the build.
 */
class DashboardQueriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Values for the dashboard variables: "All" for the overview's multi-value ones, a model with labels for the detail. */
    private static final Map<String, Map<String, String>> VARIABLES = Map.of(
            "kdrift-overview", Map.of("model", ".*", "signal", ".*"),
            "kdrift-model-detail", Map.of("model", "churn-v3", "signal", "feature.monthly_spend"));

    @TempDir
    Path dir;

    /** uid/panel title/refId → expression, variables substituted. */
    static Map<String, String> expressions() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (var files = Files.list(Path.of("deploy/grafana/dashboards"))) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                JsonNode d = JSON.readTree(f.toFile());
                String uid = d.get("uid").asText();
                Map<String, String> vars = VARIABLES.get(uid);
                assertTrue(vars != null, "no variable values for dashboard " + uid);
                for (JsonNode panel : d.get("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        String expr = target.get("expr").asText().replace("$__rate_interval", "30s");
                        for (Map.Entry<String, String> v : vars.entrySet()) {
                            expr = expr.replace("$" + v.getKey(), v.getValue());
                        }
                        assertTrue(!expr.contains("$"), "unsubstituted variable in " + expr);
                        out.put(uid + " / " + panel.get("title").asText() + " / " + target.get("refId").asText(), expr);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyPanelQueryReturnsData() throws Exception {
        Map<String, String> queries = expressions();
        assertTrue(queries.size() >= 20, "panels found: " + queries.size());
        KdriftConfig config = ConfigLoader.parse("""
                window: {size: 1m, grace: 5s, idleAfter: 5s, maxAhead: off}
                reference: {mode: fixed, windows: 3}
                scoring: {minCount: 30}
                binning: {numeric: {type: quantile, bins: 10, sample: 300}}
                topics: {partitions: 2}
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
            // event time 20x the wall clock: a window every 3 s; the drift starts after 15 s
            try (DemoProducer producer = new DemoProducer(monitor.bootstrapServers(), config.topics().input(), start, 20, 15_000 * 20, 60, false);
                 PrometheusServer prometheus = PrometheusServer.start(dir, PrometheusServer.job("kdrift", "127.0.0.1:" + monitor.httpPort()), "")) {
                Thread producing = new Thread(producer);
                producing.setDaemon(true);
                producing.start();
                prometheus.awaitSeries("kdrift_alert_active{model=\"churn-v3\"} == 1", Duration.ofSeconds(90));
                List<String> empty = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                do {
                    empty.clear();
                    for (Map.Entry<String, String> q : queries.entrySet()) {
                        if (prometheus.query(q.getValue()).isEmpty()) {
                            empty.add(q.getKey() + ": " + q.getValue());
                        }
                    }
                } while (!empty.isEmpty() && System.nanoTime() < deadline && sleep());
                assertEquals(List.of(), empty, "panel queries without data");
            }
        }
    }

    @Test
    void theVariableQueriesNameMetricsKdriftExports() throws Exception {
        try (var files = Files.list(Path.of("deploy/grafana/dashboards"))) {
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
