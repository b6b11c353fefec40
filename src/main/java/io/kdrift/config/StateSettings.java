package io.kdrift.config;

/**
 * The local state of {@code kdrift run} (Kafka Streams' RocksDB stores).
 *
 * @param rocksdbMemoryMiB off-heap memory that all RocksDB stores of the process share, block cache and
 *                         memtables together (default 256): with the JVM heap and its overhead, what a
 *                         container's memory limit must hold (docs/operations.md)
 */
public record StateSettings(Integer rocksdbMemoryMiB) {
    public static final StateSettings DEFAULT = new StateSettings(null);

    public StateSettings {
        rocksdbMemoryMiB = rocksdbMemoryMiB == null ? 256 : rocksdbMemoryMiB;
        if (rocksdbMemoryMiB < 16) {
            throw new ConfigFieldException("rocksdbMemoryMiB", "must be at least 16, got " + rocksdbMemoryMiB);
        }
    }
}
