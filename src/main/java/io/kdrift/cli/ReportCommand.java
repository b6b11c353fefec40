package io.kdrift.cli;

import io.kdrift.config.KdriftConfig;
import io.kdrift.report.Report;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kdrift report}: a self-contained HTML report of score and alert records. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes one self-contained HTML file (no network needed to open it) from score records "
                + "(e.g. from 'kdrift replay' or a dump of the scores topic): per model and signal, the scores over "
                + "time with the alert thresholds and the alerts marked, and reference vs current distributions of "
                + "the windows that alerted."})
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--scores", required = true, paramLabel = "SCORES.jsonl", description = "score records, one JSON object per line")
    Path scores;

    @Option(names = "--alerts", paramLabel = "ALERTS.jsonl", description = "alert records (firing and resolved), to mark the alerts")
    Path alerts;

    @Option(names = "--performance", paramLabel = "PERFORMANCE.jsonl", description = "performance records (kdrift replay --performance, "
            + "or a dump of the performance topic): a section per model with its accuracy, errors and p-values per final window")
    Path performance;

    @Option(names = "--verdicts", paramLabel = "VERDICTS.jsonl", description = "model verdicts (kdrift replay --verdicts, or a dump of the "
            + "verdict topic): per model, its signals tested and drifted per window")
    Path verdicts;

    /** Its alert rules give the thresholds drawn (default: the default rules). */
    @Mixin
    ConfigOption.Optional config;

    @Option(names = "--output", required = true, paramLabel = "report.html")
    Path output;

    @Override
    public Integer call() throws Exception {
        KdriftConfig cfg = config.load(() -> KdriftConfig.DEFAULT);
        InputFiles.readable(scores, "--scores");
        InputFiles.readable(alerts, "--alerts");
        InputFiles.readable(performance, "--performance");
        InputFiles.readable(verdicts, "--verdicts");
        Report.Summary s = Report.write(cfg, scores, alerts, performance, verdicts, output);
        System.err.printf("report: %d series, %,d score records, %,d alert records, %,d performance records -> %s%n",
                s.series(), s.scores(), s.alerts(), s.performance(), output);
        return 0;
    }
}
