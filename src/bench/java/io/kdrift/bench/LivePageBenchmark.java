package io.kdrift.bench;

import io.kdrift.http.HttpEndpoint;
import io.kdrift.http.Peers;
import io.kdrift.metrics.LatestScores;
import io.kdrift.result.ScoreRecord;
import io.kdrift.result.ScoreStatus;
import io.kdrift.stats.DriftScores;
import io.kdrift.topology.ScoreListener;
import io.kdrift.web.RecentWindows;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the live page costs (BENCHMARKS.md, "The live page"): the time the listeners take per score record, the
 * gauges alone (before the page) and with the page's recent windows; the heap the recent windows hold per signal;
 * and the time of {@code GET /cluster/scores} for many models, from this instance alone and gathered with a second one.
 *
 * <pre>java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.kdrift.bench.LivePageBenchmark 1000 10 5</pre>
 */
public final class LivePageBenchmark {
    private static final long MINUTE = 60_000;
    private static String[] MODELS;
    private static String[] SIGNALS;

    private LivePageBenchmark() {
    }

    /** A scored record of a numeric signal with 12 bins and 3 top contributors, as a closed window gives. */
    private static ScoreRecord record(String model, String signal, long window) {
        List<ScoreRecord.BinShare> bins = new ArrayList<>();
        for (int b = 0; b < 12; b++) {
            bins.add(new ScoreRecord.BinShare("[" + b + ".0, " + (b + 1) + ".0)", 1 / 12.0, 1 / 12.0));
        }
        List<ScoreRecord.Contribution> top = List.of(new ScoreRecord.Contribution("[0.0, 1.0)", 0.1, 0.05, 0.03),
                new ScoreRecord.Contribution("[1.0, 2.0)", 0.1, 0.06, 0.02), new ScoreRecord.Contribution("[2.0, 3.0)", 0.1, 0.07, 0.01));
        DriftScores scores = new DriftScores(12, 12_000, 1000, 0.01, 0.011, 2.5, 2.49, 2.48, 0.003, 0.021, 24.0, 0.01);
        return ScoreRecord.scored(model, signal, window * MINUTE, (window + 1) * MINUTE, ScoreStatus.OK, 12, 12_000, 1000, scores, bins, top);
    }

    public static void main(String[] args) throws Exception {
        int models = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int signals = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int windows = RecentWindows.WINDOWS + 12;
        // a model's and a signal's name are one string each, as in the topology's state
        MODELS = new String[models];
        SIGNALS = new String[signals];
        for (int m = 0; m < models; m++) {
            MODELS[m] = "m" + m;
        }
        for (int s = 0; s < signals; s++) {
            SIGNALS[s] = "feature.s" + s;
        }

        // 1. per score record: the gauges alone, and the gauges with the recent windows
        System.out.println("| listeners | ns per score record (median of " + rounds + ") |");
        System.out.println("|---|---:|");
        for (String which : List.of("gauges (LatestScores)", "gauges and the page's recent windows")) {
            double[] ns = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                LatestScores latest = new LatestScores(registry);
                ScoreListener listener = which.startsWith("gauges and") ? ScoreListener.all(latest, new RecentWindows()) : latest;
                // the first window registers the gauges: not what a steady state costs
                for (int m = 0; m < models; m++) {
                    for (int s = 0; s < signals; s++) {
                        listener.onScore(record(MODELS[m], SIGNALS[s], 0));
                    }
                }
                List<ScoreRecord> batch = new ArrayList<>();
                for (int w = 1; w < windows; w++) {
                    for (int m = 0; m < models; m++) {
                        for (int s = 0; s < signals; s++) {
                            batch.add(record(MODELS[m], SIGNALS[s], w));
                        }
                    }
                }
                long t = System.nanoTime();
                for (ScoreRecord rec : batch) {
                    listener.onScore(rec);
                }
                ns[r] = (System.nanoTime() - t) / (double) batch.size();
                registry.close();
            }
            System.out.printf(Locale.ROOT, "| %s | %.0f |%n", which, median(ns));
        }

        // 2. heap of the recent windows, full: 48 windows of every signal
        RecentWindows recent = new RecentWindows();
        long before = usedAfterGc();
        for (int w = 0; w < windows; w++) {
            for (int m = 0; m < models; m++) {
                for (int s = 0; s < signals; s++) {
                    recent.onScore(record(MODELS[m], SIGNALS[s], w));
                }
            }
        }
        long after = usedAfterGc();
        java.lang.ref.Reference.reachabilityFence(recent);
        System.out.printf(Locale.ROOT, "%nrecent windows of %,d signals (%d windows each): %.1f MiB of heap, %.1f kB per signal%n",
                models * signals, RecentWindows.WINDOWS, (after - before) / 1048576.0, (after - before) / 1024.0 / (models * signals));

        // 3. GET /cluster/scores: one instance with every model, then two instances with half each
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LatestScores all = new LatestScores(registry);
        LatestScores half = new LatestScores(registry);
        LatestScores otherHalf = new LatestScores(registry);
        for (int m = 0; m < models; m++) {
            for (int s = 0; s < signals; s++) {
                ScoreRecord r = record(MODELS[m], SIGNALS[s], 1);
                all.onScore(r);
                (m % 2 == 0 ? half : otherHalf).onScore(r);
            }
        }
        try (HttpEndpoint alone = new HttpEndpoint("127.0.0.1", 0, registry, all, () -> null, null,
                new HttpEndpoint.Live(new RecentWindows(), Peers.NONE, List.of()));
             HttpEndpoint second = new HttpEndpoint("127.0.0.1", 0, registry, otherHalf, () -> null, null,
                     new HttpEndpoint.Live(new RecentWindows(), Peers.NONE, List.of()));
             HttpEndpoint first = new HttpEndpoint("127.0.0.1", 0, registry, half, () -> null, null,
                     new HttpEndpoint.Live(new RecentWindows(), new Peers() {
                         @Override
                         public String self() {
                             return "127.0.0.1:1";
                         }

                         @Override
                         public List<String> others() {
                             return List.of("127.0.0.1:" + second.port());
                         }
                     }, List.of()))) {
            HttpClient client = HttpClient.newHttpClient();
            System.out.printf(Locale.ROOT, "%n| GET /cluster/scores, %,d records | ms (median of %d) | bytes |%n|---|---:|---:|%n",
                    models * signals, rounds * 4);
            for (int which = 0; which < 4; which++) {
                String url = "http://127.0.0.1:" + (which % 2 == 0 ? alone.port() : first.port()) + "/cluster/scores" + (which >= 2 ? "?brief" : "");
                double[] ms = new double[rounds * 4];
                int bytes = 0;
                for (int r = -3; r < ms.length; r++) {
                    long t = System.nanoTime();
                    HttpResponse<byte[]> resp = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (r >= 0) {
                        ms[r] = (System.nanoTime() - t) / 1e6;
                    }
                    bytes = resp.body().length;
                }
                System.out.printf(Locale.ROOT, "| %s%s | %.1f | %,d |%n", which % 2 == 0 ? "one instance" : "two instances, half each",
                        which >= 2 ? ", brief (what the page's list reads)" : ", with bins", median(ms), bytes);
            }
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
