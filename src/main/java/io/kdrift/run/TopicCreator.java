package io.kdrift.run;

import io.kdrift.UserError;
import io.kdrift.config.KdriftConfig;
import io.kdrift.time.Backlog;
import io.kdrift.topology.DriftTopology;
import io.kdrift.topology.Partitioning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates kdrift's topics when they are missing: input, scores and dead-letter topics with the
 * configured partitions and replication, the alert topic compacted, and the reference topic (compacted,
 * one partition) when a model is pinned. Existing topics are left as they are.
 */
final class TopicCreator {
    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);
    /** How long kdrift waits at start for the brokers to answer. */
    static final long CONNECT_TIMEOUT_S = 15;

    private TopicCreator() {
    }

    /** The settings of {@code clientProps} that a client of this kind takes (security included), nothing else. */
    static Properties only(Set<String> names, Properties clientProps) {
        Properties out = new Properties();
        for (String name : clientProps.stringPropertyNames()) {
            if (names.contains(name)) {
                out.put(name, clientProps.getProperty(name));
            }
        }
        return out;
    }

    /** Creates the topics kdrift writes (and its input) where they are missing; returns how many partitions the input has. */
    static Partitioning ensureTopics(KdriftConfig config, Properties clientProps, boolean embedded) {
        try (Admin client = admin(clientProps)) {
            int brokers = brokers(client, clientProps);
            short replication = (short) (config.topics().replication() != null ? config.topics().replication()
                    : embedded ? 1 : Math.min(3, brokers));
            int partitions = config.topics().partitions();
            Set<String> existing = client.listTopics().names().get(CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            List<String> plain = new ArrayList<>(List.of(config.topics().scores(), config.topics().verdicts(), config.topics().deadLetter()));
            // the named input topics (a pattern's are the serving layer's to create)
            config.inputs().forEach(in -> plain.addAll(0, in.namedTopics()));
            if (config.topics().late() != null) {
                plain.add(config.topics().late());
            }
            if (config.labels().enabled()) {
                plain.add(config.topics().performance());
                plain.addAll(config.labels().topics());
            }
            List<String> inputs = Monitor.inputTopics(config);
            for (String t : plain) {
                if (!existing.contains(t)) {
                    NewTopic topic = new NewTopic(t, partitions, replication);
                    missing.add(inputs.contains(t) ? topic.configs(INPUT_TOPIC_CONFIGS) : topic);
                }
            }
            if (!existing.contains(config.topics().alerts())) {
                missing.add(new NewTopic(config.topics().alerts(), partitions, replication)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            if (!existing.contains(config.topics().reference())) {
                // read whole by every instance (a global store): one partition keeps the baselines and re-baseline
                // requests in publish order
                missing.add(new NewTopic(config.topics().reference(), 1, replication)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            for (NewTopic t : missing) {
                try {
                    client.createTopics(List.of(t)).all().get(60, TimeUnit.SECONDS);
                    LOG.info("created topic {} ({} partitions, replication {}{})", t.name(), t.numPartitions(), t.replicationFactor(),
                            t.configs() != null && !t.configs().isEmpty() ? ", " + t.configs() : "");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            List<String> needed = new ArrayList<>(plain);
            needed.add(config.topics().alerts());
            needed.add(config.topics().reference());
            awaitVisible(clientProps, needed, VISIBLE_TIMEOUT_MS);
            if (existing.contains(config.topics().alerts())) {
                warnIfNotCompacted(client, config.topics().alerts());
            }
            List<String> theirs = inputs.stream().filter(existing::contains).distinct().toList();
            if (!theirs.isEmpty()) {
                RetentionRisk.warn(client, theirs, clientProps.getProperty(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG),
                        System.currentTimeMillis());
            }
            return partitioning(client, config, clientProps, existing);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new UserError("cannot check or create kdrift's topics at " + clientProps.getProperty("bootstrap.servers") + ": "
                    + message(e) + " (the user needs Describe and Create on them, or create them beforehand: docs/operations.md)", e);
        }
    }

    /**
     * kdrift's state has as many partitions as the first input's (first) topic had at the first start, and keeps them:
     * its records keyed by model skip the hop while the topic has as many, and must be where the hop puts that model's
     * other records. A topic given partitions since (or made again with others) has its records hop.
     */
    private static Partitioning partitioning(Admin client, KdriftConfig config, Properties clientProps, Set<String> existing)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        List<String> first = config.inputs().get(0).namedTopics();
        String state = clientProps.getProperty(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG) + "-" + DriftTopology.STATE_TOPIC;
        int input = first.isEmpty() ? config.topics().partitions() : partitionsOf(client, first.get(0));
        if (!existing.contains(state)) {
            return Partitioning.inPlace(input);
        }
        int kept = partitionsOf(client, state);
        if (kept == input) {
            return Partitioning.inPlace(kept);
        }
        if (!first.isEmpty()) {
            LOG.warn("input topic {} has {} partitions, kdrift's state {} (application.id {}): its records hop by model to the partition "
                    + "their model's state is in, as those of other inputs do (docs/guarantees.md); to read it in place again, "
                    + "start with a new application.id", first.get(0), input, kept,
                    clientProps.getProperty(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG));
        }
        return new Partitioning(kept, false);
    }

    /**
     * Whether the first input, read in place, now has another number of partitions than kdrift's state: Kafka Streams
     * cannot go on (a new start can). False when that cannot be told.
     */
    static boolean repartitioned(KdriftConfig config, Properties clientProps, Partitioning partitioning) {
        List<String> first = config.inputs().get(0).namedTopics();
        if (!partitioning.firstInputInPlace() || first.isEmpty()) {
            return false;
        }
        try (Admin client = admin(clientProps)) {
            return partitionsOf(client, first.get(0)) != partitioning.count();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            LOG.warn("cannot read the partitions of input topic {}: {}", first.get(0), e.toString());
            return false;
        }
    }

    private static int partitionsOf(Admin client, String topic)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        return client.describeTopics(List.of(topic)).allTopicNames().get(CONNECT_TIMEOUT_S, TimeUnit.SECONDS).get(topic).partitions().size();
    }

    /**
     * The input and label topics kdrift creates keep what waits for it whatever its timestamps: no time-based retention
     * (which judges records by the timestamp their producer gave, so that a backfill of last month is deleted at the
     * next check, unread), a bound on their size instead. Not LogAppendTime: records without a time in their payload
     * (Open Inference Protocol, events without "timestamp") take the record's timestamp as their event time.
     */
    static final Map<String, String> INPUT_TOPIC_CONFIGS = Map.of(
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.RETENTION_BYTES_CONFIG, Long.toString(1L << 30));

    /** How long kdrift waits at start for the topics it needs to be visible with a leader for every partition. */
    static final long VISIBLE_TIMEOUT_MS = 60_000;

    /**
     * Waits until the brokers answer every one of {@code topics} with a leader for each partition, asked as Kafka Streams'
     * consumers ask ({@code partitionsFor}). A topic another instance has just created is known to the controller (so
     * creating it here fails with TopicExistsException) before every broker's metadata has it: Kafka Streams, started
     * then, fails its global store ("There are no partitions available for topic ...") or its assignment. Instances
     * started together on a fresh cluster all meet this; waiting here is what lets them all start.
     */
    static void awaitVisible(Properties clientProps, Collection<String> topics, long timeoutMs) throws InterruptedException {
        Properties p = only(ConsumerConfig.configNames(), clientProps);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        long deadline = System.currentTimeMillis() + timeoutMs;
        java.util.Set<String> waiting = new TreeSet<>(topics);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            while (true) {
                for (String topic : List.copyOf(waiting)) {
                    List<PartitionInfo> partitions;
                    try {
                        partitions = consumer.partitionsFor(topic, Duration.ofSeconds(CONNECT_TIMEOUT_S));
                    } catch (org.apache.kafka.common.errors.TimeoutException e) {
                        partitions = List.of();
                    }
                    if (partitions != null && !partitions.isEmpty() && partitions.stream().allMatch(i -> i.leader() != null && !i.leader().isEmpty())) {
                        waiting.remove(topic);
                    }
                }
                if (waiting.isEmpty()) {
                    return;
                }
                if (System.currentTimeMillis() >= deadline) {
                    throw new UserError("the brokers do not show topics " + waiting + " with a leader for every partition within "
                            + timeoutMs / 1000 + " s of their creation: is every broker up (docs/operations.md)?", null);
                }
                LOG.debug("waiting for topics {} to be visible with their partitions", waiting);
                Thread.sleep(100);
            }
        }
    }

    /**
     * The input and label partitions (named topics, and the topics a pattern matches now) with records waiting for kdrift's
     * group now: each task's clocks wait for them to be read (io.kdrift.time.Watermarks). None when the brokers do not say
     * (a task then counts the partitions it hears).
     */
    static Backlog backlog(KdriftConfig config, Properties clientProps) {
        try (Admin client = admin(clientProps)) {
            Set<String> existing = client.listTopics().names().get(CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
            Map<String, Boolean> topics = new java.util.LinkedHashMap<>();
            for (var in : config.inputs()) {
                existing.stream().filter(in::reads).forEach(t -> topics.put(t, false));
            }
            if (config.labels().enabled()) {
                config.labels().topics().stream().filter(existing::contains).forEach(t -> topics.put(t, true));
            }
            List<io.kdrift.time.Channel> out = new ArrayList<>();
            if (topics.isEmpty()) {
                return Backlog.NONE;
            }
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            client.describeTopics(topics.keySet()).allTopicNames().get(CONNECT_TIMEOUT_S, TimeUnit.SECONDS).forEach((name, d) ->
                    d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, OffsetSpec> earliest = new java.util.HashMap<>();
            latest.keySet().forEach(tp -> earliest.put(tp, OffsetSpec.earliest()));
            var ends = client.listOffsets(latest).all().get(CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
            var starts = client.listOffsets(earliest).all().get(CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
            var committed = client.listConsumerGroupOffsets(clientProps.getProperty(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG))
                    .partitionsToOffsetAndMetadata().get(CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
            for (TopicPartition tp : latest.keySet()) {
                var c = committed.get(tp);
                long position = Math.max(c != null ? c.offset() : 0, starts.get(tp).offset());
                // records waiting: the partition holds its task's clock until it is read, however long that takes
                if (ends.get(tp).offset() > position) {
                    out.add(io.kdrift.time.Channel.partition(tp.topic(), tp.partition(), topics.get(tp.topic())));
                }
            }
            return new Backlog(out);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("could not list the input partitions ({}): each task's clock counts the partitions it hears", e.getMessage());
            return Backlog.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Backlog.NONE;
        }
    }

    /** An admin client of these settings that gives up within {@link #CONNECT_TIMEOUT_S}, not after a minute of retries. */
    static Admin admin(Properties clientProps) {
        Properties adminProps = only(AdminClientConfig.configNames(), clientProps);
        adminProps.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(CONNECT_TIMEOUT_S * 1000));
        adminProps.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(CONNECT_TIMEOUT_S * 1000));
        return Admin.create(adminProps);
    }

    /** How many brokers the cluster has; a {@link UserError} that says what to check when it does not answer. */
    static int brokers(Admin client, Properties clientProps) throws InterruptedException {
        try {
            return client.describeCluster().nodes().get(CONNECT_TIMEOUT_S, TimeUnit.SECONDS).size();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new UserError("cannot reach Kafka at " + clientProps.getProperty("bootstrap.servers") + " within " + CONNECT_TIMEOUT_S
                    + " s (" + message(e) + "): is a broker running there, and are kafka.bootstrap.servers "
                    + "(or KDRIFT_BOOTSTRAP_SERVERS) and the security settings under kafka: right?", e);
        }
    }

    static String message(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof java.util.concurrent.TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return "no answer";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /**
     * The alert topic holds the latest record of every alert (firing or resolved): on a topic a user created
     * without compaction, time-based retention deletes the record of an alert that is still firing.
     */
    private static void warnIfNotCompacted(Admin client, String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config c = client.describeConfigs(List.of(resource)).all().get(CONNECT_TIMEOUT_S, TimeUnit.SECONDS).get(resource);
            ConfigEntry policy = c.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy != null && !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                LOG.warn("topic {} (alerts) has cleanup.policy={}: retention will delete the records of alerts that still fire; "
                        + "set cleanup.policy=compact on it (kdrift creates it so)", topic, policy.value());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("cannot describe the configuration of topic {}: {}", topic, e.toString());
        }
    }
}
