package io.kdrift.performance;

import io.kdrift.drift.KeyedState;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Keys in the order they expire, for a join whose waiting entries must not all sit in memory (a day of predictions
 * is millions): the keys are kept in a store, in buckets of {@code bucketMs} of expiry time, and only the bucket
 * numbers are in memory (a horizon's worth: {@value #BUCKETS_PER_HORIZON} at most). An entry expires at the end of
 * its bucket, so it waits up to {@code bucketMs} longer than asked. Entries are not taken out of their bucket when
 * they go early (a label that found its prediction): whoever reads a due bucket checks each key against its store.
 */
public final class ExpiryIndex {
    /** Buckets per horizon: their numbers are what the index keeps in memory. */
    static final long BUCKETS_PER_HORIZON = 10_000;

    private final KeyedState<ExpiryBucket> store;
    private final String prefix;
    private final long bucketMs;
    private final TreeSet<Long> buckets = new TreeSet<>();

    /** The keys of one bucket, in the order they were added. */
    public static final class ExpiryBucket {
        final List<String> keys;

        ExpiryBucket(List<String> keys) {
            this.keys = keys;
        }
    }

    /**
     * @param store  the buckets, shared by indexes of different {@code prefix}
     * @param prefix this index's part of the store's keys
     */
    ExpiryIndex(KeyedState<ExpiryBucket> store, String prefix, long bucketMs) {
        this.store = store;
        this.prefix = prefix;
        this.bucketMs = bucketMs;
        for (String key : store.keys()) {
            if (key.startsWith(prefix)) {
                buckets.add(Long.parseLong(key.substring(prefix.length())));
            }
        }
    }

    /** The bucket length for a join of this horizon: a {@value #BUCKETS_PER_HORIZON}th of it, at least a second. */
    static long bucketMs(long horizonMs) {
        return Math.max(1000, horizonMs / BUCKETS_PER_HORIZON);
    }

    /** When something due at {@code t} expires: the end of its bucket, {@code t} rounded up to a multiple of the bucket length. */
    long expiry(long t) {
        return -Math.floorDiv(-t, bucketMs) * bucketMs;
    }

    /** Indexes {@code key} to expire at {@code expiresAt}, a value of {@link #expiry}. */
    void add(String key, long expiresAt) {
        long bucket = expiresAt / bucketMs;
        String storeKey = prefix + bucket;
        ExpiryBucket b = store.get(storeKey);
        if (b == null) {
            store.put(storeKey, new ExpiryBucket(new ArrayList<>(List.of(key))));
            buckets.add(bucket);
        } else {
            b.keys.add(key);
            store.markDirty(storeKey);
        }
    }

    /** Takes the buckets that have expired by {@code clock} out of the index: their keys, in expiry then insertion order. */
    List<String> due(long clock) {
        List<String> out = new ArrayList<>();
        while (!buckets.isEmpty() && buckets.first() * bucketMs <= clock) {
            String storeKey = prefix + buckets.pollFirst();
            ExpiryBucket b = store.get(storeKey);
            if (b != null) {
                out.addAll(b.keys);
                store.delete(storeKey);
            }
        }
        return out;
    }
}
