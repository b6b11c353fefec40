package io.kdrift.eval;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.drift.Baseline;
import io.kdrift.drift.BaselineStates;
import io.kdrift.drift.ModelState;
import io.kdrift.drift.WindowScorer;
import io.kdrift.drift.WindowState;
import io.kdrift.replay.BaselineBuilder;
import io.kdrift.result.ScoreRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Detection quality of kdrift's default drift rules, per signal and the model's verdict (not a test): synthetic scenarios with a known onset, at window
 * sizes from 30 to 10,000 events, with rolling, fixed and pinned references. Every event goes through the
 * monitor's own parser, drift engine and alert engine (the code the topology calls); beside it, a two-sample
 * KS test (numeric signals) or chi-square test (categorical ones) on the same windows and the same reference,
 * as batch drift tools run them. Run with bin/evaluate; see docs/evaluation.md.
 */
public final class Evaluation {
    private static final long T0 = 1_767_600_000_000L;
    private static final long MINUTE = 60_000;
    private static final Set<String> DRIFT_RULES = Set.of("KdriftDrift", "KdriftSevereDrift");
    /** Windows after the onset a drift scenario runs for; not alerted by then counts as missed. */
    private static final int AFTER_ONSET = 10;
    /** Events of the pinned baseline (a validation set), at least: five windows' worth when windows are larger. */
    private static final int BASELINE_EVENTS = 10_000;
    private static final int REFERENCE_WINDOWS = 12;

    private Evaluation() {
    }

    /** What one detector saw in one run. */
    static final class Outcome {
        int scoredWindows;
        int falseAlarmWindows;
        int volumeAlarmWindows;
        /** Windows from the onset (1 = the onset window) until the first alert; 0 = not within {@link #AFTER_ONSET}. */
        int delay;
    }

    record Run(Outcome kdrift, Outcome ks, Outcome ksStrict) {
    }

    public static void main(String[] args) {
        int[] sizes = args.length > 0 ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {30, 100, 300, 1000, 3000, 10000};
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String[] modes = {"rolling", "fixed", "pinned"};
        List<Scenario> scenarios = List.of(Scenario.stationary(), Scenario.dailyVolume(), Scenario.abrupt(0.25), Scenario.abrupt(0.5),
                Scenario.abrupt(1.0), Scenario.abrupt(2.0), Scenario.gradual(), Scenario.classPrior(new double[] {0.45, 0.3, 0.25}),
                Scenario.classPrior(new double[] {0.3, 0.3, 0.4}), Scenario.newCategory());
        System.err.printf("kdrift evaluation: window sizes %s, %d seeds per cell, %d cores%n", Arrays.toString(sizes), seeds,
                Runtime.getRuntime().availableProcessors());
        long started = System.nanoTime();
        StringBuilder noDrift = new StringBuilder();
        noDrift.append("| scenario | reference | events/window | windows | kdrift false-alarm windows /1000 "
                + "| KS/χ² α=0.05 /1000 | KS/χ² α=0.001 /1000 | volume-rule windows /1000 |\n");
        noDrift.append("|---|---|---|---|---|---|---|---|\n");
        StringBuilder drift = new StringBuilder();
        drift.append("| scenario | population KL | reference | events/window | kdrift delay (median) | kdrift found ≤ 2 windows "
                + "| KS/χ² α=0.05 delay | KS/χ² α=0.001 delay |\n");
        drift.append("|---|---|---|---|---|---|---|---|\n");
        for (Scenario s : scenarios) {
            for (String mode : modes) {
                for (int n : sizes) {
                    List<Run> runs = new ArrayList<>();
                    for (int seed = 0; seed < seeds; seed++) {
                        runs.add(run(s, mode, n, 1000L * seed + n));
                    }
                    if (s.drift) {
                        drift.append(String.format(Locale.ROOT, "| %s | %.3f | %s | %,d | %s | %d/%d | %s | %s |%n", s.name, s.populationKl(), mode, n,
                                delay(runs, Run::kdrift), (int) runs.stream().filter(r -> r.kdrift.delay > 0 && r.kdrift.delay <= 2).count(),
                                runs.size(), delay(runs, Run::ks), delay(runs, Run::ksStrict)));
                    } else {
                        int windows = runs.stream().mapToInt(r -> r.kdrift.scoredWindows).sum();
                        noDrift.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %s | %s | %s | %s |%n", s.name, mode, n, windows,
                                perThousand(runs, Run::kdrift, false), perThousand(runs, Run::ks, false),
                                perThousand(runs, Run::ksStrict, false), perThousand(runs, Run::kdrift, true)));
                    }
                    System.err.printf("  %-40s %-8s %,6d events/window done (%.0f s)%n", s.name, mode, n, (System.nanoTime() - started) / 1e9);
                }
            }
        }
        System.out.println("### No drift: false alarms\n");
        System.out.print(noDrift);
        System.out.println("\n### Drift: detection delay (windows from the onset, the onset window counted as 1; — = not within " + AFTER_ONSET + ")\n");
        System.out.print(drift);
        System.err.printf("evaluation done in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static String perThousand(List<Run> runs, java.util.function.Function<Run, Outcome> which, boolean volume) {
        long windows = runs.stream().mapToLong(r -> which.apply(r).scoredWindows).sum();
        long alarms = runs.stream().mapToLong(r -> volume ? which.apply(r).volumeAlarmWindows : which.apply(r).falseAlarmWindows).sum();
        return windows == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", 1000.0 * alarms / windows);
    }

    private static String delay(List<Run> runs, java.util.function.Function<Run, Outcome> which) {
        int[] found = runs.stream().mapToInt(r -> which.apply(r).delay).filter(d -> d > 0).sorted().toArray();
        if (found.length * 2 <= runs.size()) {
            return "— (" + found.length + "/" + runs.size() + ")";
        }
        // the median over all runs, a miss counting as later than any detection
        int[] all = runs.stream().mapToInt(r -> which.apply(r).delay == 0 ? Integer.MAX_VALUE : which.apply(r).delay).sorted().toArray();
        return all[(all.length - 1) / 2] + (found.length < runs.size() ? " (" + found.length + "/" + runs.size() + ")" : "");
    }

    static KdriftConfig config(String mode) {
        return ConfigLoader.parse("window: {size: 1m, grace: 0s}\nreference: {mode: " + mode + "}\n", "evaluation.yaml");
    }

    /** One run: the scenario's windows through kdrift and through the comparison tests. */
    static Run run(Scenario s, String mode, int n, long seed) {
        KdriftConfig config = config(mode);
        Random rnd = new Random(seed);
        s.onset = Scenario.onset(n);
        ModelState model = new ModelState("m");
        List<Object> pinnedReference = null;
        if (mode.equals("pinned")) {
            BaselineBuilder builder = new BaselineBuilder(config);
            pinnedReference = new ArrayList<>();
            for (int i = 0; i < Math.max(BASELINE_EVENTS, 5 * n); i++) {
                Object value = s.draw(rnd, 0);
                builder.add(("{\"model\":\"m\"," + s.fields(value) + "}").getBytes(StandardCharsets.UTF_8));
                pinnedReference.add(value);
            }
            Baseline b = builder.build(null).get(0);
            model = new BaselineStates(config).install(b, null);
        }
        MonitoredModel monitored = new MonitoredModel(config, model);
        Outcome kd = new Outcome();
        Comparison ks = new Comparison(s, mode, 0.05, pinnedReference);
        Comparison ksStrict = new Comparison(s, mode, 0.001, pinnedReference);
        int windows = s.drift ? s.onset + AFTER_ONSET : Scenario.onset(n) - 2 + (n <= 1000 ? 200 : 100);
        for (int w = 0; w < windows; w++) {
            long start = T0 + w * MINUTE;
            WindowState window = monitored.open(start);
            int events = s.events(n, w);
            List<Object> values = new ArrayList<>(events);
            for (int i = 0; i < events; i++) {
                Object value = s.draw(rnd, w);
                long ts = start + (long) i * MINUTE / events;
                monitored.add(window, start, "{\"model\":\"m\",\"timestamp\":" + ts + "," + s.fields(value) + "}", ts);
                values.add(value);
            }
            boolean scored = false;
            WindowScorer.Closed closed = monitored.close(window);
            for (ScoreRecord r : closed.scores()) {
                if (r.signal().equals(s.signal) && r.status() != io.kdrift.result.ScoreStatus.WARMING_UP) {
                    scored = true;
                }
            }
            // the default drift rules: per signal, and the model's verdict (here a model of the one signal)
            boolean driftAlert = DRIFT_RULES.stream().anyMatch(rule -> monitored.firing(s.signal, rule))
                    || monitored.firing("model", "KdriftModelDrift");
            boolean volumeAlert = monitored.firing("events", "KdriftVolumeDrop");
            record(kd, s, w, scored, driftAlert, volumeAlert);
            Boolean ksFires = ks.window(values);
            record(ks.outcome, s, w, ksFires != null, Boolean.TRUE.equals(ksFires), false);
            Boolean strictFires = ksStrict.window(values);
            record(ksStrict.outcome, s, w, strictFires != null, Boolean.TRUE.equals(strictFires), false);
        }
        return new Run(kd, ks.outcome, ksStrict.outcome);
    }

    private static void record(Outcome o, Scenario s, int w, boolean scored, boolean alert, boolean volumeAlert) {
        if (!s.drift || w < s.onset) {
            if (scored || volumeAlert) {
                o.scoredWindows += scored ? 1 : 0;
                o.falseAlarmWindows += alert ? 1 : 0;
                o.volumeAlarmWindows += volumeAlert ? 1 : 0;
            }
        } else if (alert && o.delay == 0) {
            o.delay = w - s.onset + 1;
        }
    }

    /**
     * The detector of batch drift tools: each window against the same reference as kdrift's (the previous 12
     * windows, the first 12, or the baseline data), two-sample KS for numbers, chi-square for categories.
     */
    static final class Comparison {
        private final Scenario scenario;
        private final String mode;
        private final double alpha;
        private final Deque<List<Object>> reference = new ArrayDeque<>();
        private final List<Object> pinned;
        final Outcome outcome = new Outcome();

        Comparison(Scenario scenario, String mode, double alpha, List<Object> pinned) {
            this.scenario = scenario;
            this.mode = mode;
            this.alpha = alpha;
            this.pinned = pinned;
        }

        /** Whether the test rejects for this window; null while there is no reference yet. */
        Boolean window(List<Object> current) {
            List<Object> ref = new ArrayList<>();
            boolean ready = switch (mode) {
                case "pinned" -> {
                    ref.addAll(pinned);
                    yield true;
                }
                case "fixed" -> reference.size() >= REFERENCE_WINDOWS;
                default -> !reference.isEmpty();
            };
            if (!mode.equals("pinned")) {
                reference.forEach(ref::addAll);
            }
            Boolean fires = ready ? test(ref, current) < alpha : null;
            if (mode.equals("rolling")) {
                reference.addLast(current);
                if (reference.size() > REFERENCE_WINDOWS) {
                    reference.removeFirst();
                }
            } else if (mode.equals("fixed") && reference.size() < REFERENCE_WINDOWS) {
                reference.addLast(current);
            }
            return fires;
        }

        private double test(List<Object> ref, List<Object> cur) {
            if (scenario.numeric()) {
                return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(doubles(ref), doubles(cur));
            }
            Map<String, long[]> counts = new TreeMap<>();
            for (Object o : ref) {
                counts.computeIfAbsent((String) o, k -> new long[2])[0]++;
            }
            for (Object o : cur) {
                counts.computeIfAbsent((String) o, k -> new long[2])[1]++;
            }
            if (counts.size() < 2) {
                return 1;
            }
            long[] a = counts.values().stream().mapToLong(c -> c[0]).toArray();
            long[] b = counts.values().stream().mapToLong(c -> c[1]).toArray();
            return new ChiSquareTest().chiSquareTestDataSetsComparison(a, b);
        }

        private static double[] doubles(List<Object> values) {
            double[] out = new double[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (Double) values.get(i);
            }
            return out;
        }
    }

    /** The evaluation's cells, for tests that check a few of them. */
    static Map<String, Run> cells(Scenario s, String mode, int n, int seeds) {
        Map<String, Run> out = new LinkedHashMap<>();
        for (int seed = 0; seed < seeds; seed++) {
            out.put(s.name + "/" + mode + "/" + n + "/" + seed, run(s, mode, n, 1000L * seed + n));
        }
        return out;
    }
}
