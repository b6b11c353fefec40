package io.kdrift.run;

import io.kdrift.codec.RebaselineJson;
import io.kdrift.config.KdriftConfig;
import io.kdrift.embedded.EmbeddedKafka;
import io.kdrift.http.HttpEndpoint;
import io.kdrift.http.Peers;
import io.kdrift.metrics.KdriftMetrics;
import io.kdrift.time.Backlog;
import io.kdrift.topology.DriftTopology;
import io.kdrift.topology.EventCounters;
import io.kdrift.topology.Partitioning;
import io.kdrift.topology.ScoreListener;
import io.kdrift.web.RecentWindows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsException;
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
    /** What the live page draws: recent windows and the alerts firing. */
    private final RecentWindows recent;
    private final KafkaStreams streams;
    private final HttpEndpoint http;
    private final ScheduledExecutorService housekeeping;
    private final MonitorHealth health;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /**
     * How long a Kafka Streams client that fails as it starts is started again. Its global store reads the reference
     * topic's partitions as it starts and fails at once when the brokers do not show them yet (a topic another
     * instance has just created): a moment later it starts.
     */
    private static final long START_RETRY_MS = 60_000;

    /** Whether close() leaves the embedded broker running, for the monitor started again on it. */
    private volatile boolean keepBroker;

    /** @param reused the embedded broker of a monitor started before, to go on with; null: started here if needed */
    private Monitor(KdriftConfig config, EmbeddedKafka reused) {
        this.config = config;
        String configured = StreamsProperties.configuredBootstrap(config);
        this.embedded = configured != null ? null : reused != null ? reused
                : EmbeddedKafka.start(Path.of(config.embedded().dataDir()), config.embedded().port(), config.embedded().controllerPort());
        this.bootstrap = configured != null ? configured : embedded.bootstrapServers();
        Properties props = StreamsProperties.of(config, bootstrap);
        LOG.info("connecting to Kafka at {} as application {} ({})", bootstrap, props.get(StreamsConfig.APPLICATION_ID_CONFIG),
                props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        LOG.debug("Kafka Streams settings: {}", StreamsProperties.redacted(props));
        Partitioning partitioning = TopicCreator.ensureTopics(config, props, embedded != null);
        counters.expect(inputTopics(config));
        Backlog backlog = TopicCreator.backlog(config, props);
        this.metrics = new KdriftMetrics(counters);
        this.recent = new RecentWindows(config.http().recentWindows());
        // started here, before anything binds to it: a start that fails is retried with a new client (START_RETRY_MS)
        KafkaStreams started = null;
        MonitorHealth watching = null;
        long deadline = System.currentTimeMillis() + START_RETRY_MS;
        for (int attempt = 1; started == null; attempt++) {
            KafkaStreams candidate = new KafkaStreams(DriftTopology.build(config, counters, ScoreListener.all(metrics.scores(), recent),
                    DriftTopology.Mode.KAFKA, partitioning, backlog), props, new LostRecordsWatch(counters));
            MonitorHealth candidateHealth = new MonitorHealth(config.health(), props, inputTopics(config), inputPatterns(config), candidate, counters,
                    backlog, () -> TopicCreator.repartitioned(config, props, partitioning));
            try {
                candidate.start();
                started = candidate;
                watching = candidateHealth;
            } catch (StreamsException | IllegalStateException e) {
                // the global store's thread throws what failed it, or says it is in error
                candidateHealth.close();
                candidate.close(Duration.ofSeconds(10));
                if (System.currentTimeMillis() >= deadline) {
                    throw e;
                }
                LOG.warn("Kafka Streams could not start (attempt {}: {}); starting it again", attempt, e.getMessage());
                sleep(500L * Math.min(attempt, 4));
            }
        }
        this.streams = started;
        this.health = watching;
        metrics.bind(streams);
        health.bindMetrics(metrics);
        HttpEndpoint.Health answers = health.http();
        HttpEndpoint.Rebaseline rebaseline = !config.http().allowRebaseline() ? null
                : model -> RebaselineJson.toJson(BaselinePublisher.rebaseline(config, bootstrap, List.of(model), System.currentTimeMillis()).get(0));
        try {
            this.http = new HttpEndpoint(config.http().host(), config.http().port(), metrics.registry(), metrics.scores(), () -> answers, rebaseline,
                    new HttpEndpoint.Live(recent, peers(config, streams), config.alerts().rules()));
        } catch (RuntimeException e) {
            // the port is taken, say: what started stops, so that nothing runs on without its endpoint
            health.close();
            streams.close(Duration.ofSeconds(10));
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        long staleMs = config.window().size().toMillis() * config.metrics().staleAfterWindows();
        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kdrift-housekeeping");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1000, Math.min(staleMs / 4, 60_000));
        housekeeping.scheduleAtFixedRate(() -> {
            metrics.scores().expire(System.currentTimeMillis() - staleMs);
            recent.expire(System.currentTimeMillis() - staleMs);
        }, period, period, TimeUnit.MILLISECONDS);
        // at least three readings per idleAfter: a partition is idle only when a recent reading says nothing of it waits
        long every = Math.min(config.health().checkEvery().toMillis(), Math.max(500, config.window().idleAfter().toMillis() / 3));
        housekeeping.scheduleWithFixedDelay(health::check, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * The other instances of the application as Kafka Streams knows them from the group's assignment: each one's
     * {@code application.server} (http.advertisedHost). None without an advertised host of this instance's own.
     */
    private static Peers peers(KdriftConfig config, KafkaStreams streams) {
        if (config.http().advertisedHost() == null) {
            return Peers.NONE;
        }
        String self = StreamsProperties.hostPort(config.http().advertisedHost(), config.http().port());
        return new Peers() {
            @Override
            public String self() {
                return self;
            }

            @Override
            public List<String> others() {
                try {
                    return streams.metadataForAllStreamsClients().stream()
                            .map(m -> StreamsProperties.hostPort(m.hostInfo().host(), m.hostInfo().port()))
                            .filter(h -> !h.equals(self)).distinct().sorted().toList();
                } catch (StreamsException | IllegalStateException e) {
                    // not started yet, shutting down, or failed: Kafka Streams answers no metadata then
                    throw new IllegalStateException("Kafka Streams is " + streams.state() + ", so the other instances are not known now", e);
                }
            }
        };
    }

    /** The topics kdrift reads by name, whose lag /health and kdrift_input_lag_records report: the inputs' and the label topics. */
    static List<String> inputTopics(KdriftConfig config) {
        List<String> topics = new ArrayList<>();
        config.inputs().forEach(in -> topics.addAll(in.namedTopics()));
        topics.addAll(config.labels().topics());
        return topics;
    }

    /** The patterns of inputs that read every topic that matches. */
    private static List<String> inputPatterns(KdriftConfig config) {
        return config.inputs().stream().map(in -> in.pattern()).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * Waits until Kafka Streams has stopped by itself (ERROR: a stream thread failed more often than
     * health.maxThreadFailures allows); returns what failed last.
     */
    public Throwable awaitFailure() throws InterruptedException {
        return health.awaitFailure();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka Streams", e);
        }
    }

    /**
     * Whether Kafka Streams stopped because the first input topic was given partitions while it ran: a new
     * {@link #start} goes on from where this one stopped, reading that topic through the hop (docs/guarantees.md).
     */
    public boolean startAgainGoesOn() {
        return health.startAgain();
    }

    /** Closes this monitor and starts it again, on the same embedded broker if it has one. */
    public Monitor startAgain() {
        keepBroker = true;
        close();
        return new Monitor(config, embedded);
    }

    /** Starts the monitor; returns once Kafka Streams has been started (not necessarily RUNNING yet). */
    public static Monitor start(KdriftConfig config) {
        Monitor m = new Monitor(config, null);
        LOG.info("monitoring {} -> scores on {}, dead letters on {}; windows of {} (grace {}), reference {} of {} windows",
                describeInputs(config), config.topics().scores(), config.topics().deadLetter(),
                io.kdrift.config.Durations.format(config.window().size()), io.kdrift.config.Durations.format(config.window().grace()),
                config.reference().mode().id(), config.reference().windows());
        return m;
    }

    /** The inputs as a log line says them: {@code topic predictions (kdrift), topics matching seldon\..* (seldon)}. */
    public static String describeInputs(KdriftConfig config) {
        return config.inputs().stream().map(in -> (in.pattern() != null ? "topics matching " + in.pattern()
                : (in.namedTopics().size() == 1 ? "topic " : "topics ") + String.join(", ", in.namedTopics())) + " (" + in.format() + ")")
                .collect(java.util.stream.Collectors.joining(", "));
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
        health.close();
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        http.close();
        metrics.close();
        if (embedded != null && !keepBroker) {
            embedded.close();
        }
        LOG.info("stopped");
    }
}
