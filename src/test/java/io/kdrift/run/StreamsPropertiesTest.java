package io.kdrift.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StreamsPropertiesTest {
    private static final KdriftConfig CONFIG = ConfigLoader.parse("""
            kafka:
              bootstrap.servers: broker:9093
              security.protocol: SASL_SSL
              sasl.mechanism: SCRAM-SHA-512
              sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required username="kdrift" password="s3cr3t";
              ssl.truststore.password: trust-me
              ssl.key.password: key-pass
              processing.guarantee: at_least_once
            """, "t.yaml");

    @Test
    void kdriftDefaultsThenEveryKafkaSettingAsGiven() {
        Properties p = StreamsProperties.of(CONFIG, "broker:9093");
        assertEquals("kdrift", p.get("application.id"));
        assertEquals("at_least_once", p.get("processing.guarantee"), "the user's setting wins");
        assertEquals("SASL_SSL", p.get("security.protocol"));
        assertEquals("predictions-dlq", p.get("errors.dead.letter.queue.topic.name"));
        assertEquals("exactly_once_v2", StreamsProperties.of(ConfigLoader.parse("", "t.yaml"), "b:1").get("processing.guarantee"));
        assertEquals("-1", p.get("max.task.idle.ms"), "kdrift's default: no idling on the empty repartition partition");
        assertEquals("0", StreamsProperties.of(ConfigLoader.parse("kafka: {max.task.idle.ms: 0}", "t.yaml"), "b:1").get("max.task.idle.ms"));
    }

    @Test
    void everyRocksDbStoreOfTheProcessSharesOneMemoryBudget() {
        Properties p = StreamsProperties.of(ConfigLoader.parse("state: {rocksdbMemoryMiB: 64}", "t.yaml"), "b:1");
        assertEquals(BoundedRocksDbMemory.class.getName(), p.get("rocksdb.config.setter"));
        assertEquals(Long.toString(64L << 20), p.get(BoundedRocksDbMemory.BUDGET_CONFIG));
        org.rocksdb.RocksDB.loadLibrary();
        Map<String, Object> configs = new java.util.HashMap<>();
        p.forEach((k, v) -> configs.put((String) k, v));
        BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        try (org.rocksdb.Options a = new org.rocksdb.Options(); org.rocksdb.Options b = new org.rocksdb.Options()) {
            a.setTableFormatConfig(new org.rocksdb.BlockBasedTableConfig());
            b.setTableFormatConfig(new org.rocksdb.BlockBasedTableConfig());
            setter.setConfig("kdrift-models", a, configs);
            setter.setConfig("kdrift-windows", b, configs);
            org.junit.jupiter.api.Assertions.assertNotNull(a.writeBufferManager(), "memtables counted against the shared cache");
            org.junit.jupiter.api.Assertions.assertSame(a.writeBufferManager(), b.writeBufferManager(), "one manager for every store");
            org.junit.jupiter.api.Assertions.assertSame(BoundedRocksDbMemory.shared(64L << 20).writeBuffers(), a.writeBufferManager(),
                    "the manager of the configured budget");
            setter.close("kdrift-models", a);
        }
    }

    @Test
    void theAdvertisedHostIsWhereKafkaStreamsSaysTheOtherInstancesReachThisOne() {
        assertEquals(null, StreamsProperties.of(ConfigLoader.parse("", "t.yaml"), "b:1").get("application.server"));
        assertEquals("10.0.3.7:8081", StreamsProperties.of(ConfigLoader.parse("http: {port: 8081, advertisedHost: 10.0.3.7}", "t.yaml"), "b:1")
                .get("application.server"));
        assertEquals("[fd00::7]:8080", StreamsProperties.of(ConfigLoader.parse("http: {advertisedHost: \"fd00::7\"}", "t.yaml"), "b:1")
                .get("application.server"));
        assertEquals("mine:9000", StreamsProperties.of(ConfigLoader.parse("http: {advertisedHost: a}\nkafka: {application.server: \"mine:9000\"}",
                "t.yaml"), "b:1").get("application.server"), "the user's own setting wins");
    }

    @Test
    void secretsAreHiddenWhenSettingsAreLogged() {
        Map<String, String> shown = StreamsProperties.redacted(StreamsProperties.of(CONFIG, "broker:9093"));
        assertEquals("[hidden]", shown.get("sasl.jaas.config"));
        assertEquals("[hidden]", shown.get("ssl.truststore.password"));
        assertEquals("[hidden]", shown.get("ssl.key.password"));
        assertEquals("SCRAM-SHA-512", shown.get("sasl.mechanism"));
        assertEquals("broker:9093", shown.get("bootstrap.servers"));
        assertEquals(false, shown.toString().contains("s3cr3t"));
    }
}
