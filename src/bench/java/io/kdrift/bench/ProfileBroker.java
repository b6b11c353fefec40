package io.kdrift.bench;

import io.kdrift.run.Monitor;
import io.kdrift.testing.KafkaCluster;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Runs only `kdrift run` (fixed bins) against the in-process broker, for a profiler (see BENCHMARKS.md), and
 * prints where the stream thread's wall time went by Kafka Streams' own thread metrics (poll, process,
 * commit, punctuate ratios): time blocked in a commit shows there and not in a CPU profile.
 * Arguments: EVENTS [KAFKA-SETTING=VALUE...] (e.g. processing.guarantee=at_least_once).
 */
public final class ProfileBroker {
    private ProfileBroker() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Map<String, String> kafka = new TreeMap<>();
        for (int i = 1; i < args.length; i++) {
            kafka.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
        }
        try (KafkaCluster cluster = KafkaCluster.singleNode()) {
            String topic = BrokerBenchmarks.prepare(cluster, new BenchEvents(n, 50, 10));
            for (int i = 0; i < 2; i++) {
                try (Monitor monitor = Monitor.start(BrokerBenchmarks.config(cluster, topic, true, kafka))) {
                    double rate = BrokerBenchmarks.timed(monitor, n);
                    System.out.printf(Locale.ROOT, "%s: %,.0f events/s%n", kafka, rate);
                    Map<String, Object> shown = new TreeMap<>();
                    for (Map.Entry<MetricName, ? extends Metric> m : monitor.streams().metrics().entrySet()) {
                        MetricName name = m.getKey();
                        if (name.group().equals("stream-thread-metrics") && (name.name().endsWith("-ratio")
                                || name.name().startsWith("commit-latency") || name.name().equals("commit-total")
                                || name.name().startsWith("poll-latency") || name.name().equals("poll-total"))) {
                            shown.put(name.name(), m.getValue().metricValue());
                        }
                    }
                    shown.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-24s %s%n", k, v));
                }
            }
        }
    }
}
