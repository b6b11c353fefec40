package io.kdrift.run;

import io.kdrift.UserError;
import io.kdrift.codec.BaselineJson;
import io.kdrift.codec.RebaselineJson;
import io.kdrift.config.KdriftConfig;
import io.kdrift.config.ReferenceMode;
import io.kdrift.drift.Baseline;
import io.kdrift.event.SegmentKey;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes baselines (key = model) and re-baseline requests (key = rebaseline/MODEL, {@link RebaselineJson}) to the
 * compacted reference topic, creating the topic when it is missing.
 */
public final class BaselinePublisher {
    private BaselinePublisher() {
    }

    /**
     * Where a command publishes: {@code given} (--bootstrap-servers), else the configuration's bootstrap servers, else
     * the embedded broker of a {@code kdrift run} on this machine.
     */
    public static String servers(String given, KdriftConfig config) {
        if (given != null) {
            return given;
        }
        String configured = StreamsProperties.configuredBootstrap(config);
        return configured != null ? configured : "127.0.0.1:" + config.embedded().port();
    }

    /**
     * @param bootstrapServers where to publish; null: the configuration's bootstrap servers
     */
    public static void publish(KdriftConfig config, String bootstrapServers, List<Baseline> baselines) {
        publish(config, bootstrapServers, baselines.stream().map(b -> Map.entry(b.model(), BaselineJson.toJson(b))).toList(), "the baselines");
    }

    /**
     * Asks kdrift to restart the reference of each model from the next window that closes; returns the requests. A model
     * id that is not one, or a pinned model (whose reference is its published baseline), is a user error.
     */
    public static List<RebaselineJson.Request> rebaseline(KdriftConfig config, String bootstrapServers, List<String> models, long now) {
        for (String m : models) {
            if (!SegmentKey.isValid(m)) {
                throw new UserError("\"" + m + "\" is not a model id (1-128 characters of [A-Za-z0-9._:-]) or a segment of one "
                        + "(MODEL{KEY=VALUE})", 2, null);
            }
            if (config.reference(m).mode() == ReferenceMode.PINNED) {
                throw new UserError("model " + m + " is pinned: its reference is its published baseline; publish a new one with "
                        + "kdrift baseline --publish", 2, null);
            }
        }
        List<RebaselineJson.Request> requests = models.stream().map(m -> new RebaselineJson.Request(m, now)).toList();
        publish(config, bootstrapServers, requests.stream().map(r -> Map.entry(RebaselineJson.key(r.model()), RebaselineJson.toJson(r))).toList(),
                "the re-baseline request");
        return requests;
    }

    private static void publish(KdriftConfig config, String bootstrapServers, List<Map.Entry<String, byte[]>> records, String what) {
        Properties client = StreamsProperties.of(config, bootstrapServers);
        if (client.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new UserError("no Kafka to publish to: give --bootstrap-servers or set kafka.bootstrap.servers in the configuration", 2, null);
        }
        String topic = config.topics().reference();
        try (Admin admin = TopicCreator.admin(client)) {
            int brokers = TopicCreator.brokers(admin, client);
            if (!admin.listTopics().names().get(TopicCreator.CONNECT_TIMEOUT_S, TimeUnit.SECONDS).contains(topic)) {
                short replication = (short) (config.topics().replication() != null ? config.topics().replication() : Math.min(3, brokers));
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, replication)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Properties producerProps = TopicCreator.only(ProducerConfig.configNames(), client);
            producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
            producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(TopicCreator.CONNECT_TIMEOUT_S * 1000));
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
                for (Map.Entry<String, byte[]> r : records) {
                    producer.send(new ProducerRecord<>(topic, r.getKey(), r.getValue())).get(60, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new UserError("cannot publish " + what + " to " + topic + " at "
                    + client.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + TopicCreator.message(e), e);
        }
    }
}
