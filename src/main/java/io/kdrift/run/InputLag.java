package io.kdrift.run;

import io.kdrift.health.StallDetector;
import io.kdrift.time.Backlog;
import io.kdrift.time.Channel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, from the broker, how many records wait for kdrift's consumer group (the application id), of the input and label
 * topics and of kdrift's own hops by model (repartition topics): the end of each partition (committed records only) less the
 * group's committed offset. Read from
 * the broker rather than from the consumer's own metrics, so that it stays true when the stream threads
 * are failing or stuck, which is when it matters.
 */
final class InputLag implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InputLag.class);
    private final Admin admin;
    private final List<String> topics;
    /** Patterns of inputs that read every matching topic: resolved at each check, as topics come and go. */
    private final List<java.util.regex.Pattern> patterns;
    private final String group;
    private final StallDetector detector;
    private final Backlog backlog;
    private volatile boolean reachable = true;
    /** Where each partition ended at the last reading. */
    private Map<TopicPartition, Long> previousEnds = Map.of();

    /**
     * @param topics   the topics kdrift reads by name: the inputs', and the label topics
     * @param patterns the patterns of inputs that read every topic that matches
     * @param backlog  told which of the partitions that had records waiting at start have been read to their end since,
     *                 and at each reading what waits now (io.kdrift.time.Backlog#reading)
     */
    InputLag(Properties clientProps, List<String> topics, List<String> patterns, String group, StallDetector detector,
             Backlog backlog) {
        Properties p = TopicCreator.only(AdminClientConfig.configNames(), clientProps);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        this.admin = Admin.create(p);
        this.topics = List.copyOf(topics);
        this.patterns = patterns.stream().map(java.util.regex.Pattern::compile).toList();
        this.group = group;
        this.detector = detector;
        this.backlog = backlog;
    }

    /** One reading into the stall detector; a broker that does not answer leaves the last reading as it was. */
    void check() {
        try {
            java.util.Set<String> read = new java.util.LinkedHashSet<>(topics);
            for (String name : admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(false)).names()
                    .get(10, TimeUnit.SECONDS)) {
                // kdrift's own hops by model too: records read and sent on wait there (an output that cannot be written
                // holds them, while the input itself was committed)
                if (patterns.stream().anyMatch(p -> p.matcher(name).matches()) || name.startsWith(group + "-kdrift-") && name.endsWith("-repartition")) {
                    read.add(name);
                }
            }
            Map<String, TopicDescription> described = admin.describeTopics(read).allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            for (String topic : read) {
                for (TopicPartitionInfo info : described.get(topic).partitions()) {
                    latest.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest());
                    earliest.put(new TopicPartition(topic, info.partition()), OffsetSpec.earliest());
                }
            }
            ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest, committedOnly).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest, committedOnly).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long lag = 0;
            long committedSum = 0;
            Map<TopicPartition, Long> waiting = new HashMap<>();
            Set<Channel> inputsWaiting = new HashSet<>();
            Set<String> hopsBehind = new HashSet<>();
            Map<TopicPartition, Long> endsNow = new HashMap<>();
            for (TopicPartition tp : latest.keySet()) {
                OffsetAndMetadata c = committed.get(tp);
                long position = c != null ? c.offset() : starts.get(tp).offset();
                long end = ends.get(tp).offset();
                endsNow.put(tp, end);
                long behind = Math.max(0, end - position);
                waiting.put(tp, behind);
                lag += behind;
                committedSum += position;
                String hop = hopOf(tp.topic());
                if (hop == null) {
                    if (behind > 0) {
                        inputsWaiting.add(Channel.partition(tp.topic(), tp.partition(), false));
                    }
                } else if (position < previousEnds.getOrDefault(tp, end)) {
                    // its task has not read what was there at the last reading (new records since are the hop's traffic)
                    hopsBehind.add(Backlog.hopPartition(hop, tp.partition()));
                }
            }
            previousEnds = endsNow;
            detector.observe(System.currentTimeMillis(), lag, committedSum);
            // a partition not in this reading (its topic gone, say) is left as it was
            backlog.read(p -> waiting.getOrDefault(new TopicPartition(p.topic(), p.partition()), 1L) > 0);
            backlog.reading(inputsWaiting, hopsBehind);
            if (!reachable) {
                LOG.info("input lag readable again");
            }
            reachable = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (reachable) {
                LOG.warn("cannot read the input lag of topics {} for group {}: {}", topics, group, e.getCause() != null ? e.getCause().getMessage()
                        : e.toString());
            }
            reachable = false;
        }
    }

    /** The hop of kdrift's repartition topic {@code topic} ("kdrift-events-by-model"), or null for another topic. */
    private String hopOf(String topic) {
        String prefix = group + "-";
        String suffix = "-repartition";
        return topic.startsWith(prefix + "kdrift-") && topic.endsWith(suffix) ? topic.substring(prefix.length(), topic.length() - suffix.length()) : null;
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
