package io.kdrift.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.state.KeyedState;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class WatermarksTest {
    private static final long IDLE = 60_000;
    private static final long MIN = Long.MIN_VALUE;
    /** Every partition of topic "in" is read in place and hops by "rep"; labels hop by "labels". */
    private static final Function<Channel, Collection<String>> VIAS = c -> c.labels() ? List.of("labels") : List.of("rep", Channel.DIRECT);

    /** This is the task of partition 0: it reads partition 0 of each hop. */
    private static final Function<Channel, Collection<String>> HOPS = c -> Channel.DIRECT.equals(c.via()) ? List.of()
            : List.of(Backlog.hopPartition(c.via(), 0));

    private static Channel rep(int partition) {
        return new Channel("rep", "in", partition, false);
    }

    private static Channel direct(int partition) {
        return new Channel(Channel.DIRECT, "in", partition, false);
    }

    private static Watermarks clocks(Map<String, Long> store, List<Channel> waiting, long now) {
        return clocks(store, new Backlog(waiting), now);
    }

    private static Watermarks clocks(Map<String, Long> store, Backlog backlog, long now) {
        return new Watermarks(IDLE, KeyedState.over(store), backlog, VIAS, HOPS, MIN, now);
    }

    @Test
    void theClockIsTheLeastProgressOfThePartitionsThatFeedIt() {
        Watermarks w = clocks(new HashMap<>(), List.of(), 0);
        w.heard(rep(0), 1_000, 0);
        assertEquals(1_000, w.predictionClock(), "one partition heard: its progress");
        w.heard(rep(1), 500_000, 10);
        assertEquals(1_000, w.predictionClock(), "a partition far ahead does not move it past the slow one");
        w.heard(rep(0), 400_000, 20);
        assertEquals(400_000, w.predictionClock());
        w.heard(rep(0), 300_000, 30);
        assertEquals(400_000, w.predictionClock(), "a partition's older record moves nothing");
    }

    @Test
    void aPartitionSilentForIdleAfterStopsHoldingAndTheClockNeverGoesBackWhenItReturns() {
        Watermarks w = clocks(new HashMap<>(), List.of(), 0);
        w.heard(rep(0), 1_000, 0);
        w.heard(rep(1), 2_000, 0);
        for (long now = 1_000; now < IDLE; now += 1_000) {
            w.heard(rep(1), 2_000 + now, now);
            w.tick(now);
        }
        assertEquals(1_000, w.predictionClock(), "partition 0 is silent, but not for idleAfter yet");
        w.heard(rep(1), 2_000 + IDLE, IDLE);
        w.tick(IDLE);
        assertEquals(2_000 + IDLE, w.predictionClock(), "silent for idleAfter: partition 1 alone");
        w.heard(rep(0), 5_000, IDLE + 1_000);
        assertEquals(2_000 + IDLE, w.predictionClock(), "back, behind the clock: the clock stays (its records there are late)");
        w.heard(rep(1), 500_000, IDLE + 2_000);
        assertEquals(2_000 + IDLE, w.predictionClock(), "and holds it again from where it is");
        w.heard(rep(0), 100_000, IDLE + 3_000);
        assertEquals(100_000, w.predictionClock());
    }

    @Test
    void aPartitionSilentForIdleAfterWhoseRecordsTheBrokerSaysStillWaitHoldsUntilTheyAreRead() {
        // the task did not run for longer than idleAfter (a busy machine, a long pause): partition 0's records wait unread
        Backlog backlog = new Backlog(List.of());
        Watermarks w = clocks(new HashMap<>(), backlog, 0);
        for (int p = 0; p < 2; p++) {
            w.heard(direct(p), 1_000 + p * 1_000, 0);
            w.heard(rep(p), 1_000 + p * 1_000, 0); // (a progress marker: every way of a partition is heard)
        }
        backlog.reading(Set.of(Channel.partition("in", 0, false)), Set.of());
        w.heard(direct(1), 500_000, IDLE + 1_000);
        w.heard(rep(1), 500_000, IDLE + 1_000);
        w.tick(IDLE + 1_000);
        assertEquals(1_000, w.predictionClock(), "partition 0 has not moved for idleAfter, but records of it wait: it holds");
        assertTrue(w.predictionsFlow());
        backlog.reading(Set.of(), Set.of());
        assertTrue(w.tick(IDLE + 2_000));
        assertEquals(500_000, w.predictionClock(), "read to its end and still silent: idle");
    }

    /**
     * Records written to this task's own partition while the task started (after the instance's first reading, which
     * found it empty): the other partitions' progress markers can come before its first record. The broker's reading
     * that its records wait makes it hold from then; before, the markers moved the clock past its first windows, and
     * their events were late (RunCommandIT, a loaded CI machine: one model's first window lost).
     */
    @Test
    void aPartitionOfThisTaskWithRecordsWaitingHoldsBeforeItsFirstRecordIsRead() {
        Backlog backlog = new Backlog(List.of());
        backlog.reading(Set.of(Channel.partition("in", 0, false), Channel.partition("in", 1, false)), Set.of());
        Watermarks w = clocks(new HashMap<>(), backlog, 0);
        w.readsInPlace(0);
        w.heard(rep(1), 500_000, 100);
        assertEquals(MIN, w.predictionClock(), "partition 0's records wait unread: the marker of partition 1 moves nothing");
        w.heard(direct(0), 1_000, 200);
        w.heard(rep(0), 1_000, 200); // (its progress marker, by every way it takes)
        assertEquals(1_000, w.predictionClock(), "read: its progress");

        // known from a reading after the task started, too; only this task's partition, and only while its records wait
        Backlog later = new Backlog(List.of());
        Watermarks w2 = clocks(new HashMap<>(), later, 0);
        w2.readsInPlace(0);
        later.reading(Set.of(Channel.partition("in", 0, false)), Set.of());
        w2.tick(1_000);
        w2.heard(rep(1), 500_000, 1_100);
        assertEquals(MIN, w2.predictionClock(), "the reading said partition 0 has records waiting");
        later.reading(Set.of(), Set.of());
        w2.tick(IDLE + 1_000);
        assertEquals(500_000, w2.predictionClock(), "read to its end (by nobody here) and silent for idleAfter: idle");

        Backlog other = new Backlog(List.of());
        other.reading(Set.of(Channel.partition("in", 1, false)), Set.of());
        Watermarks w3 = clocks(new HashMap<>(), other, 0);
        w3.readsInPlace(0);
        w3.heard(rep(2), 500_000, 100);
        assertEquals(500_000, w3.predictionClock(), "another task's partition waiting holds nothing before it is heard here");
    }

    @Test
    void aPartitionSilentForIdleAfterHoldsWhileTheHopThatBringsItToThisTaskIsBehind() {
        Backlog backlog = new Backlog(List.of());
        Watermarks w = clocks(new HashMap<>(), backlog, 0);
        w.heard(rep(0), 1_000, 0);
        w.heard(direct(1), 2_000, 0);
        w.heard(rep(1), 2_000, 0);
        backlog.reading(Set.of(), Set.of(Backlog.hopPartition("rep", 1)));
        w.heard(direct(1), 500_000, IDLE + 1_000);
        w.heard(rep(1), 500_000, IDLE + 1_000);
        w.tick(IDLE + 1_000);
        assertEquals(500_000, w.predictionClock(), "another task's hop partition behind holds nothing here");
        Watermarks w2 = clocks(new HashMap<>(), backlog, 0);
        w2.heard(rep(0), 1_000, 0);
        w2.heard(direct(1), 2_000, 0);
        backlog.reading(Set.of(), Set.of(Backlog.hopPartition("rep", 0)));
        w2.heard(direct(1), 500_000, IDLE + 1_000);
        w2.tick(IDLE + 1_000);
        assertEquals(1_000, w2.predictionClock(), "this task has not read what was in its hop partition: partition 0 may be in it");
        backlog.reading(Set.of(), Set.of());
        w2.tick(IDLE + 2_000);
        assertEquals(500_000, w2.predictionClock());
    }

    @Test
    void withEveryPartitionIdleTheClockFollowsTheWallClockFromTheLargestProgress() {
        Watermarks w = clocks(new HashMap<>(), List.of(), 0);
        w.heard(rep(0), 1_000, 0);
        w.heard(rep(1), 9_000, 0);
        assertFalse(w.tick(IDLE - 1));
        assertEquals(1_000, w.predictionClock());
        assertTrue(w.tick(IDLE + 5_000));
        assertEquals(9_000 + IDLE + 5_000, w.predictionClock());
        assertTrue(w.predictionClockByWall());
    }

    @Test
    void aPartitionEmptyAtStartHoldsNothingUntilItIsHeard() {
        Watermarks w = clocks(new HashMap<>(), List.of(), 0);
        w.heard(rep(0), 50_000, 100);
        assertEquals(50_000, w.predictionClock(), "partition 1 had nothing waiting: nothing of it can be outrun");
        w.heard(rep(1), 60_000, 200);
        w.heard(rep(0), 90_000, 300);
        assertEquals(60_000, w.predictionClock(), "heard: it holds from then on");
    }

    @Test
    void aPartitionWhoseRecordsWaitedAtStartHoldsUntilItIsReadHoweverLongThatTakes() {
        // Kafka Streams reads a task's partitions in record-timestamp order: labels written after the predictions wait
        Watermarks w = clocks(new HashMap<>(), List.of(Channel.partition("in", 0, false)), 0);
        for (long now = 1_000; now <= 3 * IDLE; now += 1_000) {
            w.heard(rep(1), 50_000 + now, now);
            w.tick(now);
        }
        assertEquals(MIN, w.predictionClock(), "partition 0 had records waiting: it holds until read");
        w.heard(rep(0), Watermarks.READ_NOTHING, 3 * IDLE + 1_000); // read, nothing accepted yet (bad records): it moved
        assertEquals(50_000 + 3 * IDLE, w.predictionClock(), "read, with nothing on its way: it holds nothing");
        w.heard(rep(1), 70_000 + 3 * IDLE, 3 * IDLE + 1_500);
        w.heard(rep(0), 10_000, 3 * IDLE + 2_000);
        assertEquals(70_000 + 3 * IDLE, w.predictionClock(), "behind the clock: the clock stays");
        w.heard(rep(1), 90_000 + 5 * IDLE, 5 * IDLE);
        w.tick(5 * IDLE);
        assertEquals(90_000 + 5 * IDLE, w.predictionClock(), "read, then silent for idleAfter: idle as any other");
    }

    @Test
    void aTaskStartedLaterInTheRunDoesNotWaitForEverForABacklogReadToItsEndBeforeIt() {
        // the instance started with records waiting on partition 0; a first task read them all and stored its progress
        Backlog backlog = new Backlog(List.of(Channel.partition("in", 0, false)));
        Map<String, Long> store = new HashMap<>();
        Watermarks first = clocks(store, backlog, 0);
        first.heard(rep(0), 40_000, 1_000);
        first.heard(rep(1), 50_000, 1_000);
        first.tick(1_500);
        // the task starts again (a rebalance, a replaced thread): partition 0 brings nothing new, partition 1 goes on
        Watermarks again = clocks(store, backlog, 2_000);
        for (long now = 3_000; now <= 3 * IDLE; now += 1_000) {
            again.heard(rep(0), 40_000, now); // its source's markers: no record since
            again.heard(rep(1), 50_000 + now, now);
            again.tick(now);
        }
        assertEquals(40_000, again.predictionClock(), "the broker has not said yet that partition 0 was read: it holds");
        backlog.read(partition -> false); // the health check's reading: every partition read to its end
        long read = 3 * IDLE + 1_000;
        again.heard(rep(1), 50_000 + read, read);
        again.tick(read);
        assertEquals(40_000, again.predictionClock(), "read to its end: it holds for idleAfter more, as a partition heard");
        again.heard(rep(1), 50_000 + read + IDLE, read + IDLE);
        again.tick(read + IDLE);
        assertEquals(50_000 + read + IDLE, again.predictionClock(), "then it is idle as any other");
        Watermarks later = clocks(store, backlog, read + IDLE);
        later.heard(rep(1), 60_000 + read + IDLE, read + IDLE);
        later.heard(rep(0), 40_000, read + IDLE);
        assertEquals(40_000, later.predictionClock(), "a task started after the reading holds for what it has stored, not the backlog");
        later.heard(rep(1), 70_000 + read + 2 * IDLE, read + 2 * IDLE);
        later.tick(read + 2 * IDLE);
        assertEquals(70_000 + read + 2 * IDLE, later.predictionClock(), "and for idleAfter only");
    }

    @Test
    void aPartitionsOtherWayHoldsUntilHeardSoRecordsReadInPlaceCannotOutrunThoseInTheHop() {
        Watermarks w = clocks(new HashMap<>(), List.of(), 0);
        w.heard(direct(0), 90_000, 0);
        assertEquals(MIN, w.predictionClock(), "partition 0's hop may still bring older records");
        w.heard(rep(0), 10_000, 100);
        assertEquals(10_000, w.predictionClock(), "the hop's progress holds it");
        w.heard(rep(0), 90_000, 200);
        assertEquals(90_000, w.predictionClock());
    }

    @Test
    void aRestartTakesUpEachChannelsStoredProgressAndKeepsTheClock() {
        Map<String, Long> store = new HashMap<>();
        Watermarks before = clocks(store, List.of(), 0);
        before.heard(rep(0), 10_000, 0);
        before.heard(rep(1), 70_000, 0);
        before.tick(500);
        Watermarks after = new Watermarks(IDLE, KeyedState.over(store), Backlog.NONE, VIAS, HOPS, 10_000, 1_000);
        assertEquals(10_000, after.predictionClock());
        after.heard(rep(1), 200_000, 2_000);
        assertEquals(10_000, after.predictionClock(), "partition 0 holds from its stored progress: it has not been read again yet");
        after.heard(rep(0), 150_000, 3_000);
        assertEquals(150_000, after.predictionClock());
    }

    @Test
    void aStoredChannelOfAWayThePartitionNoLongerTakesDoesNotHoldTheClockOnceThePartitionMovesOtherwise() {
        // before: partition 0 read in place; after a restart, its records hop ("rep"): partitions added to the first
        // input, or an upgrade that gave an input hops of its own
        Map<String, Long> store = new HashMap<>();
        Watermarks before = new Watermarks(IDLE, KeyedState.over(store), Backlog.NONE, c -> List.of(Channel.DIRECT), HOPS, MIN, 0);
        before.heard(direct(0), 10_000, 0);
        before.tick(500);
        Watermarks after = new Watermarks(IDLE, KeyedState.over(store), Backlog.NONE, c -> List.of("rep"), HOPS, 10_000, 1_000);
        after.heard(rep(0), 200_000, 2_000);
        assertEquals(200_000, after.predictionClock(), "partition 0 is heard by the way it now takes: its old way holds nothing");
        after.heard(rep(0), 300_000, 3_000);
        assertEquals(300_000, after.predictionClock());
    }

    @Test
    void recordsInFlightOnAWayThePartitionNoLongerTakesDoNotHoldTheClockOnceTheyStop() {
        // an upgrade: partition 0's records went by "old" before, by "rep" now; some sent the old way are still in flight
        Watermarks w = new Watermarks(IDLE, KeyedState.over(new HashMap<>()), Backlog.NONE, c -> List.of("rep"), HOPS, MIN, 0);
        w.heard(new Channel("old", "in", 0, false), 10_000, 0);
        w.heard(rep(0), 20_000, 10);
        w.heard(rep(0), 300_000, 20);
        assertEquals(300_000, w.predictionClock(), "the old way's last record holds nothing");
    }

    @Test
    void labelsHaveAClockOfTheirOwn() {
        Watermarks w = clocks(new HashMap<>(), List.of(), 0);
        w.heard(rep(0), 100_000, 0);
        w.heard(new Channel("labels", "outcomes", 0, true), 5_000, 0);
        w.heard(new Channel("labels", "outcomes", 1, true), 7_000, 0);
        assertEquals(100_000, w.predictionClock(), "labels never hold the predictions' clock");
        assertEquals(5_000, w.labelClock());
    }
}
