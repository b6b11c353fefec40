package io.kdrift.cli;

import io.kdrift.UserError;
import io.kdrift.codec.BaselineJson;
import io.kdrift.config.KdriftConfig;
import io.kdrift.drift.Baseline;
import io.kdrift.replay.Replay;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kdrift replay}: the monitor's topology run offline over a file of logged events. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Runs the monitor's topology offline over a JSON-lines file of events (one event per line, "
                + "each with its 'model' and 'timestamp') and writes the score records as JSON lines: "
                + "for backtesting thresholds on logged traffic.",
                "Rejected lines go to the dead-letter file with their reason. The last open windows are scored at the end of the input."})
final class ReplayCommand implements Callable<Integer> {
    @Mixin
    ConfigOption.Required config;

    @Option(names = "--input", required = true, paramLabel = "EVENTS.jsonl", description = "events, one JSON object per line")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "SCORES.jsonl", description = "where to write the score records")
    Path output;

    @Option(names = "--dead-letters", paramLabel = "FILE",
            description = "where to write rejected lines with their reason (default: the output path with .dlq.jsonl)")
    Path deadLetters;

    @Option(names = "--alerts", paramLabel = "ALERTS.jsonl", description = "where to write the alert records (firing and resolved)")
    Path alerts;

    @Option(names = "--baseline", paramLabel = "BASELINE.jsonl",
            description = "pinned baselines (from 'kdrift baseline --output'), for the models whose reference mode is pinned")
    Path baseline;

    @Option(names = "--labels", paramLabel = "LABELS.jsonl",
            description = "labels joined with the events by model and id (docs/performance.md); needs labels.topics in the configuration")
    Path labels;

    @Option(names = "--performance", paramLabel = "FILE",
            description = "where to write the performance records (default: the output path with .performance.jsonl)")
    Path performance;

    @Option(names = "--verdicts", paramLabel = "FILE", description = "where to write the model verdicts, one per model and window (docs/scores.md)")
    Path verdicts;

    @Option(names = "--quiet", description = "no progress or summary on stderr")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        KdriftConfig cfg = config.load();
        InputFiles.readable(input, "--input");
        InputFiles.readable(baseline, "--baseline");
        InputFiles.readable(labels, "--labels");
        if (labels != null && !cfg.labels().enabled()) {
            throw new UserError("--labels needs a label topic in the configuration (labels: {topics: [drift-labels]}): "
                    + "its horizon and wait apply to the replay as to kdrift run", 2, null);
        }
        Path dlq = deadLetters != null ? deadLetters : defaultDeadLetters(output);
        List<Baseline> baselines = baseline == null ? List.of() : BaselineJson.readFile(baseline);
        if (cfg.usesPinnedReference() && baselines.isEmpty() && !quiet) {
            System.err.println("replay: warning: the configuration pins models but no --baseline was given: their signals stay warming_up");
        }
        Path performanceFile = performance != null ? performance : withSuffix(output, ".performance.jsonl");
        Replay.Summary s = Replay.run(cfg, input, Replay.FileOptions.of(output, dlq).withAlerts(alerts).withVerdicts(verdicts)
                .withLabels(labels, labels == null ? null : performanceFile), baselines, quiet ? null : System.err);
        if (!quiet) {
            System.err.printf("replay: %,d lines in %.1f s (%,.0f events/s): %,d accepted, %,d rejected, %,d late; %,d score records -> %s%n",
                    s.lines(), s.seconds(), s.eventsPerSecond(), s.accepted(), s.rejected(), s.late(), s.scores(), output);
            if (alerts != null) {
                System.err.printf("replay: %,d alert records -> %s%n", s.alerts(), alerts);
            }
            if (verdicts != null) {
                System.err.printf("replay: %,d model verdicts -> %s%n", s.verdicts(), verdicts);
            }
            if (labels != null) {
                System.err.printf("replay: %,d performance records -> %s%n", s.performance(), performanceFile);
                System.err.printf("replay: %,d labels: %,d joined their prediction, %,d dead letters (none still waiting)%n", s.labels(),
                        s.labelsJoined(), s.labels() - s.labelsJoined());
            }
            if (s.rejected() > 0) {
                StringBuilder sb = new StringBuilder();
                for (Map.Entry<String, Long> e : s.rejectedByReason().entrySet()) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
                }
                System.err.println("replay: rejected by reason: " + sb + " -> " + dlq);
            }
        }
        return 0;
    }

    static Path defaultDeadLetters(Path output) {
        return withSuffix(output, ".dlq.jsonl");
    }

    /** {@code scores.jsonl} → {@code scores<suffix>}, beside it. */
    private static Path withSuffix(Path output, String suffix) {
        String name = output.getFileName().toString();
        String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return output.resolveSibling(base + suffix);
    }
}
