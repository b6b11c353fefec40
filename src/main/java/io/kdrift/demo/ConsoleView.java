package io.kdrift.demo;

import io.kdrift.drift.ScoreField;
import io.kdrift.drift.ScoreRecord;
import io.kdrift.drift.ScoreStatus;
import io.kdrift.performance.PerformanceField;
import io.kdrift.performance.PerformanceRecord;
import io.kdrift.stats.DriftScores;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/** A live table of the latest score of every model and signal, and of every model's performance, redrawn in place on a terminal. */
public final class ConsoleView {
    private static final String CLEAR = "\033[H\033[2J";
    private final PrintStream out;
    private final boolean ansi;

    public ConsoleView(PrintStream out, boolean ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    public void render(List<ScoreRecord> scores, String header) {
        render(scores, List.of(), header);
    }

    /** The scores, then each model's last final performance window (labels joined by id). */
    public void render(List<ScoreRecord> scores, List<PerformanceRecord> performance, String header) {
        StringBuilder sb = new StringBuilder();
        if (ansi) {
            sb.append(CLEAR);
        }
        sb.append(header).append('\n');
        sb.append(String.format("%-10s %-24s %-9s %-18s %6s %6s %9s %10s  %s%n",
                "model", "signal", "window", "status", "ref", "cur", "KL nats", "p-value", ""));
        for (ScoreRecord r : scores) {
            String window = Instant.ofEpochMilli(r.windowStart()).toString().substring(11, 16);
            DriftScores d = r.divergences();
            Double logLoss = ScoreField.LOG_LOSS.value(r);
            Double referenceLogLoss = ScoreField.REFERENCE_LOG_LOSS.value(r);
            boolean drift = r.status() == ScoreStatus.OK && d != null && d.pValue() < 1e-3 && d.kl() > 0.05;
            String kl = d != null ? String.format("%9.4f", d.kl())
                    : logLoss != null ? String.format("%9.4f", logLoss) : "        -";
            String p = d != null ? String.format("%10.2e", d.pValue())
                    : referenceLogLoss != null ? String.format("ref %6.3f", referenceLogLoss) : "         -";
            sb.append(String.format("%-10s %-24s %-9s %-18s %6.0f %6.0f %s %s  %s%n", r.model(), r.signal(), window,
                    r.status().id(), r.referenceCount(), r.currentCount(), kl, p,
                    drift ? (ansi ? "\033[31;1mDRIFT\033[0m" : "DRIFT") : ""));
        }
        if (!performance.isEmpty()) {
            sb.append(String.format("%nperformance (final windows, labels joined by id)%n"));
            sb.append(String.format("%-10s %-9s %-18s %9s %9s %9s %10s %9s  %s%n",
                    "model", "window", "status", "labelled", "accuracy", "ref", "p-value", "log loss", ""));
            for (PerformanceRecord r : performance) {
                Double accuracyDrop = PerformanceField.ACCURACY_DROP.value(r);
                Double p = PerformanceField.ACCURACY_P_VALUE.value(r);
                boolean worse = r.status() == ScoreStatus.OK && accuracyDrop != null && p != null && accuracyDrop > 0.05 && p < 1e-3;
                sb.append(String.format("%-10s %-9s %-18s %4d/%-4d %s %s %s %s  %s%n", r.model(),
                        Instant.ofEpochMilli(r.windowStart()).toString().substring(11, 16), r.status().id(), r.labelled(), r.predictions(),
                        number("%9.3f", PerformanceField.ACCURACY.value(r)), number("%9.3f", PerformanceField.REFERENCE_ACCURACY.value(r)),
                        number("%10.2e", p), number("%9.4f", PerformanceField.LOG_LOSS.value(r)),
                        worse ? (ansi ? "\033[31;1mWORSE\033[0m" : "WORSE") : ""));
            }
        }
        out.print(sb);
        out.flush();
    }

    private static String number(String format, Double v) {
        String blank = String.format(format.replaceAll("\\.\\d+[a-z]", "s"), "-");
        return v == null ? blank : String.format(format, v);
    }
}
