package io.kdrift.metrics;

import io.kdrift.result.EstimateField;
import io.kdrift.result.EstimatedPerformance;
import io.kdrift.result.ModelVerdict;
import io.kdrift.result.PerformanceField;
import io.kdrift.result.PerformanceRecord;
import io.kdrift.result.ScoreField;
import io.kdrift.result.ScoreRecord;
import io.kdrift.result.ScoreStatus;
import io.kdrift.result.VerdictField;
import io.kdrift.topology.ScoreListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The latest score record of every model and signal this instance owns, exported as Prometheus gauges
 * (labels {@code model} and {@code signal}) and kept for the JSON view. Gauges disappear when their
 * model's task leaves this instance or when the signal has had no score for a while, so that
 * Prometheus never shows a frozen value for a key that someone else now scores.
 *
 * <p>Each key's gauges read a {@link Slot} that this class holds strongly: Micrometer keeps only weak
 * references to gauge objects, and a collected one would read NaN.
 */
public final class LatestScores implements ScoreListener {
    private final MeterRegistry registry;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    /** The latest performance record of each model and the gauges that read it (kdrift_performance_*). */
    private final Map<String, PerformanceSlot> performance = new ConcurrentHashMap<>();
    /** The latest verdict of each model and the gauges that read it (kdrift_model_*, kdrift_reference_held_windows). */
    private final Map<String, VerdictSlot> verdicts = new ConcurrentHashMap<>();
    /** kdrift_alert_active per model/signal/rule: the gauge reads the AtomicInteger, held here strongly. */
    private final Map<String, AlertGauge> alerts = new ConcurrentHashMap<>();

    private record AlertGauge(String model, java.util.concurrent.atomic.AtomicInteger active, Meter meter) {
    }

    /** The latest record of one key and the gauges that read it. */
    static final class Slot {
        volatile ScoreRecord record;
        volatile long updatedAtMs;
        final List<Meter> meters = new ArrayList<>();
        MultiGauge distribution;
        /** The bins the distribution rows were registered for; rows read their share from {@link #record}. */
        List<String> distributionBins = List.of();
    }

    /** The latest performance record of one model and the gauges that read it. */
    static final class PerformanceSlot {
        volatile PerformanceRecord record;
        /** The latest estimate, of a window closed since (or before) the last final one. */
        volatile EstimatedPerformance estimate;
        volatile long updatedAtMs;
        final List<Meter> meters = new ArrayList<>();
    }

    /** The latest verdict of one model, its gauges, and one row per drifted signal (kdrift_model_signal_drifted). */
    static final class VerdictSlot {
        volatile ModelVerdict record;
        volatile long updatedAtMs;
        final List<Meter> meters = new ArrayList<>();
        MultiGauge drifted;
        List<String> driftedSignals = List.of();
    }

    public LatestScores(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onScore(ScoreRecord score) {
        Slot slot = slots.computeIfAbsent(score.key(), k -> register(score.model(), score.signal()));
        slot.record = score;
        slot.updatedAtMs = System.currentTimeMillis();
        List<String> bins = binsOf(score);
        // registering rows costs far more than a score (Micrometer builds and maps an id per row): the rows
        // read the slot's latest record, so they are registered again only when the set of bins changes
        if (!score.distribution().isEmpty() && !bins.equals(slot.distributionBins)) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>(2 * bins.size());
            for (int i = 0; i < bins.size(); i++) {
                int index = i;
                // bin_order: the bin's place (numeric bins by their edges), zero-padded so that sorting its text sorts the
                // bins; Prometheus and Grafana would order the bin labels as text, "(350084.0, +inf)" before "[30763.0, …)"
                Tags bin = Tags.of("bin", bins.get(i), "bin_order", String.format(java.util.Locale.ROOT, "%03d", i));
                rows.add(MultiGauge.Row.of(bin.and("window", "reference"), slot,
                        s -> share(s.record, bins, index, ScoreRecord.BinShare::referenceShare)));
                rows.add(MultiGauge.Row.of(bin.and("window", "current"), slot,
                        s -> share(s.record, bins, index, ScoreRecord.BinShare::currentShare)));
            }
            slot.distribution.register(rows, true);
            slot.distributionBins = bins;
        }
    }

    private static List<String> binsOf(ScoreRecord score) {
        List<String> bins = new ArrayList<>(score.distribution().size());
        for (ScoreRecord.BinShare b : score.distribution()) {
            bins.add(b.bin());
        }
        return bins;
    }

    /** The share of bin {@code index} in the record, or NaN if the record's bins are no longer those registered. */
    private static double share(ScoreRecord r, List<String> bins, int index, ToDoubleFunction<ScoreRecord.BinShare> side) {
        List<ScoreRecord.BinShare> d = r == null ? List.of() : r.distribution();
        if (index >= d.size() || !d.get(index).bin().equals(bins.get(index))) {
            return Double.NaN;
        }
        return side.applyAsDouble(d.get(index));
    }

    @Override
    public void onVerdict(ModelVerdict verdict) {
        VerdictSlot slot = verdicts.computeIfAbsent(verdict.model(), this::registerVerdict);
        slot.record = verdict;
        slot.updatedAtMs = System.currentTimeMillis();
        List<String> drifted = verdict.drifted().stream().map(ModelVerdict.SignalTest::signal).sorted().toList();
        if (!drifted.equals(slot.driftedSignals)) {
            // a row per drifted signal, none for the others: a generated alert's annotation lists them with one query
            slot.drifted.register(drifted.stream().map(signal -> MultiGauge.Row.of(Tags.of("signal", signal), 1)).toList(), true);
            slot.driftedSignals = drifted;
        }
    }

    /** One gauge per verdict field ({@link VerdictField}), labelled by model. */
    private VerdictSlot registerVerdict(String model) {
        VerdictSlot slot = new VerdictSlot();
        Tags tags = Tags.of("model", model);
        for (VerdictField f : VerdictField.values()) {
            slot.meters.add(Gauge.builder(f.gauge(), slot, s -> value(s.record == null ? null : f.value(s.record)))
                    .description(f.help()).tags(f.tagKey() == null ? tags : tags.and(f.tagKey(), f.tagValue()))
                    .strongReference(true).register(registry));
        }
        slot.drifted = MultiGauge.builder("kdrift.model.signal.drifted")
                .description("1 for each signal of the model that drifted in its last verdict (Holm-corrected); no series for the others")
                .tags(tags).register(registry);
        return slot;
    }

    private void unregister(VerdictSlot slot) {
        slot.meters.forEach(registry::remove);
        slot.drifted.register(List.of(), true);
    }

    /** The latest verdicts, by model. */
    public List<ModelVerdict> latestVerdicts() {
        List<ModelVerdict> out = new ArrayList<>();
        verdicts.values().forEach(s -> {
            if (s.record != null) {
                out.add(s.record);
            }
        });
        out.sort(Comparator.comparing(ModelVerdict::model));
        return out;
    }

    @Override
    public void onPerformance(PerformanceRecord record) {
        PerformanceSlot slot = performance.computeIfAbsent(record.model(), this::registerPerformance);
        slot.record = record;
        slot.updatedAtMs = System.currentTimeMillis();
    }

    @Override
    public void onEstimate(EstimatedPerformance estimate) {
        PerformanceSlot slot = performance.computeIfAbsent(estimate.model(), this::registerPerformance);
        slot.estimate = estimate;
        slot.updatedAtMs = System.currentTimeMillis();
    }

    /** The latest estimated-performance records, by model. */
    public List<EstimatedPerformance> latestEstimates() {
        List<EstimatedPerformance> out = new ArrayList<>();
        performance.values().forEach(s -> {
            if (s.estimate != null) {
                out.add(s.estimate);
            }
        });
        out.sort(Comparator.comparing(EstimatedPerformance::model));
        return out;
    }

    /**
     * One gauge per performance field that has one ({@link PerformanceField}), and the window's end and status; one per
     * estimate field ({@link EstimateField}).
     */
    private PerformanceSlot registerPerformance(String model) {
        PerformanceSlot slot = new PerformanceSlot();
        Tags tags = Tags.of("model", model);
        for (PerformanceField f : PerformanceField.values()) {
            if (f.gauge() != null) {
                slot.meters.add(Gauge.builder(f.gauge(), slot, s -> value(s.record == null ? null : f.value(s.record)))
                        .description(f.help()).tags(f.tagKey() == null ? tags : tags.and(f.tagKey(), f.tagValue()))
                        .strongReference(true).register(registry));
            }
        }
        for (EstimateField f : EstimateField.values()) {
            slot.meters.add(Gauge.builder(f.gauge(), slot, s -> value(s.estimate == null ? null : f.value(s.estimate)))
                    .description(f.help()).tags(tags).strongReference(true).register(registry));
        }
        slot.meters.add(Gauge.builder("kdrift.performance.estimated.window.end.timestamp", slot,
                        s -> s.estimate == null ? Double.NaN : s.estimate.windowEnd() / 1000.0)
                .description("End of the last window whose performance was estimated (when it closed), as a Unix timestamp in seconds")
                .baseUnit("seconds").tags(tags).strongReference(true).register(registry));
        slot.meters.add(Gauge.builder("kdrift.performance.window.end.timestamp", slot, s -> s.record == null ? Double.NaN : s.record.windowEnd() / 1000.0)
                .description("End of the last window whose performance is final, as a Unix timestamp in seconds").baseUnit("seconds")
                .tags(tags).strongReference(true).register(registry));
        for (ScoreStatus status : ScoreStatus.values()) {
            slot.meters.add(Gauge.builder("kdrift.performance.status", slot, s -> s.record != null && s.record.status() == status ? 1 : 0)
                    .description("1 for the status of the last final performance window (ok, warming_up, insufficient_data), 0 for the others")
                    .tags(tags.and("status", status.id())).strongReference(true).register(registry));
        }
        return slot;
    }

    /** The latest performance records, by model. */
    public List<PerformanceRecord> latestPerformance() {
        List<PerformanceRecord> out = new ArrayList<>();
        performance.values().forEach(s -> {
            if (s.record != null) {
                out.add(s.record);
            }
        });
        out.sort(Comparator.comparing(PerformanceRecord::model));
        return out;
    }

    @Override
    public void onAlertState(String model, String signal, String rule, String severity, boolean firing) {
        AlertGauge g = alerts.computeIfAbsent(model + "/" + signal + "/" + rule, k -> {
            java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
            Meter meter = Gauge.builder("kdrift.alert.active", active, java.util.concurrent.atomic.AtomicInteger::get)
                    .description("1 while the alert rule fires for the model and signal, 0 once it has resolved")
                    .tags("model", model, "signal", signal, "rule", rule, "severity", severity)
                    .strongReference(true).register(registry);
            return new AlertGauge(model, active, meter);
        });
        g.active().set(firing ? 1 : 0);
    }

    @Override
    public void onModelsReleased(Collection<String> models) {
        alerts.entrySet().removeIf(e -> {
            boolean match = models.contains(e.getValue().model());
            if (match) {
                registry.remove(e.getValue().meter());
            }
            return match;
        });
        for (String model : models) {
            VerdictSlot v = verdicts.remove(model);
            if (v != null) {
                unregister(v);
            }
            PerformanceSlot p = performance.remove(model);
            if (p != null) {
                p.meters.forEach(registry::remove);
            }
            slots.entrySet().removeIf(e -> {
                boolean match = e.getValue().record != null && e.getValue().record.model().equals(model);
                if (match) {
                    unregister(e.getValue());
                }
                return match;
            });
        }
    }

    /** Removes the keys with no score (models with no performance record) since {@code cutoffMs} (wall clock); returns how many. */
    public int expire(long cutoffMs) {
        int[] removed = {0};
        verdicts.entrySet().removeIf(e -> {
            boolean stale = e.getValue().updatedAtMs < cutoffMs;
            if (stale) {
                unregister(e.getValue());
                removed[0]++;
            }
            return stale;
        });
        performance.entrySet().removeIf(e -> {
            boolean stale = e.getValue().updatedAtMs < cutoffMs;
            if (stale) {
                e.getValue().meters.forEach(registry::remove);
                removed[0]++;
            }
            return stale;
        });
        slots.entrySet().removeIf(e -> {
            boolean stale = e.getValue().updatedAtMs < cutoffMs;
            if (stale) {
                unregister(e.getValue());
                removed[0]++;
            }
            return stale;
        });
        return removed[0];
    }

    /** The latest records, sorted by model and signal. */
    public List<ScoreRecord> latest() {
        List<ScoreRecord> out = new ArrayList<>();
        for (Slot s : slots.values()) {
            if (s.record != null) {
                out.add(s.record);
            }
        }
        out.sort(Comparator.comparing(ScoreRecord::model).thenComparing(ScoreRecord::signal));
        return out;
    }

    private void unregister(Slot slot) {
        for (Meter m : slot.meters) {
            registry.remove(m);
        }
        slot.distribution.register(List.of(), true);
        slot.distributionBins = List.of();
    }

    private Slot register(String model, String signal) {
        Slot slot = new Slot();
        Tags tags = Tags.of("model", model, "signal", signal);
        slot.distribution = MultiGauge.builder("kdrift.distribution.share")
                .description("Share of each bin (label bin: a category or a numeric range; bin_order: its place, zero-padded) in the "
                        + "reference (window=reference) and the current window (window=current) of the last scored window; raw counts, not smoothed")
                .tags(tags).register(registry);
        // one gauge per score field the signal carries: the list of fields is ScoreField's
        for (ScoreField f : ScoreField.values()) {
            if (f.gauge() != null && f.applies().to(signal)) {
                gauge(slot, f.gauge(), f.unit(), f.help(), f.window() == null ? tags : tags.and("window", f.window()), r -> value(f.value(r)));
            }
        }
        gauge(slot, "kdrift.reference.windows", null, "Closed windows in the reference", tags, ScoreRecord::referenceWindows);
        gauge(slot, "kdrift.window.end.timestamp", "seconds", "End of the last scored window, as a Unix timestamp in seconds", tags,
                r -> r.windowEnd() / 1000.0);
        for (ScoreStatus status : ScoreStatus.values()) {
            gauge(slot, "kdrift.score.status", null, "1 for the status of the last scored window (ok, warming_up, insufficient_data), 0 for the others",
                    tags.and("status", status.id()), r -> r.status() == status ? 1 : 0);
        }
        return slot;
    }

    private void gauge(Slot slot, String name, String unit, String help, Tags tags, ToDoubleFunction<ScoreRecord> f) {
        Gauge.Builder<Slot> b = Gauge.builder(name, slot, s -> s.record == null ? Double.NaN : f.applyAsDouble(s.record))
                .description(help).tags(tags).strongReference(true);
        if (unit != null) {
            b.baseUnit(unit);
        }
        slot.meters.add(b.register(registry));
    }

    private static double value(Double d) {
        return d == null ? Double.NaN : d;
    }
}
