package io.kdrift.config;

/**
 * Topic names (README: events, docs/scores.md, docs/alerts.md), and how {@code kdrift run} creates the ones that are missing.
 *
 * @param late where late events go (their original bytes, with their window in headers); none by default:
 *             late events are then only counted (kdrift_events_late_total)
 * @param reference the compacted topic of pinned baselines and re-baseline requests, key = model id (default drift-reference)
 * @param performance where performance records go when labels are joined (default drift-performance; docs/performance.md)
 * @param verdicts where the model verdicts go, one per model and window (default drift-verdicts; docs/scores.md)
 * @param partitions partitions of topics kdrift creates (default 3)
 * @param replication replication factor of topics kdrift creates (default 1 on the embedded broker, else 3)
 */
public record TopicSettings(String input, String scores, String deadLetter, String alerts, String late, String reference, String performance,
        String verdicts,
        Integer partitions,
        Integer replication) {
    public static final TopicSettings DEFAULT = new TopicSettings(null, null, null, null, null, null, null, null, null, null);

    public TopicSettings {
        partitions = partitions == null ? 3 : partitions;
        if (partitions < 1) {
            throw new ConfigFieldException("partitions", "must be at least 1, got " + partitions);
        }
        if (replication != null && replication < 1) {
            throw new ConfigFieldException("replication", "must be at least 1, got " + replication);
        }
        input = orDefault("input", input, "predictions");
        scores = orDefault("scores", scores, "drift-scores");
        deadLetter = orDefault("deadLetter", deadLetter, "predictions-dlq");
        alerts = orDefault("alerts", alerts, "drift-alerts");
        reference = orDefault("reference", reference, "drift-reference");
        performance = orDefault("performance", performance, "drift-performance");
        verdicts = orDefault("verdicts", verdicts, "drift-verdicts");
        late = late == null || late.isEmpty() ? null : orDefault("late", late, null);
    }

    private static String orDefault(String field, String value, String fallback) {
        if (value == null) {
            return fallback;
        }
        return checkName(field, value);
    }

    /** {@code name}, if it is a valid Kafka topic name; else the configuration error of {@code field}. */
    static String checkName(String field, String name) {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new ConfigFieldException(field, "\"" + name + "\" is not a valid Kafka topic name (1-249 of [A-Za-z0-9._-])");
        }
        return name;
    }
}
