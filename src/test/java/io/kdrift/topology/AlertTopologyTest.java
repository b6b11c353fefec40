package io.kdrift.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts through the topology: a model whose prediction is "a" in the reference windows and flips to
 * "b" in later ones, with a rule that fires after 2 breaching windows and resolves after 2 clean ones.
 */
class AlertTopologyTest {
    private static final String CONFIG = """
            window: {size: 1m, grace: 0s, idleAfter: 1h}
            reference: {mode: fixed, windows: 2}
            scoring: {minCount: 1}
            alerts:
              rules:
                - name: Flip
                  conditions: [{metric: kl, above: 1.0}, {metric: pValue, below: 0.001}]
                  minCount: 20
                  forWindows: 2
                  resolveWindows: 2
            """;
    private static final long MINUTE = 60_000;

    @TempDir
    Path stateDir;

    /** Window w gets n predictions of the category; the first event of window w+1 will close it. */
    private static void window(DriftDriver d, int w, int n, String category) {
        for (int i = 0; i < n; i++) {
            d.prediction("m", w * MINUTE + i * 100L, category);
        }
    }

    private static void closeThrough(DriftDriver d, int w) {
        d.prediction("other", (w + 1) * MINUTE, "x");
    }

    @Test
    void firesAfterTwoBreachingWindowsResolvesAfterTwoCleanOnesNeverTwice() {
        try (DriftDriver d = new DriftDriver(CONFIG, stateDir)) {
            window(d, 0, 30, "a");
            window(d, 1, 30, "a");
            window(d, 2, 30, "b");
            closeThrough(d, 2);
            assertEquals(List.of(), d.alerts(), "one breaching window is not enough");
            window(d, 3, 30, "b");
            closeThrough(d, 3);
            List<JsonNode> fired = d.alerts();
            assertEquals(1, fired.size());
            JsonNode a = fired.get(0);
            assertEquals("firing", a.get("status").asText());
            assertEquals("m", a.get("model").asText());
            assertEquals("prediction", a.get("signal").asText());
            assertEquals("2026-01-05T09:04:00Z", a.get("startsAt").asText());
            assertEquals(false, a.has("endsAt"));
            window(d, 4, 30, "b");
            closeThrough(d, 4);
            assertEquals(List.of(), d.alerts(), "not on every window");
            window(d, 5, 30, "a");
            closeThrough(d, 5);
            assertEquals(List.of(), d.alerts(), "one clean window is not enough");
            window(d, 6, 30, "a");
            closeThrough(d, 6);
            List<JsonNode> resolved = d.alerts();
            assertEquals(1, resolved.size());
            assertEquals("resolved", resolved.get(0).get("status").asText());
            assertEquals("2026-01-05T09:04:00Z", resolved.get(0).get("startsAt").asText());
            assertEquals("2026-01-05T09:07:00Z", resolved.get(0).get("endsAt").asText());
            assertEquals(a.get("fingerprint"), resolved.get(0).get("fingerprint"));
        }
    }

    @Test
    void aWindowBelowTheMinimumCountNeitherFiresNorResolves() {
        try (DriftDriver d = new DriftDriver(CONFIG, stateDir)) {
            window(d, 0, 30, "a");
            window(d, 1, 30, "a");
            window(d, 2, 10, "b");
            window(d, 3, 10, "b");
            window(d, 4, 10, "b");
            closeThrough(d, 4);
            assertEquals(List.of(), d.alerts(), "10 events: below the rule's minCount of 20");
        }
    }
}
