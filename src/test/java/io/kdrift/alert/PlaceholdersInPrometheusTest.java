package io.kdrift.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.config.RuleSettings;
import io.kdrift.http.HttpEndpoint;
import io.kdrift.metrics.LatestScores;
import io.kdrift.result.ModelVerdict;
import io.kdrift.result.PerformanceField;
import io.kdrift.result.PerformanceRecord;
import io.kdrift.result.ScoreField;
import io.kdrift.result.ScoreRecord;
import io.kdrift.result.ScoreStatus;
import io.kdrift.result.VerdictField;
import io.kdrift.stats.DriftScores;
import io.kdrift.testing.PerformanceRecords;
import io.kdrift.testing.PrometheusServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every placeholder, printed by a real Prometheus from the generated rules and kdrift's own gauges, reads the
 * same as in kdrift's alert record for the same score (or performance) record: values with awkward formats (1234.5, 1.23e-05,
 * a whole count, a soft count, no value at all).
 */
class PlaceholdersInPrometheusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyPlaceholderPrintsTheSameInPrometheusAsInKdrift() throws Exception {
        String every = ScoreField.names().stream().map(n -> n + "={{" + n + "}}").collect(Collectors.joining(" "));
        String everyPerformance = PerformanceField.names().stream().map(n -> n + "={{" + n + "}}").collect(Collectors.joining(" "));
        String everyVerdict = VerdictField.names().stream().map(n -> n + "={{" + n + "}}").collect(Collectors.joining(" "));
        KdriftConfig config = ConfigLoader.parse("""
                alerts:
                  rules:
                    - name: Everything
                      conditions: [{metric: pValue, below: 0.5}]
                      annotations: {all: "{{model}}/{{signal}} value={{value}} %s"}
                    - name: Performance
                      conditions: [{metric: classification.accuracyDrop, above: 0.05}]
                      annotations: {all: "{{model}}/{{signal}} value={{value}} %s"}
                    - name: Verdict
                      conditions: [{metric: signalsDrifted, above: 0}]
                      annotations: {all: "{{model}}/{{signal}} value={{value}} signals={{signals}} %s"}
                """.formatted(every, everyPerformance, everyVerdict), "t.yaml");
        RuleSettings rule = config.alerts().rules().get(0);
        ScoreRecord divergence = ScoreRecord.scored("m-1", "feature.x", 0, 60_000, ScoreStatus.OK, 12, 1234.5, 200,
                new DriftScores(7, 1234.5, 200, 0.31234, 1234.5, 2.5, 0.125, 999.5, 0.0000123, 12.35, 88.8, 0.0000123), List.of(), List.of());
        ScoreRecord logLoss = ScoreRecord.logLoss("m-1", 0, 60_000, ScoreStatus.OK, 12, 310.25, 40, new ScoreRecord.LogLoss(0.912, 0.6));
        ScoreRecord volume = ScoreRecord.events("m-1", 0, 60_000, ScoreStatus.OK, 12, 2400, 40, 0.2);

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LatestScores scores = new LatestScores(registry);
        Map<String, String> expected = new TreeMap<>();
        for (ScoreRecord r : List.of(divergence, logLoss, volume)) {
            scores.onScore(r);
            scores.onAlertState(r.model(), r.signal(), rule.name(), rule.severity(), true);
            expected.put(r.signal(), AlertEngine.render(rule.annotations().get("all"), r, ScoreField.byName("pValue")));
        }
        // a performance record with a value in every field, and one of another model with no regression (n/a)
        RuleSettings performanceRule = config.alerts().rules().get(1);
        for (PerformanceRecord r : List.of(PerformanceRecords.everyField("m-1"),
                PerformanceRecords.accuracy("m-2", 60_000, ScoreStatus.OK, 40, 400, 0.5, 0.9, 0.0001))) {
            scores.onPerformance(r);
            scores.onAlertState(r.model(), "performance", performanceRule.name(), performanceRule.severity(), true);
            expected.put(r.model() + "/performance", AlertEngine.render(performanceRule.annotations().get("all"), r,
                    PerformanceField.ACCURACY_DROP));
        }
        // verdicts: three drifted signals (listed in name order), and one with none ("none")
        RuleSettings verdictRule = config.alerts().rules().get(2);
        ModelVerdict.SignalTest zeta = new ModelVerdict.SignalTest("feature.zeta", 1e-9, 3e-8, 0.7);
        ModelVerdict.SignalTest alpha = new ModelVerdict.SignalTest("feature.alpha", 2e-7, 5e-6, 0.31);
        ModelVerdict.SignalTest prediction = new ModelVerdict.SignalTest("prediction", 1e-5, 2e-4, 0.125);
        for (ModelVerdict v : List.of(
                new ModelVerdict("m-1", 0, 60_000, ScoreStatus.OK, 1234, 31, 0.001, List.of(zeta, alpha, prediction), List.of(zeta, alpha),
                        7, 0L),
                new ModelVerdict("m-3", 0, 60_000, ScoreStatus.OK, 40, 2, 0.001, List.of(), List.of(), 0, null))) {
            scores.onVerdict(v);
            scores.onAlertState(v.model(), ModelVerdict.SIGNAL, verdictRule.name(), verdictRule.severity(), true);
            expected.put(v.model() + "/model", AlertEngine.render(verdictRule.annotations().get("all"), v, VerdictField.SIGNALS_DRIFTED));
        }
        assertEquals("m-1/model value=3 signals=feature.alpha, feature.zeta, prediction signalsTested=31 signalsDrifted=3 driftShare=0.0968 "
                + "events=1234 referenceHeldWindows=7", expected.get("m-1/model"), "kdrift's own rendering");
        Path rules = dir.resolve("rules.yml");
        Files.writeString(rules, PrometheusRules.generate(config));
        try (HttpEndpoint http = new HttpEndpoint("127.0.0.1", 0, registry, scores, () -> null);
             PrometheusServer prometheus = PrometheusServer.start(dir, PrometheusServer.job("kdrift", "127.0.0.1:" + http.port()),
                     "rule_files: ['" + rules + "']\n")) {
            Map<String, String> rendered = new TreeMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (rendered.size() < expected.size() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                rendered.clear();
                for (JsonNode a : JSON.readTree(prometheus.get("/api/v1/alerts")).at("/data/alerts")) {
                    if (!"firing".equals(a.get("state").asText())) {
                        continue;
                    }
                    if ("Everything".equals(a.at("/labels/alertname").asText())) {
                        rendered.put(a.at("/labels/signal").asText(), a.at("/annotations/all").asText());
                    } else if ("Verdict".equals(a.at("/labels/alertname").asText())) {
                        rendered.put(a.at("/labels/model").asText() + "/model", a.at("/annotations/all").asText());
                    } else if ("Performance".equals(a.at("/labels/alertname").asText())) {
                        rendered.put(a.at("/labels/model").asText() + "/performance", a.at("/annotations/all").asText());
                    }
                }
            }
            assertEquals(expected, rendered);
        }
    }
}
