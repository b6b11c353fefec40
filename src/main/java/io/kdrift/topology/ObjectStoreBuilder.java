package io.kdrift.topology;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds an {@link ObjectStore}: durable, over a changelogged RocksDB key-value store of the same name;
 * or transient (for replay), objects in memory only.
 */
public final class ObjectStoreBuilder<V> implements StoreBuilder<ObjectStore<V>> {
    private final String name;
    private final Serde<V> serde;
    private final boolean durable;
    private Map<String, String> logConfig = new HashMap<>();
    private boolean logging;
    private boolean retain = true;

    public ObjectStoreBuilder(String name, Serde<V> serde, boolean durable) {
        this.name = name;
        this.serde = serde;
        this.durable = durable;
        this.logging = durable;
    }

    /** Objects are dropped from memory once written at a commit ({@link ObjectStore}): for many small, rarely read entries. */
    public ObjectStoreBuilder<V> notRetained() {
        retain = false;
        return this;
    }

    @Override
    public StoreBuilder<ObjectStore<V>> withCachingEnabled() {
        return this; // this store is its own (object) cache
    }

    @Override
    public StoreBuilder<ObjectStore<V>> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<ObjectStore<V>> withLoggingEnabled(Map<String, String> config) {
        logging = true;
        logConfig = new HashMap<>(config);
        return this;
    }

    @Override
    public StoreBuilder<ObjectStore<V>> withLoggingDisabled() {
        logging = false;
        return this;
    }

    @Override
    public ObjectStore<V> build() {
        var supplier = durable ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
        var builder = Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled();
        builder = logging ? builder.withLoggingEnabled(logConfig) : builder.withLoggingDisabled();
        KeyValueStore<Bytes, byte[]> inner = builder.build();
        return new ObjectStore<>(inner, serde, durable, retain);
    }

    @Override
    public Map<String, String> logConfig() {
        return logConfig;
    }

    @Override
    public boolean loggingEnabled() {
        return logging;
    }

    @Override
    public String name() {
        return name;
    }
}
