package io.kdrift.result;

import io.kdrift.stats.DriftScores;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The numeric fields of a score record, once: the name alert rules, annotation placeholders and the JSON
 * use, the value, the Prometheus gauge that exports it, and how a placeholder prints it. Alert conditions
 * ({@code ConditionSettings}), placeholders in kdrift's alert records and in the generated Prometheus rules,
 * the gauges ({@code LatestScores}) and the score JSON all read this list, so a field cannot be supported
 * in one place and missing in another. Declared in the order the JSON writes them.
 */
public enum ScoreField implements MetricField<ScoreRecord> {
    REFERENCE_COUNT("referenceCount", Applies.ALL, "kdrift.window.events", null, "reference", Json.COUNT, Print.WHOLE,
            "Events (soft counts for probabilities) in the current window (window=current) or the reference (window=reference)",
            ScoreRecord::referenceCount),
    CURRENT_COUNT("currentCount", Applies.ALL, "kdrift.window.events", null, "current", Json.COUNT, Print.WHOLE,
            REFERENCE_COUNT.help, ScoreRecord::currentCount),
    LOG_LOSS("logLoss", Applies.LOG_LOSS, "kdrift.score.log.loss", "nats", "current", Json.LOG_LOSS, Print.G3,
            "Mean log loss −ln p[label] of the window (window=current) or of the reference (window=reference), in nats",
            logLoss(ScoreRecord.LogLoss::current)),
    REFERENCE_LOG_LOSS("referenceLogLoss", Applies.LOG_LOSS, "kdrift.score.log.loss", "nats", "reference", Json.LOG_LOSS, Print.G3,
            LOG_LOSS.help, logLoss(ScoreRecord.LogLoss::reference)),
    /** Derived, not written to the JSON and not a gauge of its own: the current log loss less the reference's. */
    LOG_LOSS_INCREASE("logLossIncrease", Applies.LOG_LOSS, null, "nats", null, Json.NONE, Print.G3, null,
            logLoss(l -> l.current() == null || l.reference() == null ? null : l.current() - l.reference())),
    VOLUME_RATIO("volumeRatio", Applies.EVENTS, "kdrift.volume.ratio", null, null, Json.EVENTS, Print.G3,
            "Events of the model in the last window over the reference's mean events per window", ScoreRecord::volumeRatio),
    BINS("bins", Applies.DIVERGENCE, "kdrift.score.bins", null, null, Json.INTEGER, Print.WHOLE,
            "Bins k used by the scores (those not empty on both sides)", divergence(DriftScores::bins)),
    KL("kl", Applies.DIVERGENCE, "kdrift.score.kl", "nats", null, Json.NUMBER, Print.G3,
            "KL divergence KL(P‖Q) of the reference P from the current window Q, in nats", divergence(DriftScores::kl)),
    KL_REVERSE("klReverse", Applies.DIVERGENCE, "kdrift.score.kl.reverse", "nats", null, Json.NUMBER, Print.G3,
            "Reverse KL divergence KL(Q‖P), in nats", divergence(DriftScores::klReverse)),
    CROSS_ENTROPY("crossEntropy", Applies.DIVERGENCE, "kdrift.score.cross.entropy", "nats", null, Json.NUMBER, Print.G3,
            "Cross-entropy H(P,Q) = H(P) + KL(P‖Q), in nats", divergence(DriftScores::crossEntropy)),
    REFERENCE_ENTROPY("referenceEntropy", Applies.DIVERGENCE, "kdrift.score.reference.entropy", "nats", null, Json.NUMBER, Print.G3,
            "Entropy H(P) of the reference distribution, in nats", divergence(DriftScores::referenceEntropy)),
    CURRENT_ENTROPY("currentEntropy", Applies.DIVERGENCE, "kdrift.score.current.entropy", "nats", null, Json.NUMBER, Print.G3,
            "Entropy H(Q) of the current window's distribution, in nats", divergence(DriftScores::currentEntropy)),
    JS("js", Applies.DIVERGENCE, "kdrift.score.js", "nats", null, Json.NUMBER, Print.G3,
            "Jensen–Shannon divergence of reference and current window, in nats (at most ln 2)", divergence(DriftScores::js)),
    PSI("psi", Applies.DIVERGENCE, "kdrift.score.psi", null, null, Json.NUMBER, Print.G3,
            "Population stability index KL(P‖Q) + KL(Q‖P)", divergence(DriftScores::psi)),
    G_STATISTIC("gStatistic", Applies.DIVERGENCE, "kdrift.score.g.statistic", null, null, Json.NUMBER, Print.G3,
            "G statistic of the raw counts of reference and current window", divergence(DriftScores::gStatistic)),
    P_VALUE("pValue", Applies.DIVERGENCE, "kdrift.score.p.value", null, null, Json.NUMBER, Print.G3,
            "G-test p-value (k−1 degrees of freedom): the probability of a difference this large without drift", divergence(DriftScores::pValue));

    /** Which signals carry the field. */
    public enum Applies {
        ALL, DIVERGENCE, LOG_LOSS, EVENTS;

        public boolean to(String signal) {
            return switch (this) {
                case ALL -> true;
                case LOG_LOSS -> Signals.LOG_LOSS.equals(signal);
                case EVENTS -> Signals.EVENTS.equals(signal);
                case DIVERGENCE -> !Signals.LOG_LOSS.equals(signal) && !Signals.EVENTS.equals(signal);
            };
        }
    }

    /** How the JSON writes the field. */
    public enum Json {
        /** whole counts as integers, soft counts to 6 decimals */
        COUNT,
        /** an integer, or null */
        INTEGER,
        /** a number, or null */
        NUMBER,
        /** a number or null, on log_loss records and on any record that has a log loss */
        LOG_LOSS,
        /** a number or null, on events records only */
        EVENTS,
        /** not in the JSON */
        NONE
    }

    /** How a placeholder prints the value: as Prometheus' templates print it with printf, so that both read the same. */
    public enum Print {
        /** {@code printf "%.0f"} */
        WHOLE,
        /** {@code printf "%.3g"} */
        G3;

        public String format(double v) {
            return this == WHOLE ? whole(v) : g3(v);
        }

        /** Go's {@code %.3g} */
        public String goVerb() {
            return this == WHOLE ? "%.0f" : "%.3g";
        }
    }

    private static final Map<String, ScoreField> BY_NAME = new LinkedHashMap<>();

    static {
        for (ScoreField f : values()) {
            BY_NAME.put(f.jsonName, f);
        }
    }

    private final String jsonName;
    private final Applies applies;
    private final String gauge;
    private final String unit;
    private final String window;
    private final Json json;
    private final Print print;
    private final String help;
    private final Function<ScoreRecord, Double> value;

    ScoreField(String jsonName, Applies applies, String gauge, String unit, String window, Json json, Print print, String help,
               Function<ScoreRecord, Double> value) {
        this.jsonName = jsonName;
        this.applies = applies;
        this.gauge = gauge;
        this.unit = unit;
        this.window = window;
        this.json = json;
        this.print = print;
        this.help = help;
        this.value = value;
    }

    /** A divergence of a scored record; null for the other records. */
    private static Function<ScoreRecord, Double> divergence(ToDoubleFunction<DriftScores> f) {
        return r -> r.divergences() == null ? null : f.applyAsDouble(r.divergences());
    }

    /** A value of the log_loss record; null for the other records. */
    private static Function<ScoreRecord, Double> logLoss(Function<ScoreRecord.LogLoss, Double> f) {
        return r -> r.logLoss() == null ? null : f.apply(r.logLoss());
    }

    /** The field of this name (as rules, placeholders and the JSON name it), or null. */
    public static ScoreField byName(String name) {
        return BY_NAME.get(name);
    }

    /** Every field name, in declaration order. */
    public static java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(BY_NAME.keySet());
    }

    @Override
    public String jsonName() {
        return jsonName;
    }

    public Applies applies() {
        return applies;
    }

    /** Micrometer's name of the gauge, or null for a derived field. */
    public String gauge() {
        return gauge;
    }

    /** The gauge's base unit (a suffix of its Prometheus name), or null. */
    public String unit() {
        return unit;
    }

    /** The gauge's {@code window} label (current or reference), or null. */
    public String window() {
        return window;
    }

    public Json json() {
        return json;
    }

    @Override
    public Print print() {
        return print;
    }

    public String help() {
        return help;
    }

    @Override
    public Double value(ScoreRecord r) {
        return value.apply(r);
    }

    /** The Prometheus name of the gauge: Micrometer's name with its unit. */
    public String prometheusName() {
        return gauge.replace('.', '_') + (unit == null ? "" : "_" + unit);
    }

    @Override
    public String promQuery() {
        return promQuery("model='%[1]s',signal='%[2]s'");
    }

    /**
     * A PromQL expression for the field of one model and signal, {@code matchers} being the label matchers
     * that pick them (e.g. {@code model='m',signal='s'}).
     */
    public String promQuery(String matchers) {
        if (this == LOG_LOSS_INCREASE) {
            return LOG_LOSS.promQuery(matchers) + " - ignoring (window) " + REFERENCE_LOG_LOSS.promQuery(matchers);
        }
        return prometheusName() + "{" + matchers + (window == null ? "" : ",window='" + window + "'") + "}";
    }

    /** Go's {@code %.0f}: round half to even on the exact binary value. */
    static String whole(double v) {
        if (!Double.isFinite(v)) {
            return nonFinite(v);
        }
        String s = new BigDecimal(v).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
        return s.equals("0") && (1 / v) < 0 ? "-0" : s;
    }

    /** Go's {@code %.3g}: 3 significant digits, trailing zeros dropped, an exponent below 1e-4 and from 1e3. */
    static String g3(double v) {
        if (!Double.isFinite(v)) {
            return nonFinite(v);
        }
        if (v == 0) {
            return (1 / v) < 0 ? "-0" : "0";
        }
        BigDecimal r = new BigDecimal(v).round(new MathContext(3, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        int exp = r.precision() - r.scale() - 1;
        if (exp < -4 || exp >= 3) {
            String digits = r.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (r.signum() < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        return r.toPlainString();
    }

    private static String nonFinite(double v) {
        return Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
    }
}
