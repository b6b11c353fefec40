package io.kdrift.cli;

import io.kdrift.demo.DemoProducer;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kdrift simulate}: the demo's two synthetic models, sending to any Kafka cluster until stopped. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Sends prediction events of two synthetic models (churn-v3, price-v1) to Kafka until stopped, "
                + "keyed by model, with event time running --speed times faster than the wall clock and a drift "
                + "after --drift-after seconds: traffic for trying a kdrift deployment (docker-compose uses it). "
                + "Event time starts --fast-for minutes of fast-forward in the past and never runs ahead of the wall clock, "
                + "so a kdrift with its default window.maxAhead takes every event.")
final class SimulateCommand implements Callable<Integer> {
    @Mixin
    InputTopic target;

    @Option(names = "--speed", defaultValue = "20", description = "event time per wall-clock time (default ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--rate", defaultValue = "60", description = "events per wall-clock second per model (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--drift-after", defaultValue = "120", description = "wall-clock seconds before the drift starts (default ${DEFAULT-VALUE})")
    int driftAfter;

    @Option(names = "--fast-for", defaultValue = "60", description = "wall-clock minutes of fast event time before it reaches the "
            + "wall clock and runs with it (default ${DEFAULT-VALUE})")
    int fastFor;

    @Override
    public Integer call() {
        long now = Instant.now().toEpochMilli();
        // starts in the past, so that the fast-forward ends at the wall clock after --fast-for minutes
        long start = (now - (long) (fastFor * 60_000L * (speed - 1))) / 60_000 * 60_000;
        DemoProducer producer = new DemoProducer(target.bootstrap, target.topic, start, speed, (long) (driftAfter * 1000 * speed), rate, true);
        Runtime.getRuntime().addShutdownHook(new Thread(producer::close, "kdrift-simulate-stop"));
        System.err.printf("simulate: sending to %s at %s, event time x%.0f, drift after %d s; Ctrl-C to stop%n", target.topic, target.bootstrap,
                speed, driftAfter);
        producer.run();
        return 0;
    }
}
