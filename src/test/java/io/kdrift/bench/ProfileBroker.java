package io.kdrift.bench;

import io.kdrift.testing.KafkaCluster;

/** Runs only `kdrift run` (fixed bins) against the in-process broker, for a profiler (see BENCHMARKS.md). */
public final class ProfileBroker {
    private ProfileBroker() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        try (KafkaCluster cluster = KafkaCluster.singleNode()) {
            String topic = BrokerBenchmarks.prepare(cluster, new BenchEvents(n, 50, 10));
            for (int i = 0; i < 2; i++) {
                System.out.println(BrokerBenchmarks.kdrift(cluster, topic, n, true));
            }
        }
    }
}
