package io.kdrift.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keys by expiry in buckets kept in a store: the order they come due, the rounding, two indexes in one store, a restore. */
class ExpiryIndexTest {
    @Test
    void keysComeDueAtTheEndOfTheirBucketInExpiryThenInsertionOrder() {
        Map<String, ExpiryIndex.ExpiryBucket> store = new HashMap<>();
        ExpiryIndex pending = new ExpiryIndex(KeyedState.over(store), "p", 1_000);
        ExpiryIndex early = new ExpiryIndex(KeyedState.over(store), "e", 1_000);
        assertEquals(3_000, pending.expiry(2_001));
        assertEquals(2_000, pending.expiry(2_000), "on a bucket's end: not a bucket more");
        pending.add("b", pending.expiry(2_500));
        pending.add("a", pending.expiry(1_200));
        pending.add("c", pending.expiry(2_999));
        early.add("x", early.expiry(1_100));
        assertEquals(Set.of("p2/0", "p3/0", "e2/0"), store.keySet(), "one store entry per bucket, not per key");
        assertEquals(List.of(), pending.due(1_999));
        assertEquals(List.of("a"), pending.due(2_000));
        // restored from the store alone (a restart): the same buckets, the other index untouched
        ExpiryIndex restored = new ExpiryIndex(KeyedState.over(store), "p", 1_000);
        assertEquals(List.of("b", "c"), restored.due(Long.MAX_VALUE / 2));
        assertEquals(Set.of("e2/0"), store.keySet());
        assertEquals(List.of("x"), early.due(2_000));
        assertEquals(Map.of(), store);
    }

    @Test
    void aHorizonHasAtMostTenThousandBucketsOfAtLeastASecond() {
        assertEquals(8_640, ExpiryIndex.bucketMs(24 * 3_600_000L));
        assertEquals(1_000, ExpiryIndex.bucketMs(600_000));
    }

    @Test
    void aFullBucketIsStoredInChunksSoThatACommitRewritesOnlyTheLast() {
        Map<String, ExpiryIndex.ExpiryBucket> store = new HashMap<>();
        ExpiryIndex index = new ExpiryIndex(KeyedState.over(store), "p", 1_000);
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 250; i++) {
            keys.add("m@" + i);
            index.add("m@" + i, 5_000);
        }
        assertEquals(Set.of("p5/0", "p5/1", "p5/2"), store.keySet());
        assertEquals(50, store.get("p5/2").keys.size());
        // restored: the chunks are found again and appended to
        ExpiryIndex restored = new ExpiryIndex(KeyedState.over(store), "p", 1_000);
        restored.add("m@250", 5_000);
        keys.add("m@250");
        assertEquals(51, store.get("p5/2").keys.size());
        assertEquals(keys, restored.due(5_000));
        assertEquals(Map.of(), store);
    }
}
