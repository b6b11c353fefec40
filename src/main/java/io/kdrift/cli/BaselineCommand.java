package io.kdrift.cli;

import io.kdrift.codec.BaselineJson;
import io.kdrift.config.KdriftConfig;
import io.kdrift.drift.Baseline;
import io.kdrift.event.Rejection;
import io.kdrift.replay.BaselineBuilder;
import io.kdrift.replay.LineReader;
import io.kdrift.run.BaselinePublisher;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kdrift baseline}: pinned reference histograms from a file of events, to a file and/or the reference topic. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = {"Builds a pinned baseline per model from a JSON-lines file of events (e.g. the predictions on a "
                + "validation set): every signal's bins (quantile edges learned from this data) and counts.",
                "Writes them to --output (for 'kdrift replay --baseline') and/or publishes them to the compacted "
                + "reference topic (--publish), where the models configured 'reference: {mode: pinned}' take them "
                + "up at their next window."})
final class BaselineCommand implements Callable<Integer> {
    private static final int SHOWN_REJECTIONS = 5;

    @Mixin
    ConfigOption.Required config;

    @Option(names = "--input", required = true, paramLabel = "EVENTS.jsonl",
            description = "baseline events, one JSON object per line; timestamps are not needed")
    Path input;

    @Option(names = "--output", paramLabel = "BASELINE.jsonl", description = "where to write the baselines, one model per line")
    Path output;

    @Option(names = "--publish", description = "publish the baselines to the reference topic (topics.reference, default drift-reference)")
    boolean publish;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka to publish to (default: the configuration's kafka.bootstrap.servers, else 127.0.0.1:9092, kdrift run's embedded broker)")
    String bootstrap;

    @Override
    public Integer call() throws Exception {
        InputFiles.readable(input, "--input");
        if (output == null && !publish) {
            System.err.println("kdrift baseline: give --output FILE, --publish, or both");
            return 2;
        }
        KdriftConfig cfg = config.load();
        BaselineBuilder builder = new BaselineBuilder(cfg);
        long lines = 0;
        long rejected = 0;
        Map<String, Long> byReason = new TreeMap<>();
        try (InputStream in = Files.newInputStream(input); LineReader reader = new LineReader(in)) {
            byte[] line;
            while ((line = reader.next()) != null) {
                lines++;
                if (LineReader.isBlank(line)) {
                    continue;
                }
                Rejection r = builder.add(line);
                if (r != null) {
                    rejected++;
                    byReason.merge(r.reason().code(), 1L, Long::sum);
                    if (rejected <= SHOWN_REJECTIONS) {
                        System.err.printf("baseline: %s:%d rejected (%s): %s%n", input, lines, r.reason().code(), r.detail());
                    }
                }
            }
        }
        List<Baseline> baselines = builder.build(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (baselines.isEmpty()) {
            System.err.printf("baseline: no valid event in %s (%,d lines, %,d rejected)%n", input, lines, rejected);
            return 1;
        }
        for (Baseline b : baselines) {
            System.err.printf("baseline: model %s: %,d events, %d signals, version %s%n", b.model(), b.events(), b.signals().size(), b.version());
        }
        if (rejected > 0) {
            System.err.printf("baseline: %,d of %,d lines rejected, by reason: %s%n", rejected, lines, byReason);
        }
        if (!cfg.usesPinnedReference()) {
            System.err.println("baseline: note: no model of " + config.file + " is pinned (reference: {mode: pinned}); "
                    + "kdrift run with it will not read these baselines");
        }
        if (output != null) {
            try (OutputStream out = Files.newOutputStream(output)) {
                for (Baseline b : baselines) {
                    out.write(BaselineJson.toJson(b));
                    out.write('\n');
                }
            }
            System.err.printf("baseline: %d baselines -> %s%n", baselines.size(), output);
        }
        if (publish) {
            String servers = BaselinePublisher.servers(bootstrap, cfg);
            BaselinePublisher.publish(cfg, servers, baselines);
            System.err.printf("baseline: %d baselines published to %s at %s%n", baselines.size(), cfg.topics().reference(), servers);
        }
        return 0;
    }
}
