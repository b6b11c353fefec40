package io.kdrift.performance;

import static io.kdrift.event.PredictionEvent.KEY_SEPARATOR;

import io.kdrift.state.ExpiringState;
import io.kdrift.state.ExpiryIndex;
import io.kdrift.state.KeyedState;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Joins each prediction of one task with its label, which comes later (or, now and then, first) on its own stream,
 * by (model, prediction id); free of Kafka, like {@link io.kdrift.drift.TaskWindows}.
 *
 * <p>Two clocks, as the two streams arrive apart (labels take a hop more, and either stream can stall): the label
 * time, the largest label time seen, and the prediction time, the largest prediction time seen; an idle task moves
 * both with the wall clock ({@link #advanceTo}). A prediction waits for its label until the label time passes its
 * own time plus the horizon: then no label dated within its horizon can still come. (Should labels stop altogether,
 * it waits until the prediction time is a further horizon on, so that its state stays bounded.) A label that comes
 * first waits for its prediction until the prediction time passes its own time plus {@code labelWait} (or, should
 * predictions stop, until the label time passes its own time plus {@code labelWait} plus the horizon: labels may run
 * that far ahead of their predictions). The first label of a prediction counts; a later one is a duplicate, reported
 * and not counted. Later labels of an id whose first label still waits wait with it: duplicates if the prediction
 * comes, labels of an unknown prediction like the first if not. A window's performance is
 * final once its predictions have all been labelled or waited out, and no prediction of it can still arrive (the
 * prediction time is past its end plus the grace period). It is handed out then, once.
 *
 * <p>State, behind {@link KeyedState}: the predictions waiting (what performance needs of them, see
 * {@link PendingPrediction}), the labels waiting, the open windows' counts, and the order in which the waiting
 * predictions and labels expire ({@link ExpiryIndex}: in buckets of a 10,000th of the horizon, at least a second, so
 * that only the bucket numbers and the open windows are in memory, never the waiting predictions; a prediction waits
 * for its label until the end of its bucket, up to a bucket longer than the horizon). The waiting predictions and
 * the waiting labels are each an {@link ExpiringState}, the skeleton the request join waits in too.
 */
public final class LabelJoin {
    /** Why a label was not counted. */
    public enum Unmatched {
        /** No prediction of that id came within the wait, or its horizon had passed. */
        UNKNOWN_PREDICTION("label_for_unknown_prediction"),
        /** The prediction was labelled already: the first label counts. */
        DUPLICATE("duplicate_label"),
        /** A regression's label that is not a number. */
        NOT_A_NUMBER("label_not_a_number");

        private final String code;

        Unmatched(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Where the join's results go. */
    public interface Output {
        /** A window's final performance. */
        void performance(String model, WindowPerformance window);

        /** A window closed (no prediction of it can still come): its performance can be estimated, before its labels. */
        default void closed(String model, WindowPerformance window) {
        }

        /** @param origin where the label came from; null: it is the label record being processed */
        void unmatchedLabel(String model, String id, String label, Unmatched why, LabelOrigin origin);
    }

    /** A label of a prediction not (or no longer) known, with where it came from (null where not known). */
    public record WaitingLabel(String label, LabelOrigin origin) {
    }

    /**
     * A label that came before its prediction, and the labels of the same id that came after it while it waited. Only
     * when the prediction comes is it known whether the later ones are duplicates (it came: the first counts) or labels
     * of an unknown prediction like the first (it never came, or had waited out its horizon before the first label).
     */
    public record EarlyLabel(String label, long expiresAt, LabelOrigin origin, java.util.List<WaitingLabel> later) {
        public EarlyLabel(String label, long expiresAt) {
            this(label, expiresAt, null, java.util.List.of());
        }

        EarlyLabel with(WaitingLabel another) {
            java.util.List<WaitingLabel> all = new java.util.ArrayList<>(later);
            all.add(another);
            return new EarlyLabel(label, expiresAt, origin, java.util.List.copyOf(all));
        }
    }

    /** @param expiry when the waiting predictions and labels expire ({@link ExpiryIndex}) */
    public record Stores(KeyedState<PendingPrediction> pending, KeyedState<EarlyLabel> early, KeyedState<WindowPerformance> windows,
                         KeyedState<ExpiryIndex.ExpiryBucket> expiry) {
    }

    private final long horizonMs;
    private final long labelWaitMs;
    private final long windowSizeMs;
    private final Stores stores;
    private final Output output;
    /** Predictions waiting for their label, until their horizon. */
    private final ExpiringState<PendingPrediction> pending;
    /** Labels that came before their prediction, waiting for it. */
    private final ExpiringState<EarlyLabel> early;
    /** Open windows by their end plus the horizon. */
    private final TreeMap<Long, NavigableSet<String>> windowsByHorizon = new TreeMap<>();
    /** Windows not closed yet (not told to {@link Output#closed}), by their end plus the grace period. */
    private final TreeMap<Long, NavigableSet<String>> windowsByClose = new TreeMap<>();
    private final long graceMs;
    private long labelTime = Long.MIN_VALUE;
    private long predictionTime = Long.MIN_VALUE;
    private boolean externalClocks;
    /** With outside clocks: whether labels, and predictions, still come (a partition of theirs is not idle). */
    private boolean labelsFlow = true;
    private boolean predictionsFlow = true;

    /**
     * @param horizonMs    how long a prediction waits for its label
     * @param labelWaitMs  how long a label that came first waits for its prediction
     * @param windowSizeMs the windows' size
     * @param graceMs      the windows' grace period (predictions of a window still arrive until its end plus grace)
     */
    public LabelJoin(long horizonMs, long labelWaitMs, long windowSizeMs, long graceMs, Stores stores, Output output) {
        this.horizonMs = horizonMs;
        this.labelWaitMs = labelWaitMs;
        this.windowSizeMs = windowSizeMs;
        this.graceMs = graceMs;
        this.stores = stores;
        this.output = output;
        long bucketMs = ExpiryIndex.bucketMs(horizonMs);
        this.pending = new ExpiringState<>(stores.pending(), new ExpiryIndex(stores.expiry(), "p", bucketMs), PendingPrediction::expiresAt);
        this.early = new ExpiringState<>(stores.early(), new ExpiryIndex(stores.expiry(), "e", bucketMs), EarlyLabel::expiresAt);
        for (String key : stores.windows().keys()) {
            WindowPerformance w = stores.windows().get(key);
            index(windowsByHorizon, finalAt(w.windowStart()), key);
            if (!w.estimated) {
                index(windowsByClose, closesAt(w.windowStart()), key);
            }
        }
    }

    /**
     * A prediction counted in its window (the drift side accepted it).
     *
     * @param id   its id, or null: counted, never labelled
     * @param time its event time
     * @return false when a prediction of the same model and id still waits: this one is counted in its window's
     *         predictions but can never be labelled (a label would be the first's)
     */
    public boolean prediction(String model, String id, long time, long windowStart, PendingPrediction what) {
        if (!externalClocks) {
            predictionTime = Math.max(predictionTime, time);
            expire();
        }
        String windowKey = key(model, Long.toString(windowStart));
        WindowPerformance w = stores.windows().get(windowKey);
        if (w == null) {
            w = new WindowPerformance(windowStart);
            stores.windows().put(windowKey, w);
            index(windowsByHorizon, finalAt(windowStart), windowKey);
            index(windowsByClose, closesAt(windowStart), windowKey);
        } else {
            stores.windows().markDirty(windowKey);
        }
        w.predicted(what);
        String key = id == null ? null : key(model, id);
        if (key == null) {
            return true;
        }
        if (pending.get(key) != null) {
            return false;
        }
        w.withId++;
        PendingPrediction p = new PendingPrediction(windowStart, pending.expiry(time + horizonMs), what.predicted(), what.number(),
                what.classes(), what.probabilities(), false);
        EarlyLabel first = early.get(key);
        if (first != null) {
            early.remove(key);
            p = join(model, id, p, w, first.label(), kept(first.origin()));
            for (WaitingLabel another : first.later()) {
                output.unmatchedLabel(model, id, another.label(), Unmatched.DUPLICATE, kept(another.origin()));
            }
        }
        pending.add(key, p);
        return true;
    }

    /** A label of the prediction {@code id} of {@code model}, with its event time; where it came from is not kept. */
    public void label(String model, String id, String label, long time) {
        label(model, id, label, time, null);
    }

    /**
     * A label of the prediction {@code id} of {@code model}, with its event time and where it came from (kept while it
     * waits for its prediction, for its dead letter should it wait in vain).
     */
    public void label(String model, String id, String label, long time, LabelOrigin origin) {
        if (!externalClocks) {
            labelTime = Math.max(labelTime, time);
            expire();
        }
        String key = key(model, id);
        PendingPrediction p = pending.get(key);
        EarlyLabel waiting;
        if (p != null && p.labelled()) {
            output.unmatchedLabel(model, id, label, Unmatched.DUPLICATE, null);
        } else if (p != null) {
            String windowKey = key(model, Long.toString(p.windowStart()));
            WindowPerformance w = stores.windows().get(windowKey);
            stores.windows().markDirty(windowKey);
            pending.replace(key, join(model, id, p, w, label, null));
        } else if ((waiting = early.get(key)) != null) {
            // a duplicate if the prediction comes, a label of an unknown prediction if not: known when the first's wait ends
            early.replace(key, waiting.with(new WaitingLabel(label, origin)));
        } else {
            early.add(key, new EarlyLabel(label, early.expiry(time + labelWaitMs), origin, java.util.List.of()));
        }
    }

    /**
     * From now on the prediction time and the label time are what {@link #clocks} says (the task's prediction and label
     * clocks, each the minimum over the partitions that feed it), not the latest prediction and label seen.
     */
    public void useExternalClocks() {
        externalClocks = true;
    }

    /**
     * The prediction time and the label time move on (never back); what waited too long expires. Predictions that stop
     * holding labels back, or labels predictions, do so only when they no longer come ({@code predictionsFlow},
     * {@code labelsFlow} false: every partition of theirs idle): a catch-up that reads one far ahead of the other then
     * expires nothing early. While labels come, a prediction waits for the label time; once they stop, the label time
     * follows the prediction time (as an idle task's did).
     */
    public void clocks(long prediction, long label, boolean predictionsFlow, boolean labelsFlow) {
        long labelNow = labelsFlow ? label : Math.max(label, prediction);
        boolean changed = prediction > predictionTime || labelNow > labelTime || predictionsFlow != this.predictionsFlow
                || labelsFlow != this.labelsFlow;
        this.predictionsFlow = predictionsFlow;
        this.labelsFlow = labelsFlow;
        if (changed) {
            predictionTime = Math.max(predictionTime, prediction);
            labelTime = Math.max(labelTime, labelNow);
            expire();
        }
    }

    /** An idle task: both clocks follow the wall clock's move of its stream time. */
    public void advanceTo(long t) {
        labelTime = Math.max(labelTime, t);
        predictionTime = Math.max(predictionTime, t);
        expire();
    }

    /** Expires what waited too long by the clocks, and hands out the windows that are final. */
    private void expire() {
        // without outside clocks (or once labels stop), labels that stopped are judged by the prediction time a horizon on
        long pendingClock = labelsFlow && externalClocks ? labelTime : Math.max(labelTime, minus(predictionTime, horizonMs));
        pending.expire(pendingClock, (key, p) -> {
            if (!p.labelled()) {
                String windowKey = key.substring(0, key.indexOf(KEY_SEPARATOR) + 1) + p.windowStart();
                WindowPerformance w = stores.windows().get(windowKey);
                if (w != null) {
                    w.unlabelled++;
                    stores.windows().markDirty(windowKey);
                }
            }
        });
        // labels may run ahead of the predictions by up to a horizon (a backlog, a hop more, a restart catching up)
        long earlyClock = predictionsFlow && externalClocks ? predictionTime : Math.max(predictionTime, minus(labelTime, horizonMs));
        early.expire(earlyClock, (key, e) -> {
            int at = key.indexOf(KEY_SEPARATOR);
            String model = key.substring(0, at);
            String id = key.substring(at + 1);
            output.unmatchedLabel(model, id, e.label(), Unmatched.UNKNOWN_PREDICTION, kept(e.origin()));
            for (WaitingLabel another : e.later()) {
                output.unmatchedLabel(model, id, another.label(), Unmatched.UNKNOWN_PREDICTION, kept(another.origin()));
            }
        });
        // closed: none of its predictions can still come (the drift window closed): told once, before it is final
        while (!windowsByClose.isEmpty() && windowsByClose.firstKey() <= predictionTime) {
            for (String key : windowsByClose.pollFirstEntry().getValue()) {
                WindowPerformance w = stores.windows().get(key);
                if (w != null && !w.estimated) {
                    output.closed(key.substring(0, key.indexOf(KEY_SEPARATOR)), w);
                    w.estimated = true;
                    stores.windows().markDirty(key);
                }
            }
        }
        // final: every prediction waited out (its horizon is within the window's), none still to come (grace)
        while (!windowsByHorizon.isEmpty() && windowsByHorizon.firstKey() <= pendingClock
                && windowsByHorizon.firstKey() - horizonMs + graceMs <= predictionTime) {
            for (String key : windowsByHorizon.pollFirstEntry().getValue()) {
                WindowPerformance w = stores.windows().get(key);
                stores.windows().delete(key);
                output.performance(key.substring(0, key.indexOf(KEY_SEPARATOR)), w);
            }
        }
    }

    /** When a window closes by the prediction time: its end plus the grace period. */
    private long closesAt(long windowStart) {
        return windowStart + windowSizeMs + graceMs;
    }

    /** When a window's performance can be final by the label time: its end plus the horizon, at the end of that bucket. */
    private long finalAt(long windowStart) {
        return pending.expiry(windowStart + windowSizeMs + horizonMs);
    }

    /** A kept label's origin for {@link Output#unmatchedLabel}: never null there, which means the record being processed. */
    private static LabelOrigin kept(LabelOrigin origin) {
        return origin != null ? origin : LabelOrigin.NOT_KEPT;
    }

    /** {@code t − d}, without wrapping round at the smallest time. */
    private static long minus(long t, long d) {
        return t == Long.MIN_VALUE ? t : t - d;
    }

    /** @param origin where the label came from, or null when it is the label record being processed */
    private PendingPrediction join(String model, String id, PendingPrediction p, WindowPerformance w, String label, LabelOrigin origin) {
        if (!p.isClassification()) {
            try {
                Double.parseDouble(label);
            } catch (NumberFormatException e) {
                output.unmatchedLabel(model, id, label, Unmatched.NOT_A_NUMBER, origin);
                return p;
            }
        }
        w.add(p, label);
        return p.asLabelled();
    }

    private static void index(TreeMap<Long, NavigableSet<String>> index, long at, String key) {
        index.computeIfAbsent(at, k -> new TreeSet<>()).add(key);
    }

    private static String key(String model, String rest) {
        return model + KEY_SEPARATOR + rest;
    }
}
