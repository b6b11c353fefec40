package io.kdrift.cli;

import io.kdrift.demo.SyntheticTraffic;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kdrift generate}: synthetic prediction events with a drift, as JSON lines, for trying kdrift out. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes synthetic prediction events of two models (churn-v3, a classifier; price-v1, a regression) "
                + "as JSON lines, with a drift injected part-way.")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--output", required = true, paramLabel = "EVENTS.jsonl")
    Path output;

    @Option(names = "--start", defaultValue = "2026-01-05T09:00:00Z", description = "event time of the first event (default ${DEFAULT-VALUE})")
    Instant start;

    @Option(names = "--duration", defaultValue = "PT10M", description = "event time covered, ISO-8601 (default ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--rate", defaultValue = "5", description = "events per second of event time per model (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--drift-after", defaultValue = "PT6M", description = "drift starts this long after --start (default ${DEFAULT-VALUE})")
    Duration driftAfter;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Override
    public Integer call() throws Exception {
        long t0 = start.toEpochMilli();
        SyntheticTraffic traffic = new SyntheticTraffic(seed, t0 + driftAfter.toMillis());
        long n = (long) (duration.toMillis() / 1000.0 * rate);
        double step = 1000.0 / rate;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output))) {
            for (long i = 0; i < n; i++) {
                long ts = t0 + Math.round(i * step);
                out.write(traffic.churnEvent(ts));
                out.write('\n');
                out.write(traffic.priceEvent(ts + 1));
                out.write('\n');
            }
        }
        System.err.printf("generate: %,d events of 2 models -> %s%n", 2 * n, output);
        return 0;
    }
}
