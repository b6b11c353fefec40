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
 * in rounds after a warm-up; the table gives the median events/s, the spread (min–max) and the median
 * of the per-round ratios to the baseline. Run with bin/benchmark; see BENCHMARKS.md.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    /** One contender: a name and a pass that returns events/s. */
    record Contender(String name, DoubleSupplier pass) {
    }

    /** The events/s of every round (NaN when the contender was left out), their median and spread. */
    record Result(String name, double[] rates) {
        double median() {
            return sorted()[rates.length / 2];
        }

        double min() {
            return sorted()[0];
        }

        double max() {
            return sorted()[rates.length - 1];
        }

        /** The median over rounds of this contender's rate over {@code base}'s rate in the same round. */
        double ratioTo(Result base) {
            double[] r = new double[rates.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = rates[i] / base.rates[i];
            }
            Arrays.sort(r);
            return r[r.length / 2];
        }

        private double[] sorted() {
            double[] s = rates.clone();
            Arrays.sort(s);
            return s;
        }
    }

    static Result measure(String name, int runs, DoubleSupplier pass) {
        return measure(runs, List.of(new Contender(name, pass))).get(0);
    }

    /**
     * Runs every contender once to warm up (JIT, class loading, RocksDB), then {@code runs} rounds of
     * every contender in turn. This machine's speed drifts by tens of percent over minutes, so ratios are
     * taken between contenders of the same round ({@link Result#ratioTo}), never between separate series.
     * With {@code -Dbench.only=REGEX} only the contenders whose name REGEX finds run (the others show NaN).
     */
    static List<Result> measure(int runs, List<Contender> contenders) {
        String only = System.getProperty("bench.only");
        java.util.regex.Pattern chosen = java.util.regex.Pattern.compile(only == null ? "" : only);
        List<Result> results = new ArrayList<>();
        for (Contender c : contenders) {
            double[] rates = new double[runs];
            Arrays.fill(rates, Double.NaN);
            results.add(new Result(c.name(), rates));
            if (chosen.matcher(c.name()).find()) {
                c.pass().getAsDouble(); // the warm-up
            }
        }
        for (int round = 0; round < runs; round++) {
            for (int i = 0; i < contenders.size(); i++) {
                if (chosen.matcher(contenders.get(i).name()).find()) {
                    results.get(i).rates()[round] = contenders.get(i).pass().getAsDouble();
                }
            }
        }
        for (Result r : results) {
            System.err.printf(Locale.ROOT, "  %-48s %,10.0f events/s (%,.0f–%,.0f)%n", r.name(), r.median(), r.min(), r.max());
        }
        return results;
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
        KdriftConfig fixed = Contenders.fixedBinsConfig();
        List<Result> driver = measure(runs, List.of(
                new Contender("baseline: Jackson parse + windowed count()", () -> Contenders.baselineOnDriver(events, config)),
                new Contender("kdrift topology (durable stores, as in run)", () -> Contenders.kdriftOnDriver(events, config, DriftTopology.Mode.KAFKA)),
                new Contender("kdrift, durable, fixed bins (no quantile learning)", () -> Contenders.kdriftOnDriver(events, fixed, DriftTopology.Mode.KAFKA)),
                new Contender("kdrift, durable, default bins, edges learned", () -> Contenders.kdriftOnDriverLearned(events, config))));
        for (Result r : driver) {
            row(table, r, driver.get(0));
        }

        System.err.println("5. replay vs the bare Jackson parse rate of the same events");
        List<Result> parsing = measure(runs, List.of(
                new Contender("Jackson readTree of every event", () -> Contenders.jacksonParse(events)),
                new Contender("kdrift's EventParser (parse and validate) of every event", () -> Contenders.eventParser(events)),
                new Contender("kdrift topology as in replay (transient stores)", () -> Contenders.kdriftOnDriver(events, config, DriftTopology.Mode.REPLAY))));
        for (Result r : parsing) {
            row(table, r, parsing.get(0));
        }

        System.err.println("3. growth (kdrift topology as in replay; cost per event in microseconds)");
        table.add("");
        table.add("| growth | events/s (median) | µs per event |");
        table.add("|---|---|---|");
        for (int features : new int[] {1, 10, 50}) {
            BenchEvents e = new BenchEvents(n / 2, 50, features);
            growth(table, measure("numeric features: " + features, runs, () -> Contenders.kdriftOnDriver(e, config, DriftTopology.Mode.REPLAY)));
        }
        // the same with fixed edges: at these sizes every value of the rows above is one a signal learns its edges from
        // (1,000 a signal, each model's whole run), these give the cost of a feature once the edges are learned
        for (int features : new int[] {1, 10, 50}) {
            BenchEvents e = new BenchEvents(n / 2, 50, features);
            growth(table, measure("numeric features: " + features + ", fixed bins", runs,
                    () -> Contenders.kdriftOnDriver(e, fixed, DriftTopology.Mode.REPLAY)));
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
        table.add(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f–%,.0f | %.2f× |", r.name(), r.median(), r.min(), r.max(), r.ratioTo(base)));
    }

    private static void growth(List<String> table, Result r) {
        table.add(String.format(Locale.ROOT, "| %s | %,.0f | %.1f |", r.name(), r.median(), 1e6 / r.median()));
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
