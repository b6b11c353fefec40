package io.kdrift.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shift that starts at one moment and stays, with the default rolling reference of 12 windows and the default rules,
 * through the topology: the alerts must stay firing to the end (the reference does not learn the windows that alert),
 * resolve when the distribution returns, and resolve after a user accepts the shift (kdrift rebaseline).
 */
class ReferenceHoldTest {
    private static final long MINUTE = 60_000;
    private static final int EVENTS = 200;
    private static final int ONSET = 20;
    private static final int END = 60;
    private static final String DEFAULTS = "window: {size: 1m, grace: 0s, idleAfter: 1h}\n";

    @TempDir
    Path stateDir;

    /** Window w: x and y ~ N(mean, 1), z ~ N(0, 1), prediction a/b/c 60/30/10. */
    private static void window(DriftDriver d, Random rnd, int w, double mean) {
        for (int i = 0; i < EVENTS; i++) {
            double u = rnd.nextDouble();
            String p = u < 0.6 ? "a" : u < 0.9 ? "b" : "c";
            d.send(String.format(Locale.ROOT, "{\"model\":\"m\",\"timestamp\":%d,\"prediction\":\"%s\",\"features\":{\"x\":%.4f,\"y\":%.4f,\"z\":%.4f}}",
                    DriftDriver.T0 + w * MINUTE + i * (MINUTE / EVENTS), p, mean + rnd.nextGaussian(), mean + rnd.nextGaussian(), rnd.nextGaussian()));
        }
    }

    /** Runs windows [from, to) with the mean each window gets; returns the alert records by window (the window they came in). */
    private static Map<Integer, List<JsonNode>> run(DriftDriver d, Random rnd, int from, int to, java.util.function.IntToDoubleFunction mean) {
        Map<Integer, List<JsonNode>> out = new TreeMap<>();
        for (int w = from; w < to; w++) {
            window(d, rnd, w, mean.applyAsDouble(w));
            List<JsonNode> a = d.alerts(); // window w closes when window w+1's first event comes: what comes now is window w−1's
            if (!a.isEmpty()) {
                out.put(w - 1, a);
            }
        }
        return out;
    }

    /** The alerts firing after these records, as "rule model/signal". */
    private static List<String> firing(Map<Integer, List<JsonNode>> byWindow) {
        java.util.Set<String> firing = new java.util.TreeSet<>();
        byWindow.values().forEach(list -> list.forEach(a -> {
            String key = a.get("rule").asText() + " " + a.get("model").asText() + "/" + a.get("signal").asText();
            if (a.get("status").asText().equals("firing")) {
                firing.add(key);
            } else {
                firing.remove(key);
            }
        }));
        return new ArrayList<>(firing);
    }

    private static long resolved(Map<Integer, List<JsonNode>> byWindow) {
        return byWindow.values().stream().flatMap(List::stream).filter(a -> a.get("status").asText().equals("resolved")).count();
    }

    @Test
    void aShiftThatLastsStaysFiringToTheEndWithTheDefaults() {
        try (DriftDriver d = new DriftDriver(DEFAULTS, stateDir)) {
            Map<Integer, List<JsonNode>> alerts = run(d, new Random(1), 0, END, w -> w >= ONSET ? 1.5 : 0);
            List<String> firing = firing(alerts);
            assertTrue(firing.containsAll(List.of("KdriftModelDrift m/model", "KdriftDrift m/feature.x", "KdriftDrift m/feature.y")),
                    "firing at the end: " + firing + " " + alerts);
            assertEquals(0, resolved(alerts), "nothing resolves while the shift lasts: " + alerts);
            int firstAlert = alerts.keySet().iterator().next();
            assertTrue(firstAlert >= ONSET && firstAlert <= ONSET + 1, "found at the onset: " + alerts.keySet());
            for (JsonNode a : alerts.get(firstAlert)) {
                assertTrue(a.get("referenceHeld").asBoolean(), "a firing record says it holds the reference: " + a);
            }
            List<JsonNode> verdicts = d.verdicts();
            JsonNode last = verdicts.get(verdicts.size() - 1);
            assertEquals(DriftDriver.T0 + (END - 2) * MINUTE, java.time.Instant.parse(last.get("windowStart").asText()).toEpochMilli());
            // every window from the onset to the one before the last was held; the reference is what came before
            assertEquals(END - 2 - ONSET, last.get("referenceHeldWindows").asInt(), last.toString());
            assertEquals(java.time.Instant.ofEpochMilli(DriftDriver.T0 + ONSET * MINUTE).toString(), last.get("referenceHeldSince").asText());
            assertEquals(2, last.get("signalsDrifted").asInt(), last.toString());
            assertEquals(4, last.get("signalsTested").asInt(), last.toString());
        }
    }

    /** The same stream without the hold (every rule holdReference: false), as kdrift behaved before: the alerts resolve mid-shift. */
    @Test
    void withoutTheHoldTheReferenceAbsorbsTheShiftAndTheAlertsResolveWhileItLasts() {
        StringBuilder yaml = new StringBuilder(DEFAULTS + "alerts:\n  rules:\n");
        for (String rule : List.of(
                "{name: KdriftDrift, conditions: [{metric: kl, above: 0.1}, {metric: pValue, below: 0.001}], minCount: 30, forWindows: 2, "
                        + "resolveWindows: 2, holdReference: false}",
                "{name: KdriftSevereDrift, conditions: [{metric: psi, above: 0.5}, {metric: pValue, below: 1.0e-6}], minCount: 30, "
                        + "resolveWindows: 3, holdReference: false}",
                "{name: KdriftModelDrift, conditions: [{metric: signalsDrifted, above: 0}], minCount: 30, resolveWindows: 2, holdReference: false}")) {
            yaml.append("    - ").append(rule).append('\n');
        }
        try (DriftDriver d = new DriftDriver(yaml.toString(), stateDir)) {
            Map<Integer, List<JsonNode>> alerts = run(d, new Random(1), 0, END, w -> w >= ONSET ? 1.5 : 0);
            assertTrue(firing(alerts).isEmpty(), "the shift became the reference and every alert resolved: " + firing(alerts));
            assertTrue(resolved(alerts) >= 3, alerts.toString());
            assertEquals(0, d.verdicts().stream().mapToInt(v -> v.get("referenceHeldWindows").asInt()).max().orElse(0));
        }
    }

    @Test
    void whenTheDistributionReturnsTheAlertsResolve() {
        try (DriftDriver d = new DriftDriver(DEFAULTS, stateDir)) {
            Map<Integer, List<JsonNode>> alerts = run(d, new Random(2), 0, END, w -> w >= ONSET && w < 40 ? 1.5 : 0);
            assertTrue(firing(alerts).isEmpty(), "resolved once the distribution came back: " + firing(alerts));
            for (Map.Entry<Integer, List<JsonNode>> e : alerts.entrySet()) {
                for (JsonNode a : e.getValue()) {
                    if (a.get("status").asText().equals("resolved")) {
                        assertTrue(e.getKey() >= 40 && e.getKey() <= 43, "resolved within the resolve windows of the return: " + e);
                    }
                }
            }
            List<JsonNode> verdicts = d.verdicts();
            assertEquals(0, verdicts.get(verdicts.size() - 1).get("referenceHeldWindows").asInt(), "the reference learns again");
        }
    }

    @Test
    void aRebaselineAcceptsTheShiftAndTheAlertsResolve() {
        try (DriftDriver d = new DriftDriver(DEFAULTS, stateDir)) {
            Random rnd = new Random(3);
            Map<Integer, List<JsonNode>> before = run(d, rnd, 0, 40, w -> w >= ONSET ? 1.5 : 0);
            assertTrue(firing(before).contains("KdriftModelDrift m/model"), before.toString());
            d.rebaseline("m", DriftDriver.T0 + 40 * MINUTE);
            Map<Integer, List<JsonNode>> after = run(d, rnd, 40, END, w -> 1.5);
            before.putAll(after);
            assertTrue(firing(before).isEmpty(), "every alert resolved against the new reference: " + firing(before) + " " + after);
            for (int w : after.keySet()) {
                assertTrue(w <= 44, "resolved within a few windows of the re-baseline, and nothing fired again: " + after);
            }
            List<JsonNode> verdicts = d.verdicts();
            JsonNode last = verdicts.get(verdicts.size() - 1);
            assertEquals(0, last.get("referenceHeldWindows").asInt(), last.toString());
            assertEquals(0, last.get("signalsDrifted").asInt(), last.toString());
        }
    }
}
