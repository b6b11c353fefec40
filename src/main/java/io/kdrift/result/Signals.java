package io.kdrift.result;

/** Names of the signals derived from an event (README: "What goes in"). */
public final class Signals {
    public static final String PREDICTION = "prediction";
    public static final String PROBABILITIES = "probabilities";
    public static final String CONFIDENCE = "confidence";
    public static final String LABEL = "label";
    public static final String LOG_LOSS = "log_loss";
    /** The model's event count per window: its volume, against the reference's mean. */
    public static final String EVENTS = "events";
    /** The key of a model's performance (labels joined by id) in alert records and gauges: not a signal of the events. */
    public static final String PERFORMANCE = "performance";
    public static final String FEATURE_PREFIX = "feature.";

    private Signals() {
    }

    public static String feature(String name) {
        return FEATURE_PREFIX + name;
    }
}
