package io.kdrift.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.alert.AlertRecord;
import io.kdrift.result.ScoreRecord;
import io.kdrift.result.ScoreStatus;
import io.kdrift.stats.DriftScores;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live page's memory of recent windows: capped, without bins, forgetting a model that leaves; the alerts firing with their records. */
class RecentWindowsTest {
    private static final long MINUTE = 60_000;

    private static ScoreRecord record(String model, String signal, int window) {
        return ScoreRecord.scored(model, signal, window * MINUTE, (window + 1) * MINUTE, ScoreStatus.OK, 3, 300, 100,
                new DriftScores(2, 300, 100, 0.1 * window, 0.1, 1, 1, 1, 0.01, 0.2, 4, 0.05),
                List.of(new ScoreRecord.BinShare("a", 0.5, 0.4), new ScoreRecord.BinShare("b", 0.5, 0.6)),
                List.of(new ScoreRecord.Contribution("a", 0.5, 0.4, 0.1)));
    }

    private static AlertRecord alert(String model, String signal, String status) {
        return new AlertRecord("KdriftDrift", status, model, signal, "warning", "kl", 0.3, 0.1, 5 * MINUTE, null, 6 * MINUTE, "f",
                Map.of(), Map.of(), List.of(), false);
    }

    @Test
    void keepsTheLastWindowsOfEachSignalWithoutTheirBins() {
        RecentWindows recent = new RecentWindows(4);
        for (int w = 0; w < 10; w++) {
            recent.onScore(record("m", "x", w));
            recent.onScore(record("m", "y", w));
            recent.onScore(record("n", "x", w));
        }
        List<ScoreRecord> m = recent.scores("m");
        assertEquals(8, m.size(), "4 windows of x and of y");
        assertEquals(List.of(6L, 7L, 8L, 9L, 6L, 7L, 8L, 9L), m.stream().map(r -> r.windowStart() / MINUTE).toList(), "by signal, then window");
        assertTrue(m.stream().allMatch(r -> r.distribution().isEmpty() && r.topContributors().isEmpty()));
        assertEquals(0.9, m.get(3).divergences().kl(), 1e-12, "the numbers stay");
        assertEquals(List.of(), recent.scores("mm"), "a model whose id starts like another's is another");

        recent.onModelsReleased(List.of("m"));
        assertEquals(List.of(), recent.scores("m"));
        assertEquals(4, recent.scores("n").size());
        assertEquals(List.of(), new RecentWindows(0).scores("m"));
        RecentWindows none = new RecentWindows(0);
        none.onScore(record("m", "x", 1));
        assertEquals(List.of(), none.scores("m"), "0 keeps none");
    }

    @Test
    void theAlertsFiringCarryTheRecordThatStartedThemAndLeaveWhenResolved() {
        RecentWindows recent = new RecentWindows();
        // restored after a restart: firing, no record seen by this instance
        recent.onAlertState("m", "x", "KdriftDrift", "warning", true);
        assertNull(recent.firing().get(0).record());
        AlertRecord firing = alert("m", "x", AlertRecord.FIRING);
        recent.onAlertState("m", "x", "KdriftDrift", "warning", true);
        recent.onAlert(firing);
        assertEquals(firing, recent.firing().get(0).record());
        recent.onAlertState("m", "y", "KdriftDrift", "warning", true);
        recent.onAlert(alert("m", "y", AlertRecord.FIRING));
        assertEquals(List.of("x", "y"), recent.firing().stream().map(RecentWindows.Firing::signal).toList());
        recent.onAlertState("m", "x", "KdriftDrift", "warning", false);
        recent.onAlert(alert("m", "x", AlertRecord.RESOLVED));
        assertEquals(List.of("y"), recent.firing().stream().map(RecentWindows.Firing::signal).toList(), "a resolved alert leaves the list");
        recent.onModelsReleased(List.of("m"));
        assertEquals(List.of(), recent.firing());
    }
}
