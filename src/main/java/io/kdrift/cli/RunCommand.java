package io.kdrift.cli;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.run.Monitor;
import io.kdrift.run.StreamsProperties;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kdrift run}: the monitor. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the drift monitor as a Kafka Streams application until stopped (Ctrl-C or SIGTERM).",
                "Without bootstrap servers (kafka.bootstrap.servers or KDRIFT_BOOTSTRAP_SERVERS) it starts a single-node "
                        + "Kafka broker in-process and uses that."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOption.Optional config;

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == null ? "unknown" : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public Integer call() throws Exception {
        KdriftConfig cfg = config.load(() -> ConfigLoader.defaults(System.getenv()));
        boolean embedded = StreamsProperties.configuredBootstrap(cfg) == null;
        AtomicReference<Monitor> running = new AtomicReference<>(Monitor.start(cfg));
        // what ends a wait: a stop request (empty), or what failed Kafka Streams
        BlockingQueue<Optional<Throwable>> events = new LinkedBlockingQueue<>();
        // SIGTERM and Ctrl-C: this thread closes the monitor and returns 0; the hook covers any other way out of the JVM
        StopSignals.onStop(() -> events.add(Optional.empty()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.get().close(), "kdrift-shutdown"));
        Monitor monitor = running.get();
        watchFailure(monitor, events);
        System.out.printf("kdrift is running%s.%n  reading %s at %s%n  scores on '%s', dead letters on '%s'%n"
                        + "  live page: http://localhost:%d/   metrics: http://localhost:%d/metrics   latest scores: http://localhost:%d/scores%n"
                        + "  stop with Ctrl-C%n",
                embedded ? " on an embedded Kafka broker" : "", Monitor.describeInputs(cfg), monitor.bootstrapServers(),
                cfg.topics().scores(), cfg.topics().deadLetter(), monitor.httpPort(), monitor.httpPort(), monitor.httpPort());
        while (true) {
            Optional<Throwable> event = events.take();
            if (event.isEmpty()) {
                monitor.close();
                return 0;
            }
            if (!monitor.startAgainGoesOn()) {
                System.err.println("kdrift: stopped: a stream thread failed more than " + cfg.health().maxThreadFailures() + " times within "
                        + io.kdrift.config.Durations.format(cfg.health().failureWindow()) + "; last: " + describe(event.get())
                        + " (see the log above; exit code 3 so that a supervisor restarts kdrift)");
                monitor.close();
                return 3;
            }
            System.err.println("kdrift: the first input topic was given partitions: starting again; its records hop by model from now on "
                    + "(docs/guarantees.md)");
            monitor = monitor.startAgain();
            running.set(monitor);
            watchFailure(monitor, events);
            System.out.printf("kdrift is running again.%n  live page: http://localhost:%d/   metrics: http://localhost:%d/metrics%n",
                    monitor.httpPort(), monitor.httpPort());
        }
    }

    /** Tells {@code events} what failed the monitor's Kafka Streams, once it stops in ERROR. */
    private static void watchFailure(Monitor monitor, BlockingQueue<Optional<Throwable>> events) {
        Thread watcher = new Thread(() -> {
            try {
                Throwable t = monitor.awaitFailure();
                events.add(Optional.of(t != null ? t : new IllegalStateException("Kafka Streams stopped in ERROR")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kdrift-failure-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
