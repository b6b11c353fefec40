package io.kdrift.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;
import java.util.List;

/**
 * Ground truth that arrives later (docs/performance.md): label records on their own topics, joined with their
 * predictions by (model, id).
 *
 * @param topics            the label topics; none (the default): no join, no performance records
 * @param horizon           how long a prediction waits for its label (default 1d); a window's performance is final
 *                          at its end plus this (or the grace period, if longer)
 * @param waitForPrediction how long a label that comes before its prediction waits for it (default 10m)
 * @param mapping           where label records of another shape keep the id, the label, its time and model (JSON Pointers);
 *                          none (the default): kdrift's own shape {@code {"model", "id", "label", "timestamp"}}
 */
public record LabelSettings(
        List<String> topics,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration horizon,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration waitForPrediction,
        LabelMapping mapping) {
    public static final LabelSettings DEFAULT = new LabelSettings(null, null, null, null);

    public LabelSettings {
        topics = topics == null ? List.of() : List.copyOf(topics);
        for (String topic : topics) {
            TopicSettings.checkName("topics", topic);
        }
        horizon = horizon == null ? Duration.ofDays(1) : horizon;
        if (horizon.equals(Durations.OFF) || horizon.toMillis() < 1000) {
            throw new ConfigFieldException("horizon", "must be a duration of at least 1s");
        }
        waitForPrediction = waitForPrediction == null ? Duration.ofMinutes(10) : waitForPrediction;
        if (waitForPrediction.equals(Durations.OFF) || waitForPrediction.isNegative()) {
            throw new ConfigFieldException("waitForPrediction", "must be a duration of 0 or more");
        }
    }

    /** Whether labels are joined at all. */
    public boolean enabled() {
        return !topics.isEmpty();
    }
}
