package io.kdrift.bench;

import io.kdrift.config.KdriftConfig;
import io.kdrift.topology.DriftTopology;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * kdrift's benchmark harness (not a test): every contender runs on the same pre-generated events,
 * several times after a warm-up; the table gives the median events/s, the spread (min–max) and the
 * ratio to the baseline. Run with bin/benchmark; see BENCHMARKS.md.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    record Result(String name, double median, double min, double max) {
    }

    /**
     * Runs {@code pass} once to warm up, then {@code runs} times. With {@code -Dbench.only=REGEX} only the
     * contenders whose name REGEX finds run (the others show NaN): for trying one change quickly.
     */
    static Result measure(String name, int runs, DoubleSupplier pass) {
        String only = System.getProperty("bench.only");
        if (only != null && !java.util.regex.Pattern.compile(only).matcher(name).find()) {
            return new Result(name, Double.NaN, Double.NaN, Double.NaN);
        }
        pass.getAsDouble(); // warm-up: JIT, class loading, RocksDB
        double[] rates = new double[runs];
        for (int i = 0; i < runs; i++) {
            rates[i] = pass.getAsDouble();
        }
        Arrays.sort(rates);
        Result r = new Result(name, rates[runs / 2], rates[0], rates[runs - 1]);
        System.err.printf(Locale.ROOT, "  %-48s %,10.0f events/s (%,.0f–%,.0f)%n", name, r.median, r.min, r.max);
        return r;
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        KdriftConfig config = Contenders.config(10);
        System.err.printf("kdrift benchmarks: %,d events, %d runs each (median, min–max); %d cores, java %s%n", n, runs,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        BenchEvents events = new BenchEvents(n, 50, 10);
        List<String> table = new ArrayList<>();
        table.add("| benchmark | events/s (median) | min–max | ratio |");
        table.add("|---|---|---|---|");

        System.err.println("1. topology throughput on TopologyTestDriver (50 models, 10 numeric + 2 categorical features, 10 classes)");
        Result baseline = measure("baseline: Jackson parse + windowed count()", runs, () -> Contenders.baselineOnDriver(events, config));
        Result kdrift = measure("kdrift topology (durable stores, as in run)", runs, () -> Contenders.kdriftOnDriver(events, config, DriftTopology.Mode.KAFKA));
        KdriftConfig fixed = Contenders.fixedBinsConfig();
        Result kdriftFixed = measure("kdrift, durable, fixed bins (no quantile learning)", runs, () -> Contenders.kdriftOnDriver(events, fixed, DriftTopology.Mode.KAFKA));
        Result kdriftLearned = measure("kdrift, durable, default bins, edges learned", runs, () -> Contenders.kdriftOnDriverLearned(events, config));
        row(table, baseline, baseline);
        row(table, kdrift, baseline);
        row(table, kdriftFixed, baseline);
        row(table, kdriftLearned, baseline);

        System.err.println("5. replay vs the bare Jackson parse rate of the same events");
        Result parse = measure("Jackson readTree of every event", runs, () -> Contenders.jacksonParse(events));
        Result eventParser = measure("kdrift's EventParser (parse and validate) of every event", runs, () -> Contenders.eventParser(events));
        Result replay = measure("kdrift topology as in replay (transient stores)", runs, () -> Contenders.kdriftOnDriver(events, config, DriftTopology.Mode.REPLAY));
        row(table, parse, parse);
        row(table, eventParser, parse);
        row(table, replay, parse);

        System.err.println("3. growth (kdrift topology as in replay; cost per event in microseconds)");
        table.add("");
        table.add("| growth | events/s (median) | µs per event |");
        table.add("|---|---|---|");
        for (int features : new int[] {1, 10, 50}) {
            BenchEvents e = new BenchEvents(n / 2, 50, features);
            growth(table, measure("numeric features: " + features, runs, () -> Contenders.kdriftOnDriver(e, config, DriftTopology.Mode.REPLAY)));
        }
        for (int models : new int[] {10, 1_000, 10_000}) {
            // 20 events per model in every 5-minute window whatever the number of models, so that only
            // the number of keys changes (and not how many events share the cost of closing a window)
            BenchEvents e = new BenchEvents(Math.max(n / 2, 20 * models), models, 10, Math.max(1, 300_000L / (20L * models)));
            growth(table, measure("models: " + models, runs, () -> Contenders.kdriftOnDriver(e, config, DriftTopology.Mode.REPLAY)));
        }
        for (int bins : new int[] {10, 50, 200}) {
            BenchEvents e = new BenchEvents(n / 2, 50, 10);
            KdriftConfig c = Contenders.config(bins);
            growth(table, measure("bins per numeric signal: " + bins, runs, () -> Contenders.kdriftOnDriver(e, c, DriftTopology.Mode.REPLAY)));
        }

        System.err.println("3. heap");
        table.add("");
        table.add(heap());
        System.out.println(String.join("\n", table));
    }

    private static void row(List<String> table, Result r, Result base) {
        table.add(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f–%,.0f | %.2f× |", r.name, r.median, r.min, r.max, r.median / base.median));
    }

    private static void growth(List<String> table, Result r) {
        table.add(String.format(Locale.ROOT, "| %s | %,.0f | %.1f |", r.name, r.median, 1e6 / r.median));
    }

    /**
     * Heap held by the state of 10,000 models in steady state: 14 windows of events each (a full
     * reference of 12 windows, one open), 16 binned signals per model (12 features, prediction,
     * probabilities, confidence, label) plus log_loss and events, 10 bins per numeric signal.
     */
    private static String heap() {
        KdriftConfig config = io.kdrift.config.ConfigLoader.parse("""
                window: {size: 5m, grace: 30s}
                reference: {mode: rolling, windows: 12}
                binning: {numeric: {type: uniform, min: -50, max: 50, bins: 10}}
                """, "bench");
        BenchEvents e = new BenchEvents(10_000 * 14, 10_000, 10, 30);
        long before = usedHeap();
        HeapProbe probe = new HeapProbe(config, e);
        long after = usedHeap();
        long bytes = after - before;
        probe.close();
        int signals = 16;
        String line = String.format(Locale.ROOT, "Heap for 10,000 models × %d binned signals, each with a full rolling reference of 12 windows and "
                + "one open window: %,.1f MiB, %,.0f bytes per model and signal.", signals, bytes / 1048576.0, bytes / (10_000.0 * signals));
        System.err.println("  " + line);
        return line;
    }

    static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
