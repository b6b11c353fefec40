package io.kdrift.run;

import io.kdrift.config.Durations;
import io.kdrift.config.HealthSettings;
import io.kdrift.config.KdriftConfig;
import io.kdrift.health.FailureBudget;
import io.kdrift.health.StallDetector;
import io.kdrift.embedded.EmbeddedKafka;
import io.kdrift.http.HttpEndpoint;
import io.kdrift.metrics.KdriftMetrics;
import io.kdrift.topology.DriftTopology;
import io.kdrift.topology.EventCounters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kdrift run}: the drift monitor as a Kafka Streams application, with its HTTP endpoint. Without
 * bootstrap servers in the configuration it first starts an embedded single-node broker.
 */
public final class Monitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);

    private final KdriftConfig config;
    private final EmbeddedKafka embedded;
    private final String bootstrap;
    private final EventCounters counters = new EventCounters();
    private final KdriftMetrics metrics;
    private final KafkaStreams streams;
    private final HttpEndpoint http;
    private final ScheduledExecutorService housekeeping;
    private final FailureBudget failures;
    private final StallDetector stall;
    private final InputLag inputLag;
    private final CountDownLatch failed = new CountDownLatch(1);
    private volatile Throwable lastFailure;
    private volatile boolean reportedStall;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Monitor(KdriftConfig config) {
        this.config = config;
        String configured = StreamsProperties.configuredBootstrap(config);
        this.embedded = configured == null
                ? EmbeddedKafka.start(Path.of(config.embedded().dataDir()), config.embedded().port(), config.embedded().controllerPort())
                : null;
        this.bootstrap = configured != null ? configured : embedded.bootstrapServers();
        Properties props = StreamsProperties.of(config, bootstrap);
        LOG.info("connecting to Kafka at {} as application {} ({})", bootstrap, props.get(StreamsConfig.APPLICATION_ID_CONFIG),
                props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        LOG.debug("Kafka Streams settings: {}", StreamsProperties.redacted(props));
        TopicCreator.ensureTopics(config, props, embedded != null);
        this.metrics = new KdriftMetrics(counters);
        this.streams = new KafkaStreams(DriftTopology.build(config, counters, metrics.scores(), DriftTopology.Mode.KAFKA), props);
        HealthSettings health = config.health();
        this.failures = new FailureBudget(health.maxThreadFailures(), health.failureWindow().toMillis());
        streams.setUncaughtExceptionHandler(e -> {
            lastFailure = e;
            if (failures.recordAndCheck(System.currentTimeMillis())) {
                LOG.error("stream thread failed ({} failures so far, {} allowed within {}); replacing it", failures.total(),
                        health.maxThreadFailures(), Durations.format(health.failureWindow()), e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            LOG.error("stream thread failed more than {} times within {}: stopping (health.maxThreadFailures)",
                    health.maxThreadFailures(), Durations.format(health.failureWindow()), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR) {
                failed.countDown();
            }
        });
        this.stall = new StallDetector(health.stallAfter().toMillis(), System.currentTimeMillis());
        this.inputLag = new InputLag(props, config.topics().input(), props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), stall);
        metrics.bind(streams);
        metrics.bindHealth(stall, counters, failures, () -> stalled() ? 1 : 0);
        this.http = new HttpEndpoint(config.http().host(), config.http().port(), metrics.registry(), metrics.scores(), () -> new HttpEndpoint.Health() {
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
                        + ",\"lastProgress\":\"" + java.time.Instant.ofEpochMilli(stall.progressAtMs()) + "\""
                        + ",\"threadFailures\":" + failures.total();
            }
        });
        long staleMs = config.window().size().toMillis() * config.metrics().staleAfterWindows();
        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kdrift-housekeeping");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1000, Math.min(staleMs / 4, 60_000));
        housekeeping.scheduleAtFixedRate(() -> metrics.scores().expire(System.currentTimeMillis() - staleMs), period, period, TimeUnit.MILLISECONDS);
        long every = health.checkEvery().toMillis();
        housekeeping.scheduleWithFixedDelay(this::checkInput, every, every, TimeUnit.MILLISECONDS);
    }

    private void checkInput() {
        inputLag.check();
        boolean now = stall.stalled(System.currentTimeMillis());
        if (now && !reportedStall) {
            LOG.error("stalled: {} input records wait and the committed input offsets have not moved since {} (health.stallAfter {}); /health fails",
                    stall.lag(), java.time.Instant.ofEpochMilli(stall.progressAtMs()), Durations.format(config.health().stallAfter()));
        } else if (!now && reportedStall) {
            LOG.info("no longer stalled: input lag {}", stall.lag());
        }
        reportedStall = now;
    }

    /** True while input waits and the committed offsets have not moved for health.stallAfter. */
    public boolean stalled() {
        return stall.stalled(System.currentTimeMillis());
    }

    /**
     * Waits until Kafka Streams has stopped by itself (ERROR: a stream thread failed more often than
     * health.maxThreadFailures allows); returns what failed last.
     */
    public Throwable awaitFailure() throws InterruptedException {
        failed.await();
        return lastFailure;
    }

    /** Starts the monitor; returns once Kafka Streams has been started (not necessarily RUNNING yet). */
    public static Monitor start(KdriftConfig config) {
        Monitor m = new Monitor(config);
        m.streams.start();
        LOG.info("monitoring topic {} -> scores on {}, dead letters on {}; windows of {} (grace {}), reference {} of {} windows",
                config.topics().input(), config.topics().scores(), config.topics().deadLetter(),
                io.kdrift.config.Durations.format(config.window().size()), io.kdrift.config.Durations.format(config.window().grace()),
                config.reference().mode().id(), config.reference().windows());
        return m;
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public int httpPort() {
        return http.port();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public EventCounters counters() {
        return counters;
    }

    public KdriftMetrics metrics() {
        return metrics;
    }

    public KdriftConfig config() {
        return config;
    }

    /** Waits until Kafka Streams is RUNNING. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (streams.state() == KafkaStreams.State.RUNNING) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Stops cleanly: Kafka Streams commits and leaves the group (so a restart does not wait for the session timeout). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // the shutdown hook after a failure exit, say
        }
        LOG.info("stopping");
        housekeeping.shutdownNow();
        inputLag.close();
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        http.close();
        metrics.close();
        if (embedded != null) {
            embedded.close();
        }
        LOG.info("stopped");
    }
}
