package io.kdrift.demo;

import io.kdrift.result.PerformanceField;
import io.kdrift.result.PerformanceRecord;
import io.kdrift.result.ScoreField;
import io.kdrift.result.ScoreRecord;
import io.kdrift.result.ScoreStatus;
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
            sb.append(String.format("%-10s %-9s %-18s %9s  %-9s %10s %10s %10s  %s%n",
                    "model", "window", "status", "labelled", "metric", "window", "ref", "p-value", ""));
            for (PerformanceRecord r : performance) {
                boolean regression = r.regression() != null && r.classification() == null;
                PerformanceField value = regression ? PerformanceField.MEAN_ABSOLUTE_ERROR : PerformanceField.ACCURACY;
                PerformanceField reference = regression ? PerformanceField.REFERENCE_MEAN_ABSOLUTE_ERROR : PerformanceField.REFERENCE_ACCURACY;
                Double p = (regression ? PerformanceField.MEAN_ABSOLUTE_ERROR_P_VALUE : PerformanceField.ACCURACY_P_VALUE).value(r);
                // as the default rules judge it (KdriftAccuracyDrop, KdriftErrorRise)
                Double change = regression ? PerformanceField.MEAN_ABSOLUTE_ERROR_RATIO.value(r) : PerformanceField.ACCURACY_DROP.value(r);
                boolean worse = r.status() == ScoreStatus.OK && change != null && p != null && p < 1e-3 && change > (regression ? 1.2 : 0.05);
                sb.append(String.format("%-10s %-9s %-18s %4d/%-4d  %-9s %s %s %s  %s%n", r.model(),
                        Instant.ofEpochMilli(r.windowStart()).toString().substring(11, 16), r.status().id(), r.labelled(), r.predictions(),
                        regression ? "MAE" : "accuracy", number(value.value(r)), number(reference.value(r)), number(p),
                        worse ? (ansi ? "\033[31;1mWORSE\033[0m" : "WORSE") : ""));
            }
        }
        out.print(sb);
        out.flush();
    }

    /** Ten characters: four significant digits, whole numbers from 1,000, an exponent below 0.001; "-" where there is no value. */
    private static String number(Double v) {
        if (v == null) {
            return String.format("%10s", "-");
        }
        double a = Math.abs(v);
        if (a >= 1000 && a < 1e9) {
            return String.format("%10.0f", v);
        }
        return String.format(a != 0 && (a < 1e-3 || a >= 1e9) ? "%10.2e" : "%10.4g", v);
    }
}
