package io.kdrift.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.config.ConfigException;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.result.PerformanceRecord;
import io.kdrift.result.ScoreRecord;
import io.kdrift.result.ScoreStatus;
import io.kdrift.stats.DriftScores;
import io.kdrift.testing.PerformanceRecords;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertEngineTest {
    private static final KdriftConfig CONFIG = ConfigLoader.parse("""
            alerts:
              rules:
                - name: Drift
                  severity: critical
                  conditions: [{metric: kl, above: 0.2}, {metric: pValue, below: 0.01}]
                  minCount: 50
                  forWindows: 3
                  resolveWindows: 2
                  models: ["fraud-*"]
                  signals: ["feature.*", "prediction"]
                  labels: {team: risk}
                  annotations: {summary: "{{model}}/{{signal}} KL {{value}} p {{pValue}}"}
            """, "t.yaml");

    private static long window = 0;

    private static ScoreRecord score(String model, String signal, double kl, double p, double count, ScoreStatus status) {
        window += 60_000;
        return ScoreRecord.scored(model, signal, window - 60_000, window, status, 3, count, count,
                new DriftScores(4, count, count, kl, kl, 1.0 + kl, 1.0, 1.0, kl / 4, 2 * kl, 10.0, p), java.util.List.of(), java.util.List.of());
    }

    private static ScoreRecord breach() {
        return score("fraud-v2", "feature.amount", 0.5, 0.001, 100, ScoreStatus.OK);
    }

    private static ScoreRecord clean() {
        return score("fraud-v2", "feature.amount", 0.05, 0.4, 100, ScoreStatus.OK);
    }

    private static List<AlertRecord> run(AlertEngine engine, ModelAlerts state, ScoreRecord... records) {
        List<AlertRecord> out = new ArrayList<>();
        for (ScoreRecord r : records) {
            out.addAll(engine.evaluate(state, r));
        }
        return out;
    }

    @Test
    void firesAfterExactlyNBreachingWindowsAndOnlyOnce() {
        AlertEngine engine = new AlertEngine(CONFIG);
        ModelAlerts state = new ModelAlerts();
        assertEquals(List.of(), run(engine, state, breach(), breach()));
        ScoreRecord third = breach();
        List<AlertRecord> fired = run(engine, state, third);
        assertEquals(1, fired.size());
        AlertRecord a = fired.get(0);
        assertEquals("firing", a.status());
        assertEquals("Drift", a.rule());
        assertEquals("critical", a.severity());
        assertEquals("kl", a.metric());
        assertEquals(0.5, a.value());
        assertEquals(0.2, a.threshold());
        assertEquals(third.windowEnd(), a.startsAt());
        assertNull(a.endsAt());
        assertEquals("risk", a.labels().get("team"));
        assertEquals("fraud-v2/feature.amount KL 0.5 p 0.001", a.annotations().get("summary"));
        assertEquals("fraud-v2/feature.amount/Drift", a.key());
        assertEquals(List.of(), run(engine, state, breach(), breach(), breach()), "no duplicate firing records");
    }

    @Test
    void resolvesAfterMCleanWindowsAndABreachResetsTheCount() {
        AlertEngine engine = new AlertEngine(CONFIG);
        ModelAlerts state = new ModelAlerts();
        AlertRecord firing = run(engine, state, breach(), breach(), breach()).get(0);
        assertEquals(List.of(), run(engine, state, clean(), breach(), clean()), "one clean window, then a breach: still firing");
        ScoreRecord second = clean();
        List<AlertRecord> resolved = run(engine, state, second);
        assertEquals(1, resolved.size());
        assertEquals("resolved", resolved.get(0).status());
        assertEquals(firing.startsAt(), resolved.get(0).startsAt());
        assertEquals(second.windowEnd(), resolved.get(0).endsAt());
        assertEquals(firing.fingerprint(), resolved.get(0).fingerprint());
        assertEquals(List.of(), run(engine, state, clean(), clean()), "resolved once");
    }

    @Test
    void aBreachStreakNeedsConsecutiveWindows() {
        AlertEngine engine = new AlertEngine(CONFIG);
        ModelAlerts state = new ModelAlerts();
        assertEquals(List.of(), run(engine, state, breach(), breach(), clean(), breach(), breach()));
        assertEquals(1, run(engine, state, breach()).size());
    }

    @Test
    void windowsBelowTheMinimumCountOrNotOkNeitherFireNorResolve() {
        AlertEngine engine = new AlertEngine(CONFIG);
        ModelAlerts state = new ModelAlerts();
        ScoreRecord small = score("fraud-v2", "feature.amount", 0.9, 1e-9, 49, ScoreStatus.OK);
        ScoreRecord insufficient = score("fraud-v2", "feature.amount", 0.9, 1e-9, 100, ScoreStatus.INSUFFICIENT_DATA);
        assertEquals(List.of(), run(engine, state, small, small, small, insufficient, insufficient));
        assertNull(state.get("feature.amount", "Drift"), "not even evaluated");
        assertEquals(1, run(engine, state, breach(), breach(), small, breach()).size(), "a skipped window does not break the streak");
        ScoreRecord smallClean = score("fraud-v2", "feature.amount", 0.0, 0.9, 10, ScoreStatus.OK);
        assertEquals(List.of(), run(engine, state, smallClean, smallClean, smallClean));
        assertTrue(state.get("feature.amount", "Drift").firing());
    }

    @Test
    void rulesApplyOnlyToTheirModelsAndSignals() {
        AlertEngine engine = new AlertEngine(CONFIG);
        ModelAlerts state = new ModelAlerts();
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(), engine.evaluate(state, score("churn-v3", "feature.amount", 0.9, 1e-9, 100, ScoreStatus.OK)));
            assertEquals(List.of(), engine.evaluate(state, score("fraud-v2", "label", 0.9, 1e-9, 100, ScoreStatus.OK)));
        }
    }

    @Test
    void stateSurvivesEncoding() {
        AlertEngine engine = new AlertEngine(CONFIG);
        ModelAlerts state = new ModelAlerts();
        run(engine, state, breach(), breach());
        ModelAlerts restored = ModelAlerts.decode(state.encode());
        assertEquals(1, run(engine, restored, breach()).size(), "the streak of two carried over");
        ModelAlerts again = ModelAlerts.decode(restored.encode());
        assertEquals(List.of(), run(engine, again, breach()), "firing carried over: no second firing record");
        assertTrue(again.get("feature.amount", "Drift").firing());
    }

    @Test
    void fingerprintsAreStableAndDistinct() {
        assertEquals(AlertEngine.fingerprint("Drift", "m", "s"), AlertEngine.fingerprint("Drift", "m", "s"));
        assertNotEquals(AlertEngine.fingerprint("Drift", "m", "s"), AlertEngine.fingerprint("Drift", "m", "t"));
        assertEquals(16, AlertEngine.fingerprint("Drift", "m", "s").length());
    }

    @Test
    void theDefaultRulesAreSampleSizeAwareAndHaveRunbooks() {
        KdriftConfig defaults = ConfigLoader.parse("", "t.yaml");
        assertEquals(List.of("KdriftDrift", "KdriftSevereDrift", "KdriftModelDrift", "KdriftLogLossIncrease", "KdriftVolumeDrop", "KdriftAccuracyDrop",
                        "KdriftEstimatedAccuracyDrop", "KdriftEstimateDisagrees", "KdriftPerformanceLogLossRise", "KdriftErrorRise"),
                defaults.alerts().rules().stream().map(r -> r.name()).toList());
        for (var r : defaults.alerts().rules()) {
            assertTrue(r.minCount() >= defaults.scoring().minCount() || r.signals().equals(List.of("events")), r.name());
            assertTrue(r.annotations().containsKey("runbook_url") && r.annotations().containsKey("summary")
                    && r.annotations().containsKey("description"), r.name());
            // the model verdict's signalsDrifted counts signals whose Holm-adjusted p-value is at most scoring.familyWiseLevel
            // an estimate's drop counts in its standard errors; a disagreement is one of more than three
            boolean significance = r.conditions().stream().anyMatch(c -> c.metric().equals("pValue") || c.metric().endsWith("PValue")
                    || c.metric().equals("signalsDrifted") || c.metric().endsWith("DropZ") || c.metric().equals("estimate.disagrees"));
            assertTrue(significance || r.signals().equals(List.of("log_loss")) || r.signals().equals(List.of("events")),
                    r.name() + " asks for a p-value");
        }
        assertFalse(defaults.alerts().rules().isEmpty());
    }

    private static final KdriftConfig PERFORMANCE = ConfigLoader.parse("""
            alerts:
              rules:
                - name: Drift
                  conditions: [{metric: kl, above: 0.2}]
                  minCount: 1
                - name: AccuracyDrop
                  conditions: [{metric: classification.accuracyDrop, above: 0.05}, {metric: classification.accuracyPValue, below: 0.001}]
                  minCount: 30
                  resolveWindows: 2
                  annotations: {summary: "{{model}}/{{signal}}: {{classification.accuracy}} against {{classification.referenceAccuracy}} (p {{value}})"}
            """, "t.yaml");

    private static PerformanceRecord accuracy(long end, double accuracy, double p, long labelled) {
        return PerformanceRecords.accuracy("churn-v3", end, ScoreStatus.OK, labelled, 1000, accuracy, 0.9, p);
    }

    @Test
    void aPerformanceRuleJudgesPerformanceRecordsAsTheSignalPerformanceAndOnlyThem() {
        AlertEngine engine = new AlertEngine(PERFORMANCE);
        ModelAlerts state = new ModelAlerts();
        // a score record, however drifted, is not judged by the performance rule (and the drift rule fires on it alone)
        List<AlertRecord> drift = engine.evaluate(state, score("churn-v3", "prediction", 0.9, 1e-9, 100, ScoreStatus.OK));
        assertEquals(List.of("Drift"), drift.stream().map(AlertRecord::rule).toList());
        assertEquals(List.of(), engine.evaluate(state, accuracy(60_000, 0.9, 0.5, 500)));
        // a drop of 0.1 with p 1e-6: fires at once (forWindows 1), naming the signal "performance"
        List<AlertRecord> fired = engine.evaluate(state, accuracy(120_000, 0.8, 1e-6, 500));
        assertEquals(1, fired.size());
        AlertRecord a = fired.get(0);
        assertEquals("AccuracyDrop", a.rule());
        assertEquals(AlertRecord.FIRING, a.status());
        assertEquals("performance", a.signal());
        assertEquals("churn-v3/performance/AccuracyDrop", a.key());
        assertEquals(0.1, a.value(), 1e-12);
        assertEquals("classification.accuracyDrop", a.metric());
        assertEquals("churn-v3/performance: 0.8 against 0.9 (p 0.1)", a.annotations().get("summary"));
        assertEquals(1e-6, a.conditions().get(1).value());
        // too few labels: not judged, neither resolves nor fires
        assertEquals(List.of(), engine.evaluate(state, accuracy(180_000, 0.9, 0.5, 29)));
        assertEquals(List.of(), engine.evaluate(state, accuracy(240_000, 0.9, 0.5, 500)));
        // the same drop but not significant: a clean window; two of them resolve
        List<AlertRecord> resolved = engine.evaluate(state, accuracy(300_000, 0.8, 0.01, 500));
        assertEquals(List.of(AlertRecord.RESOLVED), resolved.stream().map(AlertRecord::status).toList());
        assertEquals(300_000L, resolved.get(0).endsAt());
    }

    @Test
    void aRuleMixingScoreAndPerformanceFieldsIsAConfigErrorNamingItsConditions() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("""
                        alerts:
                          rules:
                            - name: Mixed
                              conditions: [{metric: kl, above: 0.2}, {metric: classification.accuracyPValue, below: 0.001}]
                        """, "t.yaml"));
        assertTrue(e.getMessage().contains("t.yaml") && e.getMessage().contains("conditions")
                && e.getMessage().contains("mixes fields of score records, performance records and model verdicts"), e.getMessage());
    }
}
