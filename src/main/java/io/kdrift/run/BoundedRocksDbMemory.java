package io.kdrift.run;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of the process together, as Kafka Streams' memory
 * management guide describes: one block cache shared by all stores, their memtables counted against it
 * (a write buffer manager), index and filter blocks inside it. Without it each store takes its own cache
 * and memtables, so the memory grows with the number of tasks, outside the JVM heap, until a container's
 * limit kills the pod. The budget is {@value #BUDGET_CONFIG} (bytes; set by kdrift from
 * {@code state.rocksdbMemoryMiB}).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** The Kafka Streams setting that carries the budget to the stores (unknown to Kafka, read here). */
    public static final String BUDGET_CONFIG = "kdrift.rocksdb.memory.bytes";
    private static final double MEMTABLE_SHARE = 0.25;
    private static final double INDEX_FILTER_SHARE = 0.1;
    /** One cache and write buffer manager per budget (a process has one; tests may build several). */
    private static final Map<Long, Shared> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The block cache and the write buffer manager that every store of a budget shares. */
    record Shared(Cache cache, WriteBufferManager writeBuffers) {
    }

    static Shared shared(long bytes) {
        return SHARED.computeIfAbsent(bytes, b -> {
            Cache cache = new LRUCache(b, -1, false, INDEX_FILTER_SHARE);
            return new Shared(cache, new WriteBufferManager((long) (b * MEMTABLE_SHARE), cache));
        });
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object configured = configs.get(BUDGET_CONFIG);
        Shared shared = shared(configured == null ? 256L << 20 : Long.parseLong(configured.toString()));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(shared.writeBuffers());
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store: never closed by one of them
    }
}
