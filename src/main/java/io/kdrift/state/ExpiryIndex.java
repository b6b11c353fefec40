package io.kdrift.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keys in the order they expire, for a join whose waiting entries must not all sit in memory (a day of predictions
 * is millions): the keys are kept in a store, in buckets of {@code bucketMs} of expiry time, and only the bucket
 * numbers are in memory (a horizon's worth: {@value #BUCKETS_PER_HORIZON} at most). A bucket is stored in chunks of
 * at most {@value #CHUNK} keys, so that a commit rewrites only the chunk being filled, not a bucket of thousands of
 * keys (at 10,000 predictions/s and a 1-day horizon a bucket holds 86,400). An entry expires at the end of its bucket,
 * so it waits up to {@code bucketMs} longer than asked. Entries are not taken out of their bucket when they go early
 * (a label that found its prediction): whoever reads a due bucket checks each key against its store.
 */
public final class ExpiryIndex {
    /** Buckets per horizon: their numbers are what the index keeps in memory. */
    static final long BUCKETS_PER_HORIZON = 10_000;
    /** Keys per stored chunk of a bucket. */
    static final int CHUNK = 100;

    private final KeyedState<ExpiryBucket> store;
    private final String prefix;
    private final long bucketMs;
    /** The chunks each bucket has in the store, by bucket number. */
    private final TreeMap<Long, Integer> buckets = new TreeMap<>();

    /** Keys of one bucket (a chunk of it), in the order they were added. */
    public static final class ExpiryBucket {
        final List<String> keys;

        public ExpiryBucket(List<String> keys) {
            this.keys = keys;
        }

        public List<String> keys() {
            return keys;
        }
    }

    /**
     * @param store  the buckets, shared by indexes of different {@code prefix}
     * @param prefix this index's part of the store's keys
     */
    public ExpiryIndex(KeyedState<ExpiryBucket> store, String prefix, long bucketMs) {
        this.store = store;
        this.prefix = prefix;
        this.bucketMs = bucketMs;
        for (String key : store.keys()) {
            if (key.startsWith(prefix)) {
                int slash = key.indexOf('/', prefix.length());
                buckets.merge(Long.parseLong(key.substring(prefix.length(), slash)), Integer.parseInt(key.substring(slash + 1)) + 1, Math::max);
            }
        }
    }

    /** The bucket length for a join of this horizon: a {@value #BUCKETS_PER_HORIZON}th of it, at least a second. */
    public static long bucketMs(long horizonMs) {
        return Math.max(1000, horizonMs / BUCKETS_PER_HORIZON);
    }

    /** When something due at {@code t} expires: the end of its bucket, {@code t} rounded up to a multiple of the bucket length. */
    public long expiry(long t) {
        return -Math.floorDiv(-t, bucketMs) * bucketMs;
    }

    /** The latest expiry (a start of a bucket) not after {@code t}: something that must be gone by {@code t}. */
    public long notAfter(long t) {
        return Math.floorDiv(t, bucketMs) * bucketMs;
    }

    /** Indexes {@code key} to expire at {@code expiresAt}, a value of {@link #expiry} or {@link #notAfter}. */
    public void add(String key, long expiresAt) {
        long bucket = expiresAt / bucketMs;
        int chunks = buckets.getOrDefault(bucket, 0);
        ExpiryBucket last = chunks == 0 ? null : store.get(chunkKey(bucket, chunks - 1));
        if (last == null || last.keys.size() >= CHUNK) {
            store.put(chunkKey(bucket, chunks), new ExpiryBucket(new ArrayList<>(List.of(key))));
            buckets.put(bucket, chunks + 1);
        } else {
            last.keys.add(key);
            store.markDirty(chunkKey(bucket, chunks - 1));
        }
    }

    /** Whether nothing is indexed (keys taken out already, by a join, stay indexed until they are due). */
    public boolean isEmpty() {
        return buckets.isEmpty();
    }

    /** Takes the buckets that have expired by {@code clock} out of the index: their keys, in expiry then insertion order. */
    public List<String> due(long clock) {
        List<String> out = new ArrayList<>();
        while (!buckets.isEmpty() && buckets.firstKey() * bucketMs <= clock) {
            Map.Entry<Long, Integer> bucket = buckets.pollFirstEntry();
            for (int chunk = 0; chunk < bucket.getValue(); chunk++) {
                String storeKey = chunkKey(bucket.getKey(), chunk);
                ExpiryBucket b = store.get(storeKey);
                if (b != null) {
                    out.addAll(b.keys);
                    store.delete(storeKey);
                }
            }
        }
        return out;
    }

    private String chunkKey(long bucket, int chunk) {
        return prefix + bucket + "/" + chunk;
    }
}
