package io.kdrift.run;

import io.kdrift.config.KdriftConfig;
import io.kdrift.drift.Baseline;
import io.kdrift.codec.BaselineJson;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.kdrift.UserError;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes baselines to the compacted reference topic (key = model), creating the topic when it is missing. */
public final class BaselinePublisher {
    private BaselinePublisher() {
    }

    /**
     * @param bootstrapServers where to publish; null: the configuration's bootstrap servers
     */
    public static void publish(KdriftConfig config, String bootstrapServers, List<Baseline> baselines) {
        Properties client = StreamsProperties.of(config, bootstrapServers);
        if (client.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException("no Kafka to publish to: give --bootstrap-servers or set kafka.bootstrap.servers in the configuration");
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
                for (Baseline b : baselines) {
                    producer.send(new ProducerRecord<>(topic, b.model(), BaselineJson.toJson(b))).get(60, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing baselines", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new UserError("cannot publish the baselines to " + topic + " at "
                    + client.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + TopicCreator.message(e), e);
        }
    }
}
