package io.kdrift.cli;

import io.kdrift.codec.LabelJson;
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

    @Option(names = "--labels", paramLabel = "LABELS.jsonl", description = "also give each prediction an id, and write the truth of "
            + "about half of them here, --label-delay after their prediction (for kdrift replay --labels); after the drift the truth "
            + "changes too (churn-v3 is less accurate, price-v1's errors grow)")
    Path labels;

    @Option(names = "--label-delay", defaultValue = "PT2M", description = "how long after its prediction a label is dated (default ${DEFAULT-VALUE})")
    Duration labelDelay;

    @Override
    public Integer call() throws Exception {
        long t0 = start.toEpochMilli();
        SyntheticTraffic traffic = new SyntheticTraffic(seed, t0 + driftAfter.toMillis());
        long n = (long) (duration.toMillis() / 1000.0 * rate);
        double step = 1000.0 / rate;
        long labelled = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output));
             OutputStream labelsOut = labels == null ? null : new BufferedOutputStream(Files.newOutputStream(labels))) {
            for (long i = 0; i < n; i++) {
                long ts = t0 + Math.round(i * step);
                if (labelsOut == null) {
                    out.write(traffic.churnEvent(ts));
                    out.write('\n');
                    out.write(traffic.priceEvent(ts + 1));
                    out.write('\n');
                    continue;
                }
                // labels are dated after their predictions, in the same order: the file is in time order, as replay reads it
                labelled += write(out, labelsOut, "churn-v3", "c-" + i, ts, traffic.churnPrediction(ts, "c-" + i));
                labelled += write(out, labelsOut, "price-v1", "p-" + i, ts + 1, traffic.pricePrediction(ts + 1, "p-" + i));
            }
        }
        if (labels != null) {
            System.err.printf("generate: %,d labels -> %s%n", labelled, labels);
        }
        System.err.printf("generate: %,d events of 2 models -> %s%n", 2 * n, output);
        return 0;
    }

    private int write(OutputStream events, OutputStream labelsOut, String model, String id, long ts, SyntheticTraffic.Prediction p)
            throws java.io.IOException {
        events.write(p.event());
        events.write('\n');
        if (p.truth() == null) {
            return 0;
        }
        labelsOut.write(LabelJson.of(model, id, p.truth(), ts + labelDelay.toMillis()));
        labelsOut.write('\n');
        return 1;
    }
}
