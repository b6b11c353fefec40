package io.kdrift.topology;

import io.kdrift.state.KeyedState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A key-value state store whose values live as Java objects that the processor updates in place. Only
 * the entries changed since the last commit are encoded, and only when Kafka Streams commits: it calls
 * {@link #flushCache()} before it flushes the producer and commits the input offsets (in the same
 * transaction under exactly-once), so the changelog always matches the committed offsets. Underneath is
 * an ordinary changelogged key-value store of bytes (RocksDB), which Kafka Streams restores on restart.
 *
 * <p>Why not Kafka Streams' record cache: it holds serialised bytes, so every update of a histogram
 * would decode and re-encode it. {@link CachedStateStore} is an internal interface; it is the hook that
 * Kafka Streams' own caching stores use to be flushed on commit.
 */
public final class ObjectStore<V> implements KeyedState<V>, StateStore, CachedStateStore<Bytes, byte[]> {
    private final KeyValueStore<Bytes, byte[]> inner;
    private final Serde<V> serde;
    private Map<String, V> cache = new HashMap<>();
    /** Keys changed since the last flush; a null value in {@link #cache} (absent key) means deleted. */
    private Map<String, Boolean> dirty = new HashMap<>();

    private final boolean durable;
    private final boolean retain;
    /** Flushes and cache clears so far, of a durable store ({@link #writes}). */
    private long writes;

    /**
     * @param durable false for an offline run (replay), where nothing needs to survive the process:
     *                objects are then never encoded and the inner store stays empty
     * @param retain  false for a store of many small entries that are read once or twice (the label join's waiting
     *                predictions): the objects are dropped once written at a commit, so that memory holds only those
     *                of one commit interval; true to keep every object decoded (a model's histograms, updated all
     *                the time)
     */
    ObjectStore(KeyValueStore<Bytes, byte[]> inner, Serde<V> serde, boolean durable, boolean retain) {
        this.inner = inner;
        this.serde = serde;
        this.durable = durable;
        this.retain = retain;
    }

    /** The value, or null. Decoded from the store only on the first access after a restart. */
    @Override
    public V get(String key) {
        V v = cache.get(key);
        if (v != null || !durable || dirty.containsKey(key)) {
            return v;
        }
        byte[] bytes = inner.get(bytes(key));
        if (bytes == null) {
            return null;
        }
        v = serde.deserializer().deserialize(inner.name(), bytes);
        cache.put(key, v);
        return v;
    }

    /** Stores a new value; it is encoded at the next commit. */
    @Override
    public void put(String key, V value) {
        cache.put(key, value);
        markDirty(key);
    }

    /** Records that the value of {@code key}, obtained from {@link #get}, was changed in place. */
    @Override
    public void markDirty(String key) {
        if (durable) {
            dirty.put(key, Boolean.TRUE);
        }
    }

    @Override
    public void delete(String key) {
        cache.remove(key);
        markDirty(key);
    }

    /** All keys in the store, including changes not yet flushed. */
    @Override
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        if (!durable) {
            keys.addAll(cache.keySet());
            return keys;
        }
        try (KeyValueIterator<Bytes, byte[]> it = inner.all()) {
            while (it.hasNext()) {
                String key = new String(it.next().key.get(), StandardCharsets.UTF_8);
                if (!dirty.containsKey(key)) {
                    keys.add(key);
                }
            }
        }
        for (String key : dirty.keySet()) {
            if (cache.containsKey(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    @Override
    public long writes() {
        return writes;
    }

    @Override
    public void flushCache() {
        if (durable) {
            writes++; // (an offline store encodes nothing: its cache holds the objects themselves)
        }
        if (dirty.isEmpty()) {
            return;
        }
        List<KeyValue<Bytes, byte[]>> batch = new ArrayList<>(dirty.size());
        for (String key : dirty.keySet()) {
            V v = cache.get(key);
            batch.add(KeyValue.pair(bytes(key), v == null ? null : serde.serializer().serialize(inner.name(), v)));
        }
        // new maps rather than clear(): a HashMap keeps the table of its largest size, and both clearing and iterating it
        // cost that table's length: after one commit interval of a burst (a catch-up), every commit would pay for the burst
        dirty = new HashMap<>();
        inner.putAll(batch);
        if (!retain) {
            cache = new HashMap<>(); // written: read again from the store when needed
        }
    }

    @Override
    public void clearCache() {
        writes++;
        cache.clear();
        dirty.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Bytes, byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        inner.init(context, root);
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        flushCache();
        inner.commit(changelogOffsets);
    }

    @Override
    public void close() {
        // changes not flushed belong to an uncommitted transaction: they are dropped, as Kafka Streams drops them
        cache.clear();
        dirty.clear();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    private static Bytes bytes(String key) {
        return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
    }
}
