package io.kdrift.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One cause moving 30 features: a covariate shift of every feature of a model at one moment, through the topology with
 * the default rules. The model-level rule fires once for the model and names every drifted signal; each verdict is
 * checked against Holm's step-down procedure computed here from the window's score records (their counts, Pearson's
 * chi-square by commons-math).
 */
class ModelVerdictTest {
    private static final long MINUTE = 60_000;
    private static final int FEATURES = 30;
    private static final int EVENTS = 300;
    private static final int ONSET = 16;
    private static final int END = 30;

    @TempDir
    Path stateDir;

    private static String category(Random rnd, boolean shifted) {
        double u = rnd.nextDouble();
        return shifted ? (u < 0.2 ? "a" : u < 0.5 ? "b" : "c") : (u < 0.5 ? "a" : u < 0.8 ? "b" : "c");
    }

    @Test
    void aCovariateShiftOfThirtyFeaturesIsOneModelAlertNamingThemAll() {
        Random rnd = new Random(11);
        List<JsonNode> alerts = new ArrayList<>();
        List<JsonNode> scores = new ArrayList<>();
        List<JsonNode> verdicts = new ArrayList<>();
        try (DriftDriver d = new DriftDriver("window: {size: 1m, grace: 0s, idleAfter: 1h}\n", stateDir)) {
            for (int w = 0; w <= END; w++) {
                for (int i = 0; i < EVENTS; i++) {
                    StringBuilder json = new StringBuilder("{\"model\":\"m\",\"timestamp\":" + (DriftDriver.T0 + w * MINUTE + i * 100L)
                            + ",\"prediction\":\"" + category(rnd, false) + "\",\"features\":{");
                    for (int f = 0; f < FEATURES; f++) {
                        json.append(f == 0 ? "" : ",").append(String.format("\"f%02d\":\"%s\"", f, category(rnd, w >= ONSET)));
                    }
                    d.send(json.append("}}").toString());
                }
                alerts.addAll(d.alerts());
            }
            scores.addAll(d.scores());
            verdicts.addAll(d.verdicts());
        }
        List<JsonNode> model = alerts.stream().filter(a -> a.get("rule").asText().equals("KdriftModelDrift")).toList();
        assertEquals(1, model.size(), "one model-level alert for one cause: " + model);
        JsonNode a = model.get(0);
        assertEquals("firing", a.get("status").asText());
        assertEquals("model", a.get("signal").asText());
        assertEquals(java.time.Instant.ofEpochMilli(DriftDriver.T0 + (ONSET + 1) * MINUTE).toString(), a.get("startsAt").asText(),
                "found in the first shifted window");
        List<String> expected = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            expected.add(String.format("feature.f%02d", f));
        }
        assertEquals("Drifted (Holm-corrected p at most the family-wise level, PSI above scoring.driftPsi): " + String.join(", ", expected) + ".",
                a.at("/annotations/description").asText());
        assertEquals("m: 30 of 31 signals have drifted from the reference", a.at("/annotations/summary").asText());
        assertTrue(alerts.stream().anyMatch(x -> x.get("rule").asText().equals("KdriftSevereDrift")), "per-signal alerts kept for detail");

        // every verdict against the textbook step-down on the window's own score records
        Map<String, List<JsonNode>> byWindow = new HashMap<>();
        scores.forEach(s -> byWindow.computeIfAbsent(s.get("windowStart").asText(), k -> new ArrayList<>()).add(s));
        int checked = 0;
        for (JsonNode v : verdicts) {
            List<JsonNode> ok = byWindow.get(v.get("windowStart").asText()).stream()
                    .filter(s -> s.get("status").asText().equals("ok") && s.hasNonNull("pValue")).toList();
            assertEquals(ok.size(), v.get("signalsTested").asInt(), v.toString());
            Set<String> drifted = new TreeSet<>();
            v.get("drifted").forEach(t -> drifted.add(t.get("signal").asText()));
            assertEquals(stepDown(ok, 1e-4, 0.1), drifted, v.toString());
            checked += ok.isEmpty() ? 0 : 1;
        }
        assertTrue(checked >= END - 2, "verdicts checked: " + checked);
    }

    /** Pearson's chi-square p-value of a categorical score record, from its counts and the shares of its bins. */
    private static double chiSquare(JsonNode score) {
        JsonNode bins = score.get("distribution");
        long[] ref = new long[bins.size()];
        long[] cur = new long[bins.size()];
        for (int i = 0; i < bins.size(); i++) {
            ref[i] = Math.round(bins.get(i).get("referenceShare").asDouble() * score.get("referenceCount").asDouble());
            cur[i] = Math.round(bins.get(i).get("currentShare").asDouble() * score.get("currentCount").asDouble());
        }
        return new org.apache.commons.math3.stat.inference.ChiSquareTest().chiSquareTestDataSetsComparison(ref, cur);
    }

    /** Holm: sort the p-values; reject while p_(i) ≤ α/(k − i); of those, the signals whose PSI is above the floor. */
    private static Set<String> stepDown(List<JsonNode> tested, double alpha, double psi) {
        JsonNode[] sorted = tested.toArray(new JsonNode[0]);
        Arrays.sort(sorted, (x, y) -> Double.compare(chiSquare(x), chiSquare(y)));
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < sorted.length && chiSquare(sorted[i]) <= alpha / (sorted.length - i); i++) {
            if (sorted[i].get("psi").asDouble() > psi) {
                out.add(sorted[i].get("signal").asText());
            }
        }
        return out;
    }
}
