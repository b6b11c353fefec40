package io.kdrift.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.codec.EventParser;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.RejectReason;
import io.kdrift.result.ScoreRecord;
import io.kdrift.result.Signals;
import io.kdrift.state.KeyedState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-task windowing alone, with its state in maps: what closes a window, what is late, what a restart keeps. */
class TaskWindowsTest {
    private static final KdriftConfig CONFIG = ConfigLoader.parse("""
            window: {size: 1m, grace: 10s, idleAfter: 30s}
            reference: {mode: rolling, windows: 2}
            """, "test.yaml");
    private static final long T0 = 1_767_600_000_000L; // 2026-01-05T08:00Z, a window boundary
    private static final long WALL = 1_800_000_000_000L;

    private final Map<String, ModelState> models = new HashMap<>();
    private final Map<String, WindowState> windows = new HashMap<>();
    private final Map<String, Long> clock = new HashMap<>();
    private final Map<String, SampleChunk> samples = new HashMap<>();
    private final List<ScoreRecord> out = new ArrayList<>();

    private TaskWindows task(boolean quietOnIdle) {
        return new TaskWindows(CONFIG, new TaskWindows.Stores(KeyedState.over(models), KeyedState.over(windows), KeyedState.over(clock),
                KeyedState.over(samples), null), TaskWindows.Output.everyRecord((model, score) -> out.add(score)), quietOnIdle, WALL);
    }

    private static PredictionEvent event(String model, long ts, Object prediction) {
        String p = prediction instanceof String s ? "\"" + s + "\"" : String.valueOf(prediction);
        return new EventParser().parse(null, ("{\"model\":\"" + model + "\",\"timestamp\":" + ts + ",\"prediction\":" + p + "}")
                .getBytes(StandardCharsets.UTF_8), -1).event();
    }

    private List<String> closed() {
        return out.stream().map(r -> r.model() + "/" + r.signal() + "@" + (r.windowStart() - T0) / 60_000).toList();
    }

    @Test
    void aWindowClosesWhenStreamTimePassesItsEndAndGraceWhicheverModelMovesIt() {
        TaskWindows task = task(true);
        assertEquals(Admission.ACCEPTED, task.add("a", event("a", T0 + 1_000, "x"), WALL));
        assertEquals(Admission.ACCEPTED, task.add("b", event("b", T0 + 2_000, "y"), WALL));
        assertEquals(Admission.ACCEPTED, task.add("b", event("b", T0 + 69_999, "y"), WALL));
        assertEquals(List.of(), out, "stream time 69.999 s: window [0, 60 s) + 10 s grace still open");
        // model b's traffic closes model a's window too
        assertEquals(Admission.ACCEPTED, task.add("b", event("b", T0 + 70_000, "y"), WALL));
        assertEquals(List.of("a/events@0", "a/prediction@0", "b/events@0", "b/prediction@0"), closed().stream().sorted().toList());
        assertEquals(T0 + 70_000, task.streamTime());
        assertEquals(List.of("b@" + (T0 + 60_000)), List.copyOf(windows.keySet()), "b's window [60 s, 120 s) open, and only it");
    }

    @Test
    void anEventForAClosedWindowIsLateAndCountsNowhere() {
        TaskWindows task = task(true);
        task.add("a", event("a", T0 + 1_000, "x"), WALL);
        task.add("a", event("a", T0 + 75_000, "x"), WALL);
        int scores = out.size();
        Admission late = task.add("a", event("a", T0 + 59_000, "x"), WALL);
        Admission.Late l = assertInstanceOf(Admission.Late.class, late);
        assertEquals(T0, l.windowStart());
        assertEquals(T0 + 75_000, l.streamTime());
        assertEquals(scores, out.size());
        // within grace: the window [60 s, 120 s) is open, an event dated before the latest is still counted
        assertEquals(Admission.ACCEPTED, task.add("a", event("a", T0 + 61_000, "x"), WALL));
    }

    @Test
    void anEventWhoseValueConflictsWithItsSignalIsRejectedAndNotCounted() {
        TaskWindows task = task(true);
        task.add("a", event("a", T0, 1.5), WALL);
        Admission.Conflict c = assertInstanceOf(Admission.Conflict.class, task.add("a", event("a", T0 + 1, "x"), WALL));
        assertEquals(RejectReason.SIGNAL_TYPE_CONFLICT, c.rejection().reason());
        assertEquals(1, windows.get("a@" + T0).events());
    }

    @Test
    void aQuietTaskFollowsTheWallClockAfterIdleAfterSoItsLastWindowStillCloses() {
        TaskWindows task = task(true);
        task.add("a", event("a", T0 + 50_000, "x"), WALL);
        task.onWallClock(WALL + 29_999);
        assertEquals(List.of(), out);
        task.onWallClock(WALL + 30_000); // stream time 50 s + 30 s idle = 80 s: [0, 60 s) closes
        assertEquals(List.of("a/events@0", "a/prediction@0"), closed().stream().sorted().toList());
        assertEquals(T0 + 80_000, clock.get("stream-time"), "a move by the wall clock is stored on its own");
    }

    @Test
    void aModelWithoutEventsIsReportedQuietOncePerWindowForAsLongAsItsReferenceRemembers() {
        TaskWindows task = task(true);
        task.add("a", event("a", T0, "x"), WALL);
        task.add("b", event("b", T0, "x"), WALL);
        for (int minute = 1; minute <= 5; minute++) {
            task.add("b", event("b", T0 + minute * 60_000L + 10_000, "x"), WALL);
        }
        List<Long> quiet = out.stream().filter(r -> r.model().equals("a") && r.signal().equals(Signals.EVENTS) && r.currentCount() == 0)
                .map(r -> (r.windowStart() - T0) / 60_000).toList();
        assertEquals(List.of(1L, 2L), quiet, "two quiet windows: reference.windows is 2");
    }

    @Test
    void aRestoredTaskNeitherReopensAClosedWindowNorScoresOneTwice() {
        TaskWindows task = task(true);
        task.add("a", event("a", T0 + 1_000, "x"), WALL);
        task.add("a", event("a", T0 + 70_000, "x"), WALL);
        int scores = out.size();
        TaskWindows restored = task(true);
        assertEquals(T0 + 70_000, restored.streamTime(), "stream time from the windows written");
        assertTrue(restored.models().contains("a"));
        assertInstanceOf(Admission.Late.class, restored.add("a", event("a", T0 + 2_000, "x"), WALL));
        restored.add("a", event("a", T0 + 130_000, "x"), WALL);
        assertEquals(List.of("a/events@1", "a/prediction@1"), closed().subList(scores, out.size()).stream().sorted().toList());
    }
}
