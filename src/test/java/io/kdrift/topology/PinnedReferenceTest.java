package io.kdrift.topology;

import static io.kdrift.topology.DriftDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models whose reference is pinned compare each window with a published baseline. Expected scores are worked
 * out here from the SPEC's formulas (smoothing α = 0.5 over the bins non-empty on either side), not by the code.
 */
class PinnedReferenceTest {
    private static final String PINNED = """
            window: {size: 1m, grace: 10s, idleAfter: 1m}
            reference: {mode: pinned}
            scoring: {minCount: 1}
            """;
    private static final long S = 1000;
    /** Baseline 1: prediction a 30, b 10; feature x in [0,1) 4, [1,2] 6, overflow 2. */
    private static final String B1 = """
            {"model":"m","version":"v1","events":42,"signals":[
              {"signal":"prediction","kind":"categorical","counts":{"a":30,"b":10}},
              {"signal":"feature.x","kind":"numeric","edges":[0,1,2],"missing":0,"underflow":0,"counts":[4,6],"overflow":2}]}""";
    /** Baseline 2: prediction a 5, b 5 (published later). */
    private static final String B2 = """
            {"model":"m","version":"v2","events":10,"signals":[
              {"signal":"prediction","kind":"categorical","counts":{"a":5,"b":5}}]}""";

    @TempDir
    Path stateDir;

    /** KL(P‖Q) with the SPEC's smoothing, over two-bin count vectors with no empty bins. */
    private static double kl(double[] r, double[] c) {
        double rs = 0;
        double cs = 0;
        for (int i = 0; i < r.length; i++) {
            rs += r[i];
            cs += c[i];
        }
        int k = r.length;
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double p = (r[i] + 0.5) / (rs + k * 0.5);
            double q = (c[i] + 0.5) / (cs + k * 0.5);
            sum += p * Math.log(p / q);
        }
        return sum;
    }

    private static JsonNode only(List<JsonNode> records, String signal) {
        List<JsonNode> matching = records.stream().filter(r -> r.get("signal").asText().equals(signal)).collect(Collectors.toList());
        assertEquals(1, matching.size(), () -> signal + " in " + records);
        return matching.get(0);
    }

    private static void event(DriftDriver d, long offsetMs, String prediction, double x) {
        d.send("m", "{\"model\":\"m\",\"timestamp\":" + (T0 + offsetMs) + ",\"prediction\":\"" + prediction
                + "\",\"features\":{\"x\":" + x + "}}");
    }

    @Test
    void aWindowIsComparedWithTheBaselineBinnedWithItsEdges() {
        try (DriftDriver d = new DriftDriver(PINNED, stateDir)) {
            d.publishBaseline("m", B1);
            event(d, 1 * S, "a", -3);   // underflow
            event(d, 2 * S, "b", 0.5);  // [0,1)
            event(d, 3 * S, "b", 2.0);  // the last bin holds its upper edge
            event(d, 4 * S, "a", 1.0);  // [1,2]
            event(d, 70 * S, "a", 1.5); // closes the first window
            d.tick(); // the partition's progress marker: records read in place wait for its hop (none here)
            List<JsonNode> scores = d.scores();
            JsonNode prediction = only(scores, "prediction");
            assertEquals("ok", prediction.get("status").asText());
            assertEquals(40, prediction.get("referenceCount").asLong());
            assertEquals(4, prediction.get("currentCount").asLong());
            assertEquals(kl(new double[]{30, 10}, new double[]{2, 2}), prediction.get("kl").asDouble(), 1e-12);

            JsonNode x = only(scores, "feature.x");
            // bins kept: underflow (0 vs 1), [0,1) (4 vs 1), [1,2] (6 vs 2), overflow (2 vs 0); missing is empty on both sides
            assertEquals(4, x.get("bins").asInt());
            assertEquals(kl(new double[]{0, 4, 6, 2}, new double[]{1, 1, 2, 0}), x.get("kl").asDouble(), 1e-12);
            assertEquals(1, prediction.get("referenceWindows").asInt());
            JsonNode events = only(scores, "events");
            assertTrue(events.get("volumeRatio").isNull(), "a baseline data set has no traffic per window to compare with");
        }
    }

    @Test
    void withoutABaselineEverySignalWaitsAndWindowsDoNotBecomeTheReference() {
        try (DriftDriver d = new DriftDriver(PINNED, stateDir)) {
            for (int w = 0; w < 4; w++) {
                event(d, w * 60 * S + S, "a", 0.5);
            }
            event(d, 4 * 60 * S + 10 * S, "a", 0.5);
            d.tick(); // the partition's progress marker: records read in place wait for its hop (none here)
            List<JsonNode> predictions = d.scores().stream().filter(r -> r.get("signal").asText().equals("prediction")).toList();
            assertEquals(4, predictions.size());
            for (JsonNode r : predictions) {
                assertEquals("warming_up", r.get("status").asText(), r.toString());
                assertEquals(0, r.get("referenceWindows").asInt(), r.toString());
                assertTrue(!r.has("baselineVersion"), "no baseline, no version: " + r);
            }
        }
    }

    @Test
    void aSignalTheBaselineLacksHasNoReference() {
        try (DriftDriver d = new DriftDriver(PINNED, stateDir)) {
            d.publishBaseline("m", B2); // no feature.x
            event(d, S, "a", 0.5);
            event(d, 70 * S, "a", 0.5);
            d.tick(); // the partition's progress marker: records read in place wait for its hop (none here)
            List<JsonNode> scores = d.scores();
            assertEquals("ok", only(scores, "prediction").get("status").asText());
            assertEquals("warming_up", only(scores, "feature.x").get("status").asText());
            assertEquals(0, only(scores, "feature.x").get("referenceCount").asLong());
        }
    }

    @Test
    void aNewBaselineTakesEffectFromTheNextWindowAndOpenWindowsKeepTheirs() {
        try (DriftDriver d = new DriftDriver(PINNED, stateDir)) {
            d.publishBaseline("m", B1);
            event(d, 10 * S, "a", 0.5);  // window 0 opens with B1
            event(d, 65 * S, "b", 0.5);  // window 1 opens with B1 (window 0 is still in its grace period)
            d.publishBaseline("m", B2);
            event(d, 68 * S, "b", 0.5);  // window 1 again: still B1's bins
            event(d, 70 * S, "a", 0.5);  // closes window 0
            d.tick(); // the partition's progress marker: records read in place wait for its hop (none here)
            JsonNode w0 = only(d.scores(), "prediction");
            assertEquals("v1", w0.get("baselineVersion").asText());
            assertEquals(40, w0.get("referenceCount").asLong());
            assertEquals(kl(new double[]{30, 10}, new double[]{1, 0}), w0.get("kl").asDouble(), 1e-12);

            event(d, 125 * S, "a", 0.5); // window 2 opens: it takes B2
            event(d, 130 * S, "a", 0.5); // closes window 1, against B1
            d.tick(); // the partition's progress marker: records read in place wait for its hop (none here)
            JsonNode w1 = only(d.scores(), "prediction");
            assertEquals("2026-01-05T09:01:00Z", w1.get("windowStart").asText());
            assertEquals("v1", w1.get("baselineVersion").asText(), "opened before v2 was published");
            assertEquals(40, w1.get("referenceCount").asLong());
            assertEquals(kl(new double[]{30, 10}, new double[]{1, 2}), w1.get("kl").asDouble(), 1e-12);
            assertEquals("ok", only(List.of(w1), "prediction").get("status").asText());

            event(d, 190 * S, "a", 0.5); // closes window 2, against B2
            d.tick(); // the partition's progress marker: records read in place wait for its hop (none here)
            List<JsonNode> scores = d.scores();
            JsonNode w2 = only(scores, "prediction");
            assertEquals("v2", w2.get("baselineVersion").asText());
            assertEquals("v2", only(scores, "events").get("baselineVersion").asText());
            assertEquals(10, w2.get("referenceCount").asLong());
            assertEquals(kl(new double[]{5, 5}, new double[]{2, 0}), w2.get("kl").asDouble(), 1e-12);
            assertEquals("warming_up", only(scores, "feature.x").get("status").asText(), "B2 has no feature.x");
        }
    }

    @Test
    void anInvalidBaselineIsIgnoredAndTheModelKeepsItsOwn() {
        try (DriftDriver d = new DriftDriver(PINNED, stateDir)) {
            d.publishBaseline("m", B1);
            event(d, S, "a", 0.5);
            d.publishBaseline("m", "{\"model\":\"m\",\"signals\":[{\"signal\":\"prediction\",\"kind\":\"numeric\",\"edges\":[2,1],\"counts\":[1]}]}");
            event(d, 61 * S, "a", 0.5);
            event(d, 130 * S, "a", 0.5);
            d.tick(); // the partition's progress marker: records read in place wait for its hop (none here)
            List<JsonNode> predictions = d.scores().stream().filter(r -> r.get("signal").asText().equals("prediction")).toList();
            assertEquals(2, predictions.size());
            for (JsonNode r : predictions) {
                assertEquals(40, r.get("referenceCount").asLong(), r.toString());
            }
        }
    }

    @Test
    void theLearningSampleOfASignalTheBaselineLacksGoesWithTheBaselineItWasLearnedUnder() {
        try (DriftDriver d = new DriftDriver(PINNED, stateDir)) {
            d.publishBaseline("m", B2); // no feature.x: x learns its quantile edges (1,000 values by default)
            for (int i = 0; i < 100; i++) {
                event(d, i * 100L, "a", i); // 100 values of x: chunks 0 and 1 of 64
            }
            ObjectStore<?> samples = (ObjectStore<?>) d.driver.getStateStore(DriftProcessor.SAMPLE_STORE);
            assertEquals(List.of("m@v2@1#0", "m@v2@1#1"), samples.keys().stream().sorted().toList());
            d.publishBaseline("m", B1.replace("\"v1\"", "\"v3\"").replace("feature.x", "feature.other"));
            event(d, 70 * S, "a", 0.5); // window 1 opens with the new baseline
            d.tick(); // the partition's progress marker: window 0 closes
            assertEquals(List.of("m@v3@2#0"), samples.keys().stream().sorted().toList(),
                    "the old sample is deleted; x learns afresh under the new baseline (slot 2 after its two signals)");
        }
    }
}
