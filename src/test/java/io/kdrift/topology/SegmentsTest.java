package io.kdrift.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kdrift.config.ConfigException;
import io.kdrift.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift per slice of traffic, through the topology: a shift in one region alone (a tenth of the traffic) is found in
 * that region's segment, while the model as a whole, where the shift is diluted, stays quiet; header segments; the cap.
 */
class SegmentsTest {
    private static final long MINUTE = 60_000;
    private static final int EVENTS = 600;
    private static final int ONSET = 16;
    private static final int END = 24;

    @TempDir
    Path stateDir;

    @Test
    void aShiftInOneSegmentIsFoundThereAndNotDilutedAway() {
        Random rnd = new Random(21);
        List<JsonNode> alerts = new ArrayList<>();
        List<JsonNode> scores = new ArrayList<>();
        String yaml = "window: {size: 1m, grace: 0s, idleAfter: 1h}\nsegments: [{feature: region}]\n";
        try (DriftDriver d = new DriftDriver(yaml, stateDir)) {
            for (int w = 0; w <= END; w++) {
                for (int i = 0; i < EVENTS; i++) {
                    double u = rnd.nextDouble();
                    String region = u < 0.1 ? "eu" : u < 0.55 ? "us" : "ap";
                    double x = rnd.nextGaussian() + (region.equals("eu") && w >= ONSET ? 1.5 : 0);
                    d.send(String.format(Locale.ROOT, "{\"model\":\"m\",\"timestamp\":%d,\"prediction\":0.5,\"features\":{\"region\":\"%s\",\"x\":%.4f}}",
                            DriftDriver.T0 + w * MINUTE + i * (MINUTE / EVENTS), region, x));
                }
                alerts.addAll(d.alerts());
                scores.addAll(d.scores());
            }
        }
        Set<String> alerted = new TreeSet<>();
        alerts.forEach(a -> alerted.add(a.get("model").asText() + "/" + a.get("signal").asText() + " " + a.get("rule").asText()));
        assertTrue(alerted.contains("m{region=eu}/model KdriftModelDrift"), alerted.toString());
        assertTrue(alerted.contains("m{region=eu}/feature.x KdriftDrift") || alerted.contains("m{region=eu}/feature.x KdriftSevereDrift"),
                alerted.toString());
        assertTrue(alerted.stream().noneMatch(a -> a.startsWith("m/") || a.startsWith("m{region=us}") || a.startsWith("m{region=ap}")),
                "the model as a whole and the other regions stay quiet: " + alerted);
        // the same window, side by side: the segment's KL is large, the model's diluted one small
        String window = java.time.Instant.ofEpochMilli(DriftDriver.T0 + (ONSET + 2) * MINUTE).toString();
        double segment = kl(scores, "m{region=eu}", window);
        double whole = kl(scores, "m", window);
        assertTrue(segment > 0.5 && whole < 0.05, "KL of feature.x: segment " + segment + ", model " + whole);
        // the segments add up to the model: every event counts once in its region
        double total = 0;
        for (String r : List.of("eu", "us", "ap")) {
            total += count(scores, "m{region=" + r + "}", window);
        }
        assertEquals(count(scores, "m", window), total, 1e-9);
    }

    @Test
    void aHeaderNamesTheSegmentAndTheCapCountsTheRestTogether() {
        String yaml = "window: {size: 1m, grace: 0s, idleAfter: 1h}\nsegments: [{header: x-tenant, max: 3, models: [\"m\"]}]\n";
        List<JsonNode> scores = new ArrayList<>();
        try (DriftDriver d = new DriftDriver(yaml, stateDir)) {
            for (int w = 0; w < 2; w++) {
                for (int i = 0; i < 60; i++) {
                    String json = "{\"model\":\"" + (i % 10 == 9 ? "other" : "m") + "\",\"timestamp\":" + (DriftDriver.T0 + w * MINUTE + i * 1000L)
                            + ",\"prediction\":\"a\"}";
                    if (i % 10 == 0) {
                        d.send(json); // no header: __missing__
                    } else {
                        d.sendWithHeader(json, "x-tenant", "tenant/" + (i % 7)); // 7 tenants, a character no key may have
                    }
                }
            }
            scores.addAll(d.scores());
        }
        Set<String> models = new TreeSet<>();
        scores.forEach(s -> models.add(s.get("model").asText()));
        assertEquals(Set.of("m", "other", "m{x-tenant=__missing__}", "m{x-tenant=__other__}", "m{x-tenant=tenant_1}", "m{x-tenant=tenant_2}",
                "m{x-tenant=tenant_3}"), models, "3 tenants by arrival, the rest together; 'other' has no segments (models: [m])");
    }

    @Test
    void segmentsOfAPinnedModelAreAConfigError() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "models: {fraud-v2: {reference: {mode: pinned}}}\nsegments: [{feature: region}]\n", "t.yaml"));
        assertTrue(e.getMessage().contains("t.yaml:2") && e.getMessage().contains("segments") && e.getMessage().contains("pinned"), e.getMessage());
    }

    private static double kl(List<JsonNode> scores, String model, String windowStart) {
        return scores.stream().filter(s -> s.get("model").asText().equals(model) && s.get("signal").asText().equals("feature.x")
                && s.get("windowStart").asText().equals(windowStart)).findFirst().orElseThrow().get("kl").asDouble();
    }

    private static double count(List<JsonNode> scores, String model, String windowStart) {
        return scores.stream().filter(s -> s.get("model").asText().equals(model) && s.get("signal").asText().equals("events")
                && s.get("windowStart").asText().equals(windowStart)).findFirst().orElseThrow().get("currentCount").asDouble();
    }
}
