package io.kdrift.testing;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real Kafka cluster in this JVM (KRaft, Kafka's own test kit), with helpers to produce and consume. */
public final class KafkaCluster implements AutoCloseable {
    private final KafkaClusterTestKit kit;

    private KafkaCluster(KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    /** Formats and starts a cluster of these nodes with these broker settings, and waits for its brokers. */
    private static KafkaCluster start(TestKitNodes nodes, Map<String, String> settings) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        Map<String, String> all = new TreeMap<>(Map.of("group.initial.rebalance.delay.ms", "0"));
        all.putAll(settings);
        all.forEach(builder::setConfigProp);
        KafkaClusterTestKit kit = builder.build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        return new KafkaCluster(kit);
    }

    private static final Map<String, String> SINGLE_NODE = Map.of(
            "offsets.topic.replication.factor", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1");

    /** One node acting as broker and controller. */
    public static KafkaCluster singleNode() throws Exception {
        return singleNode(Map.of());
    }

    /** One node acting as broker and controller, with these broker settings besides. */
    public static KafkaCluster singleNode(Map<String, String> settings) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(SINGLE_NODE);
        all.putAll(settings);
        return start(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build(), all);
    }

    /**
     * Three brokers and one controller; internal and new topics replicated 3 times with
     * {@code min.insync.replicas} 2, so that one broker may be down without losing writes.
     */
    public static KafkaCluster threeBrokers() throws Exception {
        return start(new TestKitNodes.Builder().setCombined(false).setNumBrokerNodes(3).setNumControllerNodes(1).build(), Map.of(
                "offsets.topic.replication.factor", "3",
                "transaction.state.log.replication.factor", "3",
                "transaction.state.log.min.isr", "2",
                "default.replication.factor", "3",
                "min.insync.replicas", "2"));
    }

    /** The PLAIN super user that KafkaClusterTestKit sets up on SASL listeners. */
    public static final String ADMIN_USER = org.apache.kafka.common.test.JaasUtils.KAFKA_PLAIN_ADMIN;
    public static final String ADMIN_PASSWORD = org.apache.kafka.common.test.JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD;

    /**
     * One node whose client listener is SASL_PLAINTEXT with the PLAIN (test kit's admin) and
     * SCRAM-SHA-512 mechanisms, an authorizer that denies by default, and {@code superUsers} besides the admin.
     */
    public static KafkaCluster saslScram(String superUser) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(SINGLE_NODE);
        settings.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
        settings.put("listener.name.external.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        settings.put("super.users", "User:" + ADMIN_USER + ";User:" + superUser);
        return start(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBrokerSecurityProtocol(org.apache.kafka.common.security.auth.SecurityProtocol.SASL_PLAINTEXT)
                .setControllerSecurityProtocol(org.apache.kafka.common.security.auth.SecurityProtocol.SASL_PLAINTEXT).build(), settings);
    }

    /** Client settings to authenticate as the test kit's PLAIN admin. */
    public static Properties adminClientProps() {
        Properties p = new Properties();
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN_USER
                + "\" password=\"" + ADMIN_PASSWORD + "\";");
        return p;
    }

    /** Creates (or updates) a SCRAM-SHA-512 user, authenticating as the admin. */
    public void createScramUser(String user, String password) throws Exception {
        Properties p = adminClientProps();
        p.put("bootstrap.servers", bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            admin.alterUserScramCredentials(List.of(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(user,
                    new org.apache.kafka.clients.admin.ScramCredentialInfo(org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512, 8192), password)))
                    .all().get();
        }
    }

    /** Stops one broker (a clean shutdown of its process, as for a maintenance or a lost node). */
    public void stopBroker(int id) {
        kit.brokers().get(id).shutdown();
        kit.brokers().get(id).awaitShutdown();
    }

    public void startBroker(int id) {
        kit.brokers().get(id).startup();
    }

    public java.util.Set<Integer> brokerIds() {
        return kit.brokers().keySet();
    }

    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    /** Sends records (key may be null) and waits until all are acknowledged. */
    public void produce(String topic, List<byte[][]> keyValues) {
        produce(topic, null, keyValues);
    }

    /**
     * The brokers' log directories as the brokers see them (an offline one with its error), the space left where they are,
     * and this JVM's open files against its limit: what a write the broker never took says of the machine. A broker whose
     * only log directory went offline (an I/O error: a full disk, too many open files) takes no record again.
     */
    public String health() {
        StringBuilder out = new StringBuilder("cluster in ").append(kit.nodes().baseDirectory()).append(':');
        try {
            FileStore store = Files.getFileStore(Path.of(kit.nodes().baseDirectory()));
            out.append(" ").append(store.getUsableSpace() >> 20).append(" MiB free of ").append(store.getTotalSpace() >> 20);
        } catch (IOException | RuntimeException e) {
            out.append(" free space not read: ").append(e);
        }
        out.append("; this JVM has ").append(openFiles()).append(" files open (").append(openFilesLimit()).append(')');
        for (Map.Entry<String, String> dir : logDirs().entrySet()) {
            out.append("\n  ").append(dir.getKey()).append(": ").append(dir.getValue());
        }
        return out.toString();
    }

    /** Each broker's log directories, "online" or "OFFLINE" with the broker's error; one entry saying why when they cannot be read. */
    private Map<String, String> logDirs() {
        Map<String, String> out = new TreeMap<>();
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("default.api.timeout.ms", "10000");
        p.put("request.timeout.ms", "5000");
        try (Admin admin = Admin.create(p)) {
            admin.describeLogDirs(brokerIds()).allDescriptions().get(15, TimeUnit.SECONDS).forEach((broker, dirs) -> dirs.forEach((path, d) ->
                    out.put("broker " + broker + " " + path, d.error() == null ? "online" : "OFFLINE (" + d.error() + ")")));
        } catch (Exception e) {
            out.put("log directories", "not read: " + e);
        }
        return out;
    }

    private static long openFiles() {
        String[] open = new java.io.File("/proc/self/fd").list();
        return open == null ? -1 : open.length;
    }

    private static String openFilesLimit() {
        try {
            return Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith("Max open files"))
                    .map(l -> "limit " + l.substring("Max open files".length()).trim().split("\\s+")[0]).findFirst().orElse("limit unknown");
        } catch (IOException e) {
            return "limit unknown";
        }
    }

    /** Sends records to one partition, or as the default partitioner decides if {@code partition} is null. */
    public void produce(String topic, Integer partition, List<byte[][]> keyValues) {
        produce(topic, partition, keyValues, new Properties());
    }

    /** Sends records with extra client settings (security, ...). */
    public void produce(String topic, Integer partition, List<byte[][]> keyValues, Properties extra) {
        try {
            produce(bootstrapServers(), topic, partition, keyValues, extra);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; " + health(), e);
        }
    }

    /** Sends records to any broker (an embedded one, say) and waits until all are acknowledged. */
    public static void produce(String bootstrapServers, String topic, Integer partition, List<byte[][]> keyValues, Properties extra) {
        Properties p = new Properties();
        p.putAll(extra);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            awaitLeaders(producer, topic);
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (byte[][] kv : keyValues) {
                sent.add(producer.send(new ProducerRecord<>(topic, partition, kv[0], kv[1])));
            }
            producer.flush();
            acknowledged(sent);
        }
    }

    /**
     * Waits until the producer knows a leader for every partition of the topic (one just created may not have them yet):
     * records for a partition without one wait in the producer, and a send that waited past its delivery timeout for it
     * would fail the test (CI saw a batch of a topic created just before wait ten minutes). Fails saying what it saw.
     */
    public static void awaitLeaders(KafkaProducer<?, ?> producer, String topic) {
        AtomicReference<List<PartitionInfo>> seen = new AtomicReference<>(List.of());
        try {
            // the same question TopicCreator.awaitVisible asks for kdrift's own topics, asked of this producer: its metadata holds the batches
            Await.until(() -> {
                seen.set(producer.partitionsFor(topic));
                return !seen.get().isEmpty() && seen.get().stream().allMatch(i -> i.leader() != null && !i.leader().isEmpty());
            }, Duration.ofSeconds(60), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (AssertionError e) {
            throw new IllegalStateException("no leader for every partition of " + topic + " in 60 s: " + seen.get());
        }
    }

    /** Fails when a send failed: a record the test thinks it wrote and the broker never took would read as kdrift's loss. */
    public static void acknowledged(List<java.util.concurrent.Future<?>> sent) {
        acknowledged(sent, () -> "");
    }

    /** As {@link #acknowledged(List)}, the failure saying where this cluster stands ({@link #health}). */
    public void acknowledgedBy(List<java.util.concurrent.Future<?>> sent) {
        acknowledged(sent, () -> "; " + health());
    }

    private static void acknowledged(List<java.util.concurrent.Future<?>> sent, Supplier<String> standing) {
        for (java.util.concurrent.Future<?> f : sent) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a record was not written: " + e.getCause() + standing.get(), e.getCause());
            }
        }
    }

    /**
     * Where the records of every partition of the topics whose names contain {@code part} stand for consumer group
     * {@code group}, for a test's failure message: those with records waiting, and those with a transaction open (the end
     * of committed records before the end of the log). Says what it could not read rather than failing.
     */
    public String standing(String group, String part) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            java.util.Set<String> topics = new java.util.TreeSet<>();
            admin.listTopics().names().get().stream().filter(t -> t.contains(part)).forEach(topics::add);
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((name, d) -> d.partitions().forEach(i ->
                    latest.put(new org.apache.kafka.common.TopicPartition(name, i.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest())));
            var committedEnds = admin.listOffsets(latest, new org.apache.kafka.clients.admin.ListOffsetsOptions(
                    org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all().get();
            var logEnds = admin.listOffsets(latest).all().get();
            var read = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            StringBuilder out = new StringBuilder("group " + group + ":");
            latest.keySet().stream().sorted(java.util.Comparator.comparing(Object::toString)).forEach(tp -> {
                long end = committedEnds.get(tp).offset();
                long log = logEnds.get(tp).offset();
                var at = read.get(tp);
                long position = at == null ? -1 : at.offset();
                if (end != log || (at != null && position < end) || (at == null && end > 0 && !tp.topic().startsWith("scores-")
                        && !tp.topic().startsWith("dlq-") && !tp.topic().contains("-changelog"))) {
                    out.append("\n  ").append(tp).append(": read to ").append(at == null ? "nothing committed" : position)
                            .append(", committed end ").append(end).append(", log end ").append(log);
                }
            });
            return out.toString();
        } catch (Exception e) {
            return "group " + group + ": could not read where it stands: " + e;
        }
    }

    /**
     * Reads a topic from the beginning, committed records only, until {@code expected} records have come
     * and then {@code quiet} passes without more (so that extra, duplicated records would be seen too),
     * or until {@code timeout}.
     */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expected, Duration quiet, Duration timeout) {
        return consume(topic, expected, quiet, timeout, new Properties());
    }

    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expected, Duration quiet, Duration timeout, Properties extra) {
        Properties p = new Properties();
        p.putAll(extra);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietSince = -1;
            while (System.nanoTime() < deadline) {
                int before = out.size();
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                if (out.size() >= expected) {
                    if (out.size() != before || quietSince < 0) {
                        quietSince = System.nanoTime();
                    } else if (System.nanoTime() - quietSince >= quiet.toNanos()) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        if (this != shared) {
            kit.close();
        }
    }

    private static KafkaCluster shared;

    /**
     * One single-node cluster for every test of this JVM that needs no broker settings of its own and names every topic
     * and its application id uniquely (tests on kdrift's default topic names take a cluster of their own): started
     * once, stopped when the JVM ends; {@link #close} leaves it running.
     */
    public static synchronized KafkaCluster shared() throws Exception {
        if (shared == null) {
            KafkaCluster started = singleNode();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.kit.close();
                } catch (Exception ignored) {
                    // the JVM ends anyway
                }
            }, "kafka-cluster-stop"));
            shared = started;
        }
        return shared;
    }
}
