package io.kdrift.run;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns at start about input records that wait for kdrift and that the broker will delete before kdrift reads them:
 * in a topic whose time-based retention judges records by the timestamp their producer gave (CreateTime), records
 * dated more than {@code retention.ms} ago (a backfill of last month) go at the next retention check, read or not.
 */
final class RetentionRisk {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionRisk.class);

    private RetentionRisk() {
    }

    /** Logs a warning per topic of {@code topics} with waiting records older than its retention; a broker that does not answer is skipped. */
    static void warn(Admin admin, Collection<String> topics, String group, long nowMs) {
        try {
            atRisk(admin, topics, group, nowMs).forEach((topic, records) -> LOG.warn("topic {}: {} records that kdrift has not read yet "
                    + "are dated more than its retention.ms ago: the broker deletes them at its next retention check, before kdrift reads "
                    + "them (they are then counted in kdrift_input_records_lost_total). Set message.timestamp.type=LogAppendTime or a "
                    + "longer retention.ms on the topic (docs/operations.md, backfills)", topic, records));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("cannot check the retention of the input topics {}: {}", topics, e.toString());
        }
    }

    /** Per topic of {@code topics} that has any: the records waiting for {@code group} that are older than the topic's retention. */
    static Map<String, Long> atRisk(Admin admin, Collection<String> topics, String group, long nowMs) throws Exception {
        Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).all().get(TopicCreator.CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(TopicCreator.CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(TopicCreator.CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
        Map<String, Long> out = new java.util.TreeMap<>();
        for (String topic : topics) {
            Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
            long retentionMs = Long.parseLong(c.get(TopicConfig.RETENTION_MS_CONFIG).value());
            if (retentionMs < 0 || "LogAppendTime".equals(c.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value())) {
                continue;
            }
            long records = olderThan(admin, topic, described.get(topic).partitions(), committed, nowMs - retentionMs);
            if (records > 0) {
                out.put(topic, records);
            }
        }
        return out;
    }

    /** Records from the group's position (or the log start) to the first record dated at or after {@code cutoffMs}. */
    private static long olderThan(Admin admin, String topic, List<TopicPartitionInfo> partitions, Map<TopicPartition, OffsetAndMetadata> committed,
                                  long cutoffMs) throws Exception {
        Map<TopicPartition, OffsetSpec> first = new HashMap<>();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        Map<TopicPartition, OffsetSpec> starts = new HashMap<>();
        for (TopicPartitionInfo p : partitions) {
            TopicPartition tp = new TopicPartition(topic, p.partition());
            first.put(tp, OffsetSpec.forTimestamp(cutoffMs));
            ends.put(tp, OffsetSpec.latest());
            starts.put(tp, OffsetSpec.earliest());
        }
        Map<TopicPartition, ListOffsetsResultInfo> recent = admin.listOffsets(first).all().get(TopicCreator.CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> end = admin.listOffsets(ends).all().get(TopicCreator.CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> start = admin.listOffsets(starts).all().get(TopicCreator.CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
        long sum = 0;
        for (TopicPartition tp : first.keySet()) {
            // no record at or after the cutoff: every record of the partition is older (-1 from the broker)
            long firstRecent = recent.get(tp).offset() < 0 ? end.get(tp).offset() : recent.get(tp).offset();
            OffsetAndMetadata c = committed.get(tp);
            long position = Math.max(start.get(tp).offset(), c != null ? c.offset() : 0);
            sum += Math.max(0, firstRecent - position);
        }
        return sum;
    }
}
