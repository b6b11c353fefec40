package io.kdrift.run;

import io.kdrift.config.Durations;
import io.kdrift.config.HealthSettings;
import io.kdrift.health.FailureBudget;
import io.kdrift.health.StallDetector;
import io.kdrift.http.HttpEndpoint;
import io.kdrift.metrics.KdriftMetrics;
import io.kdrift.time.Backlog;
import io.kdrift.topology.EventCounters;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether {@code kdrift run} is well, wired to Kafka Streams: stream-thread failures against their budget
 * (replaced, then the client stops), the input lag and the stall it shows, what /health and /ready say and
 * the metrics about kdrift itself. docs/operations.md says what each means.
 */
final class MonitorHealth implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorHealth.class);
    private final HealthSettings settings;
    private final KafkaStreams streams;
    private final FailureBudget failures;
    private final StallDetector stall;
    private final InputLag inputLag;
    private final EventCounters counters;
    private final CountDownLatch failed = new CountDownLatch(1);
    private volatile Throwable lastFailure;
    private volatile boolean reportedStall;
    private final BooleanSupplier inputRepartitioned;
    private volatile boolean startAgain;

    MonitorHealth(HealthSettings settings, Properties streamsProps, List<String> inputTopics, List<String> inputPatterns, KafkaStreams streams,
            EventCounters counters, Backlog backlog, BooleanSupplier inputRepartitioned) {
        this.settings = settings;
        this.inputRepartitioned = inputRepartitioned;
        this.counters = counters;
        this.streams = streams;
        this.failures = new FailureBudget(settings.maxThreadFailures(), settings.failureWindow().toMillis());
        this.stall = new StallDetector(settings.stallAfter().toMillis(), System.currentTimeMillis());
        this.inputLag = new InputLag(streamsProps, inputTopics, inputPatterns, streamsProps.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), stall,
                backlog);
        streams.setUncaughtExceptionHandler(this::onThreadFailure);
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR) {
                failed.countDown();
            }
        });
    }

    private StreamThreadExceptionResponse onThreadFailure(Throwable e) {
        lastFailure = e;
        if (inputRepartitioned.getAsBoolean()) {
            // Kafka Streams refuses the new partition's task (the state has one partition fewer): no thread can go on,
            // a new start reads the topic through the hop (io.kdrift.topology.Partitioning)
            LOG.error("the first input topic was given partitions while kdrift ran: stopping, to start again with its records hopping by model", e);
            startAgain = true;
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        if (failures.recordAndCheck(System.currentTimeMillis())) {
            LOG.error("stream thread failed ({} failures so far, {} allowed within {}); replacing it", failures.total(),
                    settings.maxThreadFailures(), Durations.format(settings.failureWindow()), e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.error("stream thread failed more than {} times within {}: stopping (health.maxThreadFailures)",
                settings.maxThreadFailures(), Durations.format(settings.failureWindow()), e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    void bindMetrics(KdriftMetrics metrics) {
        metrics.bindHealth(stall, counters, failures, () -> stalled() ? 1 : 0);
    }

    /** One reading of the input lag, run every health.checkEvery; logs when a stall starts and ends. */
    void check() {
        inputLag.check();
        boolean now = stalled();
        if (now && !reportedStall) {
            LOG.error("stalled: {} input records wait and the committed input offsets have not moved since {} (health.stallAfter {}); /health fails",
                    stall.lag(), Instant.ofEpochMilli(stall.progressAtMs()), Durations.format(settings.stallAfter()));
        } else if (!now && reportedStall) {
            LOG.info("no longer stalled: input lag {}", stall.lag());
        }
        reportedStall = now;
    }

    boolean stalled() {
        return stall.stalled(System.currentTimeMillis());
    }

    /** Waits until Kafka Streams has stopped by itself (ERROR); returns what failed last. */
    Throwable awaitFailure() throws InterruptedException {
        failed.await();
        return lastFailure;
    }

    /** Whether Kafka Streams stopped because the first input topic was given partitions: a new start goes on. */
    boolean startAgain() {
        return startAgain;
    }

    /** What /health and /ready answer. */
    HttpEndpoint.Health http() {
        return new HttpEndpoint.Health() {
            @Override
            public boolean alive() {
                KafkaStreams.State s = streams.state();
                return s != KafkaStreams.State.ERROR && s != KafkaStreams.State.NOT_RUNNING && s != KafkaStreams.State.PENDING_ERROR
                        && !stalled();
            }

            @Override
            public boolean ready() {
                return streams.state() == KafkaStreams.State.RUNNING && !stalled();
            }

            @Override
            public String state() {
                return streams.state().name();
            }

            @Override
            public String detail() {
                long lag = stall.lag();
                return "\"inputLag\":" + (lag < 0 ? "null" : Long.toString(lag)) + ",\"stalled\":" + stalled()
                        + ",\"lastProgress\":\"" + Instant.ofEpochMilli(stall.progressAtMs()) + "\""
                        + ",\"threadFailures\":" + failures.total()
                        + ",\"inputRecordsLost\":" + counters.lostCount() + ",\"inputRecordsLostByTopic\":" + lostByTopic();
            }
        };
    }

    /** {"topic":records,...} of the input topics that lost records, as JSON. */
    private String lostByTopic() {
        return new String(io.kdrift.codec.JsonObjects.write(g -> {
            for (var e : new java.util.TreeMap<>(counters.topicCounts()).entrySet()) {
                if (e.getValue().lost() > 0) {
                    g.writeNumberField(e.getKey(), e.getValue().lost());
                }
            }
        }), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        inputLag.close();
    }
}
