package io.kdrift.metrics;

import io.kdrift.event.RejectReason;
import io.kdrift.topology.EventCounters;
import io.kdrift.health.FailureBudget;
import io.kdrift.health.StallDetector;
import io.kdrift.event.InferencePart;
import io.kdrift.inference.RequestJoin;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/** kdrift's Prometheus registry: event counters, score gauges, Kafka Streams and JVM metrics. */
public final class KdriftMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LatestScores scores = new LatestScores(registry);
    private JvmGcMetrics gc;
    private KafkaStreamsMetrics streamsMetrics;

    public KdriftMetrics(EventCounters counters) {
        registry.config().meterFilter(new PrometheusLint());
        FunctionCounter.builder("kdrift.events.accepted", counters, EventCounters::acceptedCount)
                .description("Prediction events counted into a window").register(registry);
        FunctionCounter.builder("kdrift.events.late", counters, EventCounters::lateCount)
                .description("Valid events that arrived after their window had closed (end + grace): counted here, not scored")
                .register(registry);
        FunctionCounter.builder("kdrift.labels.accepted", counters, EventCounters::labelCount)
                .description("Valid label records handed to the join; those that find no prediction are also counted in kdrift_events_rejected_total")
                .register(registry);
        FunctionCounter.builder("kdrift.requests.joined", counters, EventCounters::requestsJoinedCount)
                .description("Predictions whose request and response (of a serving layer's input) were joined by id").register(registry);
        for (InferencePart part : InferencePart.values()) {
            for (RequestJoin.Unmatched why : RequestJoin.Unmatched.values()) {
                FunctionCounter.builder("kdrift.requests.unmatched", counters, c -> c.unmatchedCount(part, why))
                        .tags("part", part.code(), "reason", why.code())
                        .description("Requests or responses scored alone: their partner did not come within the join window (expired), "
                                + "another of the same id was waiting (duplicate), or they had no id (no_id)").register(registry);
            }
        }
        counters.onNewTopic((topic, counts) -> {
            FunctionCounter.builder("kdrift.input.records", counts, EventCounters.TopicCounts::records)
                    .tags("topic", topic).description("Records read from each input topic").register(registry);
            FunctionCounter.builder("kdrift.input.rejected", counts, EventCounters.TopicCounts::rejected)
                    .tags("topic", topic).description("Predictions (or whole records) of each input topic sent to the dead-letter topic")
                    .register(registry);
            FunctionCounter.builder("kdrift.input.late", counts, EventCounters.TopicCounts::late)
                    .tags("topic", topic).description("Valid events of each input topic that came after their window had closed under the "
                            + "task's clock (docs/how-it-works.md, time across partitions): in kdrift_events_late_total too")
                    .register(registry);
            FunctionCounter.builder("kdrift.input.records.lost", counts, EventCounters.TopicCounts::lost)
                    .tags("topic", topic).description("Records of each input topic that the broker deleted (retention) before kdrift read "
                            + "them: never counted, scored or dead-lettered (docs/operations.md, backfills)")
                    .register(registry);
        });
        FunctionCounter.builder("kdrift.predictions.duplicate.id", counters, EventCounters::duplicatePredictionIdCount)
                .description("Predictions with the model and id of one still waiting for its label: scored for drift, never labelled "
                        + "(a label names the first)")
                .register(registry);
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter.builder("kdrift.events.rejected", counters, c -> c.rejectedCount(reason))
                    .description("Records sent to the dead-letter topic, by reason")
                    .tag("reason", reason.code()).register(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The monitor's own health: input lag, last record read, progress, stall, stream-thread failures. */
    public void bindHealth(StallDetector stall, EventCounters counters, FailureBudget failures, java.util.function.IntSupplier stalled) {
        Gauge.builder("kdrift.input.lag.records", stall, s -> s.lag() < 0 ? Double.NaN : s.lag())
                .description("Records waiting for this application's consumer group, of the input and label topics and of kdrift's own hops "
                        + "by model (end offsets less committed offsets, read from the broker)")
                .strongReference(true).register(registry);
        Gauge.builder("kdrift.last.processed.timestamp.seconds", counters, c -> c.lastProcessedMs() / 1000.0)
                .description("When a stream thread of this instance last read an input record (Unix time, seconds; 0 before the first)")
                .strongReference(true).register(registry);
        Gauge.builder("kdrift.input.progress.timestamp.seconds", stall, s -> s.progressAtMs() / 1000.0)
                .description("When the committed input offsets last moved, or no input was waiting (Unix time, seconds)")
                .strongReference(true).register(registry);
        Gauge.builder("kdrift.stalled", stalled, s -> s.getAsInt())
                .description("1 while input waits and the committed input offsets have not moved for health.stallAfter (then /health fails)")
                .strongReference(true).register(registry);
        FunctionCounter.builder("kdrift.stream.thread.failures", failures, FailureBudget::total)
                .description("Stream threads that failed with an uncaught exception (replaced up to health.maxThreadFailures)")
                .register(registry);
    }

    /** Adds Kafka Streams' client metrics (threads, tasks, consumer, producer). */
    public void bind(KafkaStreams streams) {
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public LatestScores scores() {
        return scores;
    }

    @Override
    public void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
