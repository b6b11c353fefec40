package io.kdrift.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StallDetectorTest {
    private static final long MIN = 60_000;

    @Test
    void waitingInputWithCommitsThatDoNotMoveIsAStallOnceTheTimeHasPassed() {
        StallDetector d = new StallDetector(5 * MIN, 0);
        d.observe(1 * MIN, 100, 50);
        assertFalse(d.stalled(1 * MIN));
        d.observe(4 * MIN, 300, 50); // lag grows, nothing committed since the first reading
        assertFalse(d.stalled(4 * MIN));
        d.observe(6 * MIN, 500, 50);
        assertTrue(d.stalled(6 * MIN), "input waits and the commits stood still since the start");
        assertEquals(0, d.progressAtMs());
        d.observe(7 * MIN, 400, 51); // one commit moves: progress
        assertFalse(d.stalled(7 * MIN));
    }

    @Test
    void anIdleInputIsNeverAStallAndABusyOneNeither() {
        StallDetector idle = new StallDetector(MIN, 0);
        for (long t = 0; t < 10 * MIN; t += MIN / 2) {
            idle.observe(t, 0, 7);
        }
        assertFalse(idle.stalled(10 * MIN));
        StallDetector busy = new StallDetector(MIN, 0);
        for (long t = 0, c = 0; t < 10 * MIN; t += MIN / 2, c += 1000) {
            busy.observe(t, 1_000_000, c);
        }
        assertFalse(busy.stalled(10 * MIN));
    }

    @Test
    void aMonitorThatNeverCommittedIsJudgedFromItsStart() {
        StallDetector d = new StallDetector(MIN, 10 * MIN);
        d.observe(10 * MIN + 30_000, 5, 0);
        assertFalse(d.stalled(10 * MIN + 30_000));
        d.observe(11 * MIN, 5, 0);
        assertTrue(d.stalled(11 * MIN));
        assertEquals(-1, new StallDetector(MIN, 0).lag(), "no reading yet");
    }

    @Test
    void failuresAreCountedInASlidingWindow() {
        FailureBudget b = new FailureBudget(2, 10 * MIN);
        assertTrue(b.recordAndCheck(0));
        assertTrue(b.recordAndCheck(MIN));
        assertFalse(b.recordAndCheck(2 * MIN), "a third failure within 10 minutes");
        FailureBudget spread = new FailureBudget(2, 10 * MIN);
        assertTrue(spread.recordAndCheck(0));
        assertTrue(spread.recordAndCheck(6 * MIN));
        assertTrue(spread.recordAndCheck(11 * MIN), "the first has left the window");
        assertEquals(3, spread.total());
        assertFalse(new FailureBudget(0, MIN).recordAndCheck(0), "no failure allowed");
    }
}
