package io.kdrift.run;

import io.kdrift.config.KdriftConfig;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

/** The Kafka Streams configuration of {@code kdrift run}: kdrift's defaults, then every {@code kafka:} setting as given. */
public final class StreamsProperties {
    public static final String DEFAULT_APPLICATION_ID = "kdrift";

    private StreamsProperties() {
    }

    public static Properties of(KdriftConfig config, String bootstrapServers) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, "data/state");
        // a task reads an input partition and its repartition partition, which stays empty when producers key
        // by model; with the default 0, Kafka Streams 4.3 formats a log line for the empty partition before
        // every record (PartitionGroup.readyToProcess: 8 % of the stream thread measured). Waiting buys kdrift
        // no order either: under exactly-once the repartition records are invisible until their transaction
        // commits, so the grace period is what absorbs the interleaving (docs/how-it-works.md)
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        // anything Kafka Streams itself cannot process (a corrupt record on an internal topic, a bug in a
        // processor) goes to the dead-letter topic too, with Kafka's __streams.errors.* headers: the monitor never stops
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.topics().deadLetter());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class.getName());
        p.put("processing.exception.handler.global.enabled", "true");
        // all RocksDB stores share one memory budget, so that the process fits a container's limit
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        p.put(BoundedRocksDbMemory.BUDGET_CONFIG, Long.toString((long) config.state().rocksdbMemoryMiB() << 20));
        if (config.http().advertisedHost() != null) {
            // where the other instances reach this one's HTTP endpoint: Kafka Streams passes it around with the assignment
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, hostPort(config.http().advertisedHost(), config.http().port()));
        }
        p.putAll(config.kafka());
        if (bootstrapServers != null) {
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        return p;
    }

    /** {@code host:port}, an IPv6 address in brackets. */
    static String hostPort(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The bootstrap servers the configuration names, or null for the embedded broker. */
    public static String configuredBootstrap(KdriftConfig config) {
        String b = config.kafka().get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        return b == null || b.isBlank() ? null : b;
    }

    /** The settings as they may be logged: values of passwords, secrets, keys, tokens and JAAS configs hidden. */
    public static Map<String, String> redacted(Properties p) {
        Map<String, String> out = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            out.put(name, isSecret(name) ? "[hidden]" : p.getProperty(name));
        }
        return out;
    }

    static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("secret") || n.contains("jaas") || n.contains("token")
                || n.contains("credential") || n.endsWith(".key") || n.contains("key.password") || n.contains("user.info")
                || n.contains("keystore.key") || n.contains("certificate.chain");
    }
}
