package io.kdrift.cli;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.demo.ConsoleView;
import io.kdrift.demo.DemoProducer;
import io.kdrift.run.Monitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kdrift demo}: everything in one process, with a drift to watch. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts an embedded Kafka broker, two synthetic models sending prediction events (event time runs "
                + "20x faster than the wall clock: a 1-minute window closes every 3 seconds), a third (iris-v2) logged as its "
                + "serving layer writes it (KServe CloudEvents, a request and a response each, on iris-logs, joined by id), "
                + "the monitor with /metrics, "
                + "and a live view of the scores against a fixed reference (the first 5 windows). "
                + "Labels follow the predictions two minutes (event time) later on drift-labels, joined by id: each model's "
                + "performance per window is final five minutes after the window. "
                + "A drift is injected after --drift-after seconds (the truth changes too: accuracy drops, errors grow). Ctrl-C stops everything."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port for /metrics and /scores (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--drift-after", defaultValue = "36", description = "wall-clock seconds before the drift starts (default ${DEFAULT-VALUE})")
    int driftAfterSeconds;

    @Option(names = "--seconds", defaultValue = "0", description = "stop by itself after this many seconds (0: run until Ctrl-C)")
    int seconds;

    @Option(names = "--plain", description = "print the table again each time instead of redrawing it in place")
    boolean plain;

    @Option(names = "--speed", defaultValue = "20", description = "event time per wall-clock time (default ${DEFAULT-VALUE}); "
            + "event time runs ahead of the clock on purpose, so the demo's monitor takes events from any time (window.maxAhead off)")
    double speed;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("kdrift-demo-");
        KdriftConfig config = ConfigLoader.parse("""
                window: {size: 1m, grace: 5s, idleAfter: 5s, maxAhead: off}
                reference: {mode: fixed, windows: 5}
                scoring: {minCount: 30}
                binning:
                  numeric: {type: quantile, bins: 10, sample: 500}
                topics: {partitions: 2}
                inputs:
                  - {topic: predictions}
                  - {topic: iris-logs, format: kserve, tensors: {prediction: predict, probabilities: predict_proba,
                     classes: [setosa, versicolor, virginica], columns: {instances: [sepal_length, sepal_width, petal_length, petal_width]}}}
                labels: {topics: [drift-labels], horizon: %ds, waitForPrediction: %ds}
                http: {port: %d}
                embedded: {port: 0, controllerPort: 0, dataDir: "%s"}
                kafka:
                  application.id: kdrift-demo
                  state.dir: "%s"
                  commit.interval.ms: "200"
                """.formatted(labelHorizonSeconds(), labelHorizonSeconds() / 5, port, dir.resolve("kafka"), dir.resolve("state")), "demo");
        Monitor monitor = Monitor.start(config);
        long eventTimeStart = Instant.now().toEpochMilli() / 60_000 * 60_000;
        DemoProducer producer = new DemoProducer(monitor.bootstrapServers(), config.topics().input(), eventTimeStart, speed,
                (long) (driftAfterSeconds * 1000 * speed), 60, false, "drift-labels", 2 * 60_000).servingLayerOn("iris-logs");
        Thread producing = new Thread(producer, "kdrift-demo-producer");
        producing.setDaemon(true);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch cleanedUp = new CountDownLatch(1);
        // Ctrl-C: ask the main loop to stop, and keep the JVM alive until it has closed everything
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                cleanedUp.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kdrift-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        StopSignals.onStop(stop::countDown);
        monitor.awaitRunning(java.time.Duration.ofSeconds(60));
        producing.start();
        ConsoleView view = new ConsoleView(System.out, !plain && System.console() != null);
        long started = System.currentTimeMillis();
        try {
            while (!stop.await(2, TimeUnit.SECONDS)) {
                long elapsed = (System.currentTimeMillis() - started) / 1000;
                String phase = elapsed < driftAfterSeconds ? "drift in " + (driftAfterSeconds - elapsed) + " s" : "drift injected";
                view.render(monitor.metrics().scores().latest(), monitor.metrics().scores().latestPerformance(), String.format(
                        "kdrift demo: %d s, %,d events sent (%s); broker %s; live page http://localhost:%d/; Ctrl-C to stop",
                        elapsed, producer.sent(), phase, monitor.bootstrapServers(), monitor.httpPort()));
                if (seconds > 0 && elapsed >= seconds) {
                    break;
                }
            }
        } finally {
            producer.close();
            monitor.close();
            deleteQuietly(dir);
            cleanedUp.countDown();
        }
        System.out.println("kdrift demo stopped");
        return 0;
    }

    /**
     * The labels' horizon, in event time: 15 s of wall clock (5 minutes at the default speed), so that performance
     * shows soon whatever the speed, and stays longer than the labels' trip through the repartition topic takes.
     */
    private long labelHorizonSeconds() {
        return Math.max(60, Math.round(15 * speed));
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory: left for the OS to clean
        }
    }
}
