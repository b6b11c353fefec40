package io.kdrift.run;

import io.kdrift.topology.EventCounters;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the input records the broker deleted before kdrift read them. Kafka Streams' main consumer resets itself
 * when its position is no longer in the log (OffsetOutOfRangeException: retention or deleteRecords moved the log
 * start past it) and goes on from the log start with one log line: the records in between are gone, never
 * counted as accepted, late or dead-lettered. This supplier gives Kafka Streams a main consumer that, when a
 * poll meets such a position, reads the partition's new log start and counts the difference (per topic, in
 * {@link EventCounters}, hence {@code kdrift_input_records_lost_total}) before Kafka Streams resets it as before.
 */
final class LostRecordsWatch implements KafkaClientSupplier {
    private static final Logger LOG = LoggerFactory.getLogger(LostRecordsWatch.class);
    private final EventCounters counters;

    LostRecordsWatch(EventCounters counters) {
        this.counters = counters;
    }

    private static Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public org.apache.kafka.clients.admin.Admin getAdmin(Map<String, Object> config) {
        return org.apache.kafka.clients.admin.Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return consumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return consumer(config);
    }

    /** The main consumer (input, label and repartition topics), watched. */
    @Override
    @SuppressWarnings("unchecked")
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        Consumer<byte[], byte[]> consumer = consumer(config);
        InvocationHandler watch = (proxy, method, args) -> invoke(consumer, method, args);
        return (Consumer<byte[], byte[]>) Proxy.newProxyInstance(Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class}, watch);
    }

    private Object invoke(Consumer<byte[], byte[]> consumer, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(consumer, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof OffsetOutOfRangeException outOfRange) {
                count(consumer, outOfRange.offsetOutOfRangePartitions());
            }
            throw e.getCause();
        }
    }

    /** Each partition's loss: its new log start less the position kdrift was to read next. */
    private void count(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> positions) {
        Map<TopicPartition, Long> starts;
        try {
            starts = consumer.beginningOffsets(positions.keySet(), Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            LOG.error("input records were deleted by the broker before kdrift read them ({}); how many is not known: {}", positions, e.toString());
            return;
        }
        positions.forEach((tp, position) -> {
            Long start = starts.get(tp);
            if (start != null && start > position) {
                counters.lost(tp.topic(), start - position);
                LOG.error("{} records of {} (offsets {} to {}) were deleted by the broker before kdrift read them (retention by their "
                        + "timestamps, or deleteRecords): they are not counted, scored or dead-lettered; kdrift goes on from offset {} "
                        + "(kdrift_input_records_lost_total; docs/operations.md, backfills)", start - position, tp, position, start - 1, start);
            } else {
                LOG.error("the position {} of {} is outside its log (log start {}): the topic was truncated or re-created; kdrift goes on "
                        + "from the log start", position, tp, start);
            }
        });
    }
}
