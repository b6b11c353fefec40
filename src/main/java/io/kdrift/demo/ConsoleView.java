package io.kdrift.demo;

import io.kdrift.drift.ScoreField;
import io.kdrift.drift.ScoreRecord;
import io.kdrift.drift.ScoreStatus;
import io.kdrift.stats.DriftScores;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/** A live table of the latest score of every model and signal, redrawn in place on a terminal. */
public final class ConsoleView {
    private static final String CLEAR = "\033[H\033[2J";
    private final PrintStream out;
    private final boolean ansi;

    public ConsoleView(PrintStream out, boolean ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    public void render(List<ScoreRecord> scores, String header) {
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
        out.print(sb);
        out.flush();
    }
}
