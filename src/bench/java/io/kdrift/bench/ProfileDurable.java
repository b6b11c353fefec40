package io.kdrift.bench;

import io.kdrift.topology.DriftTopology;

/** Runs only kdrift's topology with durable stores on the driver, for a profiler (see BENCHMARKS.md). */
public final class ProfileDurable {
    private ProfileDurable() {
    }

    public static void main(String[] args) {
        BenchEvents events = new BenchEvents(100_000, 50, 10);
        for (int i = 0; i < 3; i++) {
            System.out.println(Contenders.kdriftOnDriver(events, Contenders.config(10), DriftTopology.Mode.KAFKA));
        }
    }
}
