package io.kdrift.eval;

import io.kdrift.config.KdriftConfig;
import io.kdrift.drift.ModelState;
import io.kdrift.drift.WindowScorer;
import io.kdrift.drift.WindowState;
import io.kdrift.result.ScoreStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The model-level verdict (docs/evaluation.md, "One verdict per model"): a model of k signals, the scenario's own and
 * k − 1 unchanged features (every fifth categorical, the others N(0, 1)), through the monitor's parser, drift engine and alert engine with the default
 * configuration (rolling reference of 12 windows). Measured: the family-wise false alarms (windows whose verdict calls
 * any signal drifted, when none did) against {@code scoring.familyWiseLevel}, and how soon {@code KdriftModelDrift}
 * finds a shift, beside the default per-signal rules and beside per-signal KS (numbers) and chi-square (categories)
 * tests with a Bonferroni correction at the same family-wise level on the same windows and reference.
 */
public final class ModelEvaluation {
    private static final long T0 = 1_767_600_000_000L;
    private static final long MINUTE = 60_000;
    private static final int REFERENCE_WINDOWS = 12;
    private static final int AFTER_ONSET = 10;
    private static final Set<String> SIGNAL_RULES = Set.of("KdriftDrift", "KdriftSevereDrift");

    private ModelEvaluation() {
    }

    /** What one run saw. Delays count windows from the onset (1 = the onset window); 0 = not within 10 windows. */
    static final class Outcome {
        int windows;
        /** Windows (before any onset) whose verdict called a signal drifted, and in which KdriftModelDrift was firing. */
        int verdictAlarms;
        int modelFiring;
        /** Windows in which a per-signal default rule was firing, and in which the Bonferroni-corrected KS/χ² rejected. */
        int signalRuleFiring;
        int bonferroniAlarms;
        int modelDelay;
        int signalRuleDelay;
        int bonferroniDelay;
    }

    /**
     * One run.
     *
     * @param comparison whether to run the KS/χ² tests beside (costly on large windows)
     */
    static Outcome run(Scenario s, int signals, int n, long seed, boolean comparison) {
        KdriftConfig config = Evaluation.config("rolling");
        double level = config.scoring().familyWiseLevel();
        Random rnd = new Random(seed);
        s.onset = Scenario.onset(n);
        MonitoredModel monitored = new MonitoredModel(config, new ModelState("m"));
        Outcome o = new Outcome();
        // raw values of each signal in the reference windows, for the comparison tests: the scenario's first
        List<Deque<List<Object>>> reference = new ArrayList<>();
        for (int i = 0; i < signals; i++) {
            reference.add(new ArrayDeque<>());
        }
        int windows = s.drift ? s.onset + AFTER_ONSET : Scenario.onset(n) - 2 + (n <= 100 ? 2000 : n <= 1000 ? 600 : 150);
        for (int w = 0; w < windows; w++) {
            long start = T0 + w * MINUTE;
            WindowState window = monitored.open(start);
            List<List<Object>> values = new ArrayList<>();
            for (int i = 0; i < signals; i++) {
                values.add(new ArrayList<>(n));
            }
            StringBuilder extra = new StringBuilder();
            for (int e = 0; e < n; e++) {
                Object value = s.draw(rnd, w);
                values.get(0).add(value);
                extra.setLength(0);
                for (int i = 1; i < signals; i++) {
                    extra.append(i == 1 ? "" : ",").append("\"n").append(i < 10 ? "0" : "").append(i).append("\":");
                    if (categorical(i)) {
                        double u = rnd.nextDouble();
                        String c = u < 0.4 ? "c0" : u < 0.7 ? "c1" : u < 0.9 ? "c2" : "c3";
                        values.get(i).add(c);
                        extra.append('"').append(c).append('"');
                    } else {
                        double v = Math.round(rnd.nextGaussian() * 1e4) / 1e4;
                        values.get(i).add(v);
                        extra.append(v);
                    }
                }
                long ts = start + (long) e * MINUTE / n;
                monitored.add(window, start, "{\"model\":\"m\",\"timestamp\":" + ts + "," + s.fields(value, extra.toString()) + "}", ts);
            }
            WindowScorer.Closed closed = monitored.close(window);
            boolean judged = closed.verdict().status() == ScoreStatus.OK;
            boolean modelAlert = monitored.firing("model", "KdriftModelDrift");
            // the per-signal default rules, on any of the model's signals
            boolean signalAlert = closed.scores().stream().anyMatch(r -> SIGNAL_RULES.stream().anyMatch(rule -> monitored.firing(r.signal(), rule)));
            Boolean bonferroni = comparison && judged ? bonferroni(s, reference, values, level) : null;
            if (comparison) {
                // the comparison's reference is the previous 12 windows, as kdrift's rolling one when it holds nothing
                for (int i = 0; i < signals; i++) {
                    reference.get(i).addLast(values.get(i));
                    if (reference.get(i).size() > REFERENCE_WINDOWS) {
                        reference.get(i).removeFirst();
                    }
                }
            }
            if (!judged) {
                continue;
            }
            int k = w - s.onset + 1;
            if (!s.drift || k < 1) {
                o.windows++;
                o.verdictAlarms += closed.verdict().signalsDrifted() > 0 ? 1 : 0;
                o.modelFiring += modelAlert ? 1 : 0;
                o.signalRuleFiring += signalAlert ? 1 : 0;
                o.bonferroniAlarms += Boolean.TRUE.equals(bonferroni) ? 1 : 0;
            } else {
                o.modelDelay = o.modelDelay == 0 && modelAlert ? k : o.modelDelay;
                o.signalRuleDelay = o.signalRuleDelay == 0 && signalAlert ? k : o.signalRuleDelay;
                o.bonferroniDelay = o.bonferroniDelay == 0 && Boolean.TRUE.equals(bonferroni) ? k : o.bonferroniDelay;
            }
        }
        return o;
    }

    /** The unchanged signals beside the scenario's: every fifth is a category (40/30/20/10 %), the others N(0, 1). */
    private static boolean categorical(int signal) {
        return signal % 5 == 0;
    }

    /** Whether any signal's KS (numbers) or chi-square (categories) p-value is below level / k, k the signals tested. */
    private static boolean bonferroni(Scenario s, List<Deque<List<Object>>> reference, List<List<Object>> current, double level) {
        if (reference.get(0).isEmpty()) {
            return false;
        }
        int k = current.size();
        for (int i = 0; i < k; i++) {
            List<Object> ref = new ArrayList<>();
            reference.get(i).forEach(ref::addAll);
            boolean numeric = i > 0 ? !categorical(i) : s.numeric();
            if (test(numeric, ref, current.get(i)) < level / k) {
                return true;
            }
        }
        return false;
    }

    private static double test(boolean numeric, List<Object> ref, List<Object> cur) {
        if (numeric) {
            return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(doubles(ref), doubles(cur));
        }
        Map<String, long[]> counts = new TreeMap<>();
        ref.forEach(o -> counts.computeIfAbsent((String) o, x -> new long[2])[0]++);
        cur.forEach(o -> counts.computeIfAbsent((String) o, x -> new long[2])[1]++);
        if (counts.size() < 2) {
            return 1;
        }
        return new ChiSquareTest().chiSquareTestDataSetsComparison(counts.values().stream().mapToLong(c -> c[0]).toArray(),
                counts.values().stream().mapToLong(c -> c[1]).toArray());
    }

    private static double[] doubles(List<Object> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Double) values.get(i);
        }
        return out;
    }

    /** The runs of one cell. */
    static List<Outcome> cell(Scenario s, int signals, int n, int seeds, boolean comparison) {
        List<Outcome> out = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            out.add(run(s, signals, n, 7919L * seed + n + signals, comparison));
        }
        return out;
    }

    /** The median delay over the runs, a miss later than any detection; "—" when half or more missed. */
    static String delay(List<Outcome> runs, java.util.function.ToIntFunction<Outcome> which) {
        int[] all = runs.stream().mapToInt(r -> which.applyAsInt(r) == 0 ? Integer.MAX_VALUE : which.applyAsInt(r)).sorted().toArray();
        long found = Arrays.stream(all).filter(d -> d != Integer.MAX_VALUE).count();
        if (found * 2 <= runs.size()) {
            return "— (" + found + "/" + runs.size() + ")";
        }
        return all[(all.length - 1) / 2] + (found < runs.size() ? " (" + found + "/" + runs.size() + ")" : "");
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long started = System.nanoTime();
        System.out.println("### Family-wise false alarms: 30 signals, no drift (rolling reference)\n");
        System.out.println("| events/window | windows | verdict called any signal drifted /1000 | KdriftModelDrift firing /1000 "
                + "| per-signal rules firing /1000 | KS Bonferroni rejections /1000 |");
        System.out.println("|---|---|---|---|---|---|");
        for (int n : new int[] {30, 100, 300, 1000, 3000, 10000}) {
            List<Outcome> runs = cell(Scenario.stationary(), 30, n, n >= 3000 ? Math.max(2, seeds / 5) : seeds, n <= 1000);
            int windows = runs.stream().mapToInt(r -> r.windows).sum();
            System.out.printf(Locale.ROOT, "| %,d | %,d | %.2f | %.2f | %.2f | %s |%n", n, windows,
                    1000.0 * runs.stream().mapToInt(r -> r.verdictAlarms).sum() / windows,
                    1000.0 * runs.stream().mapToInt(r -> r.modelFiring).sum() / windows,
                    1000.0 * runs.stream().mapToInt(r -> r.signalRuleFiring).sum() / windows,
                    n <= 1000 ? String.format(Locale.ROOT, "%.2f", 1000.0 * runs.stream().mapToInt(r -> r.bonferroniAlarms).sum() / windows) : "n/a");
            System.err.printf("  false alarms at %,d events/window done (%.0f s)%n", n, (System.nanoTime() - started) / 1e9);
        }
        System.out.println("\n### Detection delay: 10 signals, one of them shifts (windows from the onset, median of " + seeds + " runs)\n");
        System.out.println("| scenario | events/window | KdriftModelDrift | per-signal default rules | KS/χ² Bonferroni at the same level |");
        System.out.println("|---|---|---|---|---|");
        List<Scenario> scenarios = List.of(Scenario.abrupt(0.5), Scenario.abrupt(1.0), Scenario.abrupt(2.0), Scenario.gradual(),
                Scenario.classPrior(new double[] {0.3, 0.3, 0.4}), Scenario.newCategory());
        for (Scenario s : scenarios) {
            for (int n : new int[] {30, 100}) {
                List<Outcome> runs = cell(s, 10, n, seeds, true);
                System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", s.name, n, delay(runs, r -> r.modelDelay),
                        delay(runs, r -> r.signalRuleDelay), delay(runs, r -> r.bonferroniDelay));
            }
            System.err.printf("  %s done (%.0f s)%n", s.name, (System.nanoTime() - started) / 1e9);
        }
        System.err.printf("model evaluation done in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }
}
