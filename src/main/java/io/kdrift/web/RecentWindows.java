package io.kdrift.web;

import io.kdrift.alert.AlertRecord;
import io.kdrift.result.ModelVerdict;
import io.kdrift.result.ScoreRecord;
import io.kdrift.topology.ScoreListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the live page shows of the models this instance processes: each signal's score records of its last
 * {@link #WINDOWS} windows (without their bins: the latest record, in LatestScores, has them), each model's verdicts of as many windows, and the
 * alerts firing now with the record that last changed them. Like the gauges, a model's part leaves with its task.
 */
public final class RecentWindows implements ScoreListener {
    /** Windows kept per signal and per model by default (http.recentWindows): 48 five-minute windows are four hours. */
    public static final int WINDOWS = 48;

    private final int windows;

    private final Map<String, Recent<ScoreRecord>> scores = new ConcurrentHashMap<>();
    private final Map<String, Recent<ModelVerdict>> verdicts = new ConcurrentHashMap<>();
    private final Map<String, Firing> firing = new ConcurrentHashMap<>();

    public RecentWindows() {
        this(WINDOWS);
    }

    /** @param windows how many windows of each signal and each model's verdicts to keep; 0 keeps none (the alerts only) */
    public RecentWindows(int windows) {
        this.windows = windows;
    }

    /** An alert firing now: its rule, its severity and, when this instance saw it change, the alert record. */
    public record Firing(String model, String signal, String rule, String severity, AlertRecord record) {
    }

    /** The last records of one key, oldest first, and when the last one came (wall clock). */
    private static final class Recent<R> {
        final Deque<R> records = new ArrayDeque<>();
        final int capacity;
        volatile long updatedAtMs;

        Recent(int capacity) {
            this.capacity = capacity;
        }

        synchronized void add(R r) {
            records.addLast(r);
            while (records.size() > capacity) {
                records.removeFirst();
            }
            updatedAtMs = System.currentTimeMillis();
        }

        synchronized List<R> list() {
            return new ArrayList<>(records);
        }
    }

    @Override
    public void onScore(ScoreRecord score) {
        // without the bins: the page draws the latest window's distribution from the latest record (LatestScores), and
        // 48 windows of bins would be most of the memory
        if (windows > 0) {
            scores.computeIfAbsent(score.key(), k -> new Recent<>(windows)).add(score.withoutBins());
        }
    }

    @Override
    public void onVerdict(ModelVerdict verdict) {
        if (windows > 0) {
            verdicts.computeIfAbsent(verdict.model(), k -> new Recent<>(windows)).add(verdict);
        }
    }

    @Override
    public void onAlertState(String model, String signal, String rule, String severity, boolean isFiring) {
        String key = model + "/" + signal + "/" + rule;
        if (isFiring) {
            firing.compute(key, (k, old) -> new Firing(model, signal, rule, severity, old == null ? null : old.record()));
        } else {
            firing.remove(key);
        }
    }

    @Override
    public void onAlert(AlertRecord alert) {
        firing.computeIfPresent(alert.key(), (k, f) -> new Firing(f.model(), f.signal(), f.rule(), f.severity(), alert));
    }

    @Override
    public void onModelsReleased(Collection<String> models) {
        scores.entrySet().removeIf(e -> models.contains(modelOf(e.getKey())));
        verdicts.keySet().removeIf(models::contains);
        firing.values().removeIf(f -> models.contains(f.model()));
    }

    /** Forgets the keys with no record since {@code cutoffMs} (wall clock), as the gauges do. */
    public void expire(long cutoffMs) {
        scores.values().removeIf(r -> r.updatedAtMs < cutoffMs);
        verdicts.values().removeIf(r -> r.updatedAtMs < cutoffMs);
    }

    /** The score records of a model's recent windows, by signal, then by window. */
    public List<ScoreRecord> scores(String model) {
        List<ScoreRecord> out = new ArrayList<>();
        scores.forEach((key, recent) -> {
            if (modelOf(key).equals(model)) {
                out.addAll(recent.list());
            }
        });
        out.sort(Comparator.comparing(ScoreRecord::signal).thenComparingLong(ScoreRecord::windowEnd));
        return out;
    }

    /** A model's verdicts of its recent windows, oldest first. */
    public List<ModelVerdict> verdicts(String model) {
        Recent<ModelVerdict> recent = verdicts.get(model);
        return recent == null ? List.of() : recent.list();
    }

    /** The alerts firing now, by model, signal and rule. */
    public List<Firing> firing() {
        List<Firing> out = new ArrayList<>(firing.values());
        out.sort(Comparator.comparing(Firing::model).thenComparing(Firing::signal).thenComparing(Firing::rule));
        return out;
    }

    /** A score key's model: the key is {@code model/signal}, and a model id has no slash. */
    private static String modelOf(String key) {
        return key.substring(0, key.indexOf('/'));
    }
}
