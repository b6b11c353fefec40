package io.kdrift.run;

import io.kdrift.config.KdriftConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates kdrift's topics when they are missing: input, scores and dead-letter topics with the
 * configured partitions and replication, the alert topic compacted, and the reference topic (compacted,
 * one partition) when a model is pinned. Existing topics are left as they are.
 */
final class TopicCreator {
    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

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

    static void ensureTopics(KdriftConfig config, Properties clientProps, boolean embedded) {
        try (Admin client = Admin.create(only(AdminClientConfig.configNames(), clientProps))) {
            int brokers = client.describeCluster().nodes().get(60, TimeUnit.SECONDS).size();
            short replication = (short) (config.topics().replication() != null ? config.topics().replication()
                    : embedded ? 1 : Math.min(3, brokers));
            int partitions = config.topics().partitions();
            Set<String> existing = client.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            List<String> plain = new ArrayList<>(List.of(config.topics().input(), config.topics().scores(), config.topics().deadLetter()));
            if (config.topics().late() != null) {
                plain.add(config.topics().late());
            }
            for (String t : plain) {
                if (!existing.contains(t)) {
                    missing.add(new NewTopic(t, partitions, replication));
                }
            }
            if (!existing.contains(config.topics().alerts())) {
                missing.add(new NewTopic(config.topics().alerts(), partitions, replication)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            if (config.usesPinnedReference() && !existing.contains(config.topics().reference())) {
                // read whole by every instance (a global store): one partition keeps the baselines in publish order
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot reach Kafka at " + clientProps.getProperty("bootstrap.servers")
                    + " to check the topics: " + cause.getMessage(), cause);
        }
    }
}
