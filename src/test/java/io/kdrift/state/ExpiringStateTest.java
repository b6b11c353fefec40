package io.kdrift.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The joins' skeleton: entries wait until their expiry, leave when taken out, and a key that came back waits anew. */
class ExpiringStateTest {
    private record Entry(String what, long expiresAt) {
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, ExpiryIndex.ExpiryBucket> buckets = new HashMap<>();
    private final ExpiringState<Entry> waiting = new ExpiringState<>(KeyedState.over(entries),
            new ExpiryIndex(KeyedState.over(buckets), "w", 1_000), Entry::expiresAt);
    private final List<String> expired = new ArrayList<>();

    private void expire(long clock) {
        waiting.expire(clock, (key, e) -> expired.add(key + "=" + e.what()));
    }

    @Test
    void entriesExpireInExpiryThenArrivalOrderAndOnlyOnce() {
        waiting.add("b", new Entry("second", waiting.expiry(2_500)));
        waiting.add("a", new Entry("first", waiting.expiry(1_200)));
        waiting.add("c", new Entry("third", waiting.expiry(2_100)));
        assertEquals(3_000, waiting.expiry(2_500), "the end of its bucket");
        expire(1_999);
        assertEquals(List.of(), expired);
        expire(2_000);
        assertEquals(List.of("a=first"), expired);
        expire(10_000);
        assertEquals(List.of("a=first", "b=second", "c=third"), expired);
        expire(20_000);
        assertEquals(3, expired.size(), "handed out once");
        assertEquals(Map.of(), entries, "expired entries leave the store");
        assertEquals(Map.of(), buckets, "and the index");
        assertFalse(waiting.mayHaveWaiting());
    }

    @Test
    void anEntryTakenOutNeverExpiresAndOneReplacedKeepsItsPlace() {
        waiting.add("gone", new Entry("joined", waiting.expiry(1_000)));
        waiting.add("kept", new Entry("v1", waiting.expiry(1_000)));
        waiting.remove("gone");
        waiting.replace("kept", new Entry("v2", waiting.expiry(1_000)));
        assertTrue(waiting.mayHaveWaiting());
        expire(1_000);
        assertEquals(List.of("kept=v2"), expired);
    }

    @Test
    void aKeyThatCameBackWaitsForItsNewExpiryNotTheOld() {
        waiting.add("k", new Entry("old", waiting.expiry(1_000)));
        waiting.remove("k");
        waiting.add("k", new Entry("new", waiting.expiry(5_000)));
        expire(1_000);
        assertEquals(List.of(), expired, "the first index entry of k is skipped: k waits until 5,000 now");
        assertEquals("new", waiting.get("k").what());
        expire(5_000);
        assertEquals(List.of("k=new"), expired);
        assertNull(waiting.get("k"));
    }
}
