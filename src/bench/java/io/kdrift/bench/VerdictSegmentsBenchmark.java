package io.kdrift.bench;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.replay.Replay;
import io.kdrift.stats.BinnedKolmogorovSmirnov;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What the model verdict and segments cost (BENCHMARKS.md, "Model verdicts and segments"): replay throughput of the
 * same events with no segment key, one and two; and the time of the ordered-bins KS p-value per signal and window,
 * exact (small windows) and asymptotic, which the verdict computes for every numeric signal of every window.
 *
 * <pre>java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.kdrift.bench.VerdictSegmentsBenchmark 300000 3</pre>
 */
public final class VerdictSegmentsBenchmark {
    private static final String COMMON = "window: {size: 1m, grace: 0s}\nreference: {mode: rolling, windows: 12}\n";

    private VerdictSegmentsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("kdrift-verdict-bench");
        Path events = dir.resolve("events.jsonl");
        Random rnd = new Random(5);
        StringBuilder lines = new StringBuilder();
        String[] regions = {"eu", "us", "ap", "sa", "af"};
        String[] tiers = {"gold", "silver", "bronze"};
        long t0 = 1_767_600_000_000L;
        for (int i = 0; i < n; i++) {
            // 4 models, 1,000 events a minute each: windows of 1,000 events
            lines.append(String.format(Locale.ROOT, "{\"model\":\"m%d\",\"timestamp\":%d,\"prediction\":%.3f,\"features\":{\"region\":\"%s\","
                            + "\"tier\":\"%s\",\"x\":%.4f,\"y\":%.4f}}\n", i % 4, t0 + i * 15L, rnd.nextDouble(), regions[rnd.nextInt(5)],
                    tiers[rnd.nextInt(3)], rnd.nextGaussian(), rnd.nextGaussian()));
        }
        Files.writeString(events, lines, StandardCharsets.UTF_8);
        Map<String, KdriftConfig> configs = new LinkedHashMap<>();
        configs.put("no segment key", ConfigLoader.parse(COMMON, "a.yaml"));
        configs.put("segments by region (5 values)", ConfigLoader.parse(COMMON + "segments: [{feature: region}]\n", "b.yaml"));
        configs.put("by region and by tier (5 + 3 values)", ConfigLoader.parse(COMMON + "segments: [{feature: region}, {feature: tier}]\n", "c.yaml"));
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int round = -1; round < rounds; round++) {
            for (Map.Entry<String, KdriftConfig> c : configs.entrySet()) {
                Replay.Summary s = Replay.run(c.getValue(), events, Replay.FileOptions.of(dir.resolve("out.jsonl"), dir.resolve("dlq.jsonl")), List.of(), null);
                if (round >= 0) {
                    rates.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(n / s.seconds());
                }
            }
        }
        double base = rates.get("no segment key").stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf("replay of %,d events (4 models, windows of 1,000 events), %d rounds after a warm-up (events/s)%n", n, rounds);
        for (Map.Entry<String, List<Double>> r : rates.entrySet()) {
            double mean = r.getValue().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            System.out.printf("| %s | %s | %.2f× |%n", r.getKey(), String.join(" · ", r.getValue().stream().map(v -> String.format("%,.0f", v)).toList()),
                    mean / base);
        }
        System.out.println();
        System.out.println("ordered-bins KS p-value of a drifted signal (0.6σ), one window of 10 bins against a reference of 12 windows "
                + "(µs per call); an unchanged signal's p-value, above 0.05, is always the asymptotic one");
        for (int w : new int[] {30, 100, 150, 200, 300, 1000, 10_000}) {
            double[] ref = counts(rnd, 12 * w, 0);
            double[] cur = counts(rnd, w, 0.6);
            int calls = w <= 200 ? 2000 : 20_000;
            double sink = 0; // kept, so that the calls are not optimised away
            for (int i = 0; i < calls; i++) { // warm-up
                sink += BinnedKolmogorovSmirnov.pValue(ref, cur);
            }
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += BinnedKolmogorovSmirnov.pValue(ref, cur);
            }
            double us = (System.nanoTime() - start) / 1e3 / calls;
            if (sink < 0) {
                throw new IllegalStateException();
            }
            double p = BinnedKolmogorovSmirnov.pValue(ref, cur);
            boolean exact = (long) w * (13L * w) <= 500_000L && p < 0.05;
            System.out.printf(Locale.ROOT, "| %,d events | %s | %.1f µs | p %.3g |%n", w, exact ? "exact" : "asymptotic", us, p);
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** n values of N(shift, 1) in 10 bins of N(0, 1)'s deciles (about). */
    private static double[] counts(Random rnd, int n, double shift) {
        double[] edges = {-1.2816, -0.8416, -0.5244, -0.2533, 0, 0.2533, 0.5244, 0.8416, 1.2816};
        double[] c = new double[10];
        for (int i = 0; i < n; i++) {
            double v = rnd.nextGaussian() + shift;
            int b = 0;
            while (b < edges.length && v >= edges[b]) {
                b++;
            }
            c[b]++;
        }
        return c;
    }
}
