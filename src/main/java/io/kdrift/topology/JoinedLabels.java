package io.kdrift.topology;

import io.kdrift.codec.LabelJson;
import io.kdrift.config.KdriftConfig;
import io.kdrift.drift.WindowClock;
import io.kdrift.event.LabelEvent;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.RejectReason;
import io.kdrift.event.Rejection;
import io.kdrift.performance.LabelJoin;
import io.kdrift.performance.LabelOrigin;
import io.kdrift.performance.PendingPrediction;
import io.kdrift.performance.PerformanceReference;
import io.kdrift.performance.PerformanceScorer;
import io.kdrift.performance.WindowPerformance;
import io.kdrift.result.EstimatedPerformance;
import io.kdrift.result.PerformanceRecord;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The Kafka side of {@link LabelJoin} for the drift processor's task: its stores, a window's final performance
 * scored and handed to the processor, labels that count nowhere forwarded to the dead-letter topic with their reason.
 */
final class JoinedLabels {
    static final String PENDING_STORE = "kdrift-label-pending";
    static final String EARLY_STORE = "kdrift-label-early";
    static final String WINDOW_STORE = "kdrift-performance-windows";
    static final String REFERENCE_STORE = "kdrift-performance-reference";
    /** When the waiting predictions and labels expire, in buckets of time. */
    static final String EXPIRY_STORE = "kdrift-label-expiry";
    static final String[] STORES = {PENDING_STORE, EARLY_STORE, WINDOW_STORE, REFERENCE_STORE, EXPIRY_STORE};

    private final ProcessorContext<String, Emitted> context;
    private final EventCounters counters;
    private final WindowClock clock;
    private final PerformanceScorer scorer;
    private final ObjectStore<PerformanceReference> references;
    private final LabelJoin join;
    private final Consumer<PerformanceRecord> emit;
    private final Consumer<EstimatedPerformance> emitEstimate;
    /** The label record being processed, for a rejection that concerns it; null outside {@link #label}. */
    private Record<String, Parsed> current;

    /**
     * @param emit         told of every window's final performance record
     * @param emitEstimate told of every window's estimated performance, when it closes
     */
    JoinedLabels(KdriftConfig config, ProcessorContext<String, Emitted> context, EventCounters counters, Consumer<PerformanceRecord> emit,
                 Consumer<EstimatedPerformance> emitEstimate) {
        this.context = context;
        this.emit = emit;
        this.emitEstimate = emitEstimate;
        this.counters = counters;
        this.clock = new WindowClock(config.window());
        this.scorer = new PerformanceScorer(config::reference, config.scoring().minCount(), config.scoring().alpha(),
                config.window().size().toMillis());
        this.references = context.getStateStore(REFERENCE_STORE);
        LabelJoin.Stores stores = new LabelJoin.Stores(context.getStateStore(PENDING_STORE), context.getStateStore(EARLY_STORE),
                context.getStateStore(WINDOW_STORE), context.getStateStore(EXPIRY_STORE));
        this.join = new LabelJoin(config.labels().horizon().toMillis(), config.labels().waitForPrediction().toMillis(),
                config.window().size().toMillis(), config.window().grace().toMillis(), stores, new LabelJoin.Output() {
                    @Override
                    public void performance(String model, WindowPerformance window) {
                        emitPerformance(model, window);
                    }

                    @Override
                    public void closed(String model, WindowPerformance window) {
                        estimate(model, window);
                    }

                    @Override
                    public void unmatchedLabel(String model, String id, String label, LabelJoin.Unmatched why, LabelOrigin origin) {
                        reject(model, id, label, why, origin);
                    }
                });
        join.useExternalClocks();
    }

    /** An accepted prediction: it waits for its label (when it has an id and something to compare a label with). */
    void prediction(PredictionEvent e) {
        if (!e.hasPrediction() && !e.hasProbabilities()) {
            return; // features only: nothing a label could say is right or wrong
        }
        String[] classes = null;
        double[] probabilities = null;
        if (e.hasProbabilities()) {
            classes = new String[e.classCount()];
            probabilities = new double[e.classCount()];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = e.className(i);
                probabilities[i] = e.probability(i);
            }
        }
        String predicted = e.hasPrediction() && e.predictionIsCategory() ? e.predictionCategory() : null;
        double number = e.hasPrediction() && !e.predictionIsCategory() ? e.predictionNumber() : Double.NaN;
        long windowStart = clock.windowStart(e.timestamp());
        boolean joinable = join.prediction(e.model(), e.id(), e.timestamp(), windowStart,
                new PendingPrediction(windowStart, 0, predicted, number, classes, probabilities, false));
        if (!joinable) {
            counters.duplicatePredictionId();
        }
    }

    void label(Record<String, Parsed> record) {
        LabelEvent l = record.value().label();
        current = record;
        try {
            join.label(l.model(), l.id(), l.label(), l.timestamp(), origin(record));
        } finally {
            current = null;
        }
    }

    /** The task's clocks moved, or its partitions' idleness changed: the join's prediction time and label time. */
    void clocks(long predictionClock, long labelClock, boolean predictionsFlow, boolean labelsFlow) {
        join.clocks(predictionClock, labelClock, predictionsFlow, labelsFlow);
    }

    /**
     * A model takes part from its first window with a prediction that has an id: a model whose predictions never carry
     * one (it is not labelled) gets no performance records; once it has, every window is reported, those without ids too.
     */
    private void emitPerformance(String model, WindowPerformance window) {
        PerformanceReference ref = references.get(model);
        if (ref == null && window.withId() == 0) {
            return;
        }
        if (ref == null) {
            ref = new PerformanceReference();
            references.put(model, ref);
        } else {
            references.markDirty(model);
        }
        emit.accept(scorer.score(model, ref, window));
    }

    /**
     * A window's performance estimated when it closes, from the reference its model has then: for the models that take
     * part in performance (as {@link #emitPerformance}), when some of its predictions have probabilities.
     */
    private void estimate(String model, WindowPerformance window) {
        PerformanceReference ref = references.get(model);
        if (ref == null && window.withId() == 0) {
            return;
        }
        EstimatedPerformance estimated = scorer.estimate(model, ref == null ? new PerformanceReference() : ref, window);
        if (estimated != null) {
            emitEstimate.accept(estimated);
        }
    }

    /**
     * Where a label record came from: the input topic, partition and offset that its hop by model carried in headers
     * (or, without a hop, this record's own), and its timestamp.
     */
    private LabelOrigin origin(Record<String, Parsed> record) {
        org.apache.kafka.streams.processor.api.RecordMetadata meta = context.recordMetadata().orElse(null);
        String topic = HeaderValues.string(record.headers(), DeadLetterProcessor.SOURCE_TOPIC);
        if (topic != null) {
            return new LabelOrigin(topic, Integer.parseInt(HeaderValues.string(record.headers(), DeadLetterProcessor.SOURCE_PARTITION)),
                    Long.parseLong(HeaderValues.string(record.headers(), DeadLetterProcessor.SOURCE_OFFSET)), record.timestamp());
        }
        return meta == null ? null : new LabelOrigin(meta.topic(), meta.partition(), meta.offset(), record.timestamp());
    }

    /**
     * A label that counts nowhere goes to the dead-letter topic: as it came when it is the record at hand (a duplicate,
     * a regression's non-number), else (its wait for its prediction ran out; a later label of an id whose prediction came)
     * as the join kept it, keyed by model, with where it came from and its own timestamp.
     */
    private void reject(String model, String id, String label, LabelJoin.Unmatched why, LabelOrigin origin) {
        RejectReason reason = switch (why) {
            case UNKNOWN_PREDICTION -> RejectReason.LABEL_FOR_UNKNOWN_PREDICTION;
            case DUPLICATE -> RejectReason.DUPLICATE_LABEL;
            case NOT_A_NUMBER -> RejectReason.LABEL_NOT_A_NUMBER;
        };
        Rejection rejection = new Rejection(reason, "label '" + label + "' of prediction '" + id + "' of model '" + model + "': "
                + reason.description());
        counters.rejected(reason);
        long now = context.currentSystemTimeMs();
        if (origin == null && current != null) {
            // with the record's headers: where it came from
            context.forward(current.withKey((String) null).withTimestamp(now)
                    .withValue(Emitted.rejected(Parsed.rejected(current.value().rawKey(), current.value().rawValue(), rejection))));
        } else {
            Parsed kept = Parsed.rejected(model.getBytes(StandardCharsets.UTF_8), LabelJson.of(model, id, label), rejection);
            Record<String, Emitted> out = new Record<>((String) null, Emitted.rejected(kept), now);
            if (origin != null && origin.topic() != null) {
                // the dead letter's source headers and timestamp are the label record's, not the record that expired it
                out.headers().add(DeadLetterProcessor.SOURCE_TOPIC, HeaderValues.utf8(origin.topic()));
                out.headers().add(DeadLetterProcessor.SOURCE_PARTITION, HeaderValues.utf8(origin.partition()));
                out.headers().add(DeadLetterProcessor.SOURCE_OFFSET, HeaderValues.utf8(origin.offset()));
                out = out.withTimestamp(origin.timestamp());
            }
            context.forward(out);
        }
    }
}
