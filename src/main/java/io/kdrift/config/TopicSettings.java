package io.kdrift.config;

/** Topic names (SPEC §1, §3, §4). */
public record TopicSettings(String input, String scores, String deadLetter, String alerts) {
    public static final TopicSettings DEFAULT = new TopicSettings(null, null, null, null);

    public TopicSettings {
        input = orDefault("input", input, "predictions");
        scores = orDefault("scores", scores, "drift-scores");
        deadLetter = orDefault("deadLetter", deadLetter, "predictions-dlq");
        alerts = orDefault("alerts", alerts, "drift-alerts");
    }

    private static String orDefault(String field, String value, String fallback) {
        if (value == null) {
            return fallback;
        }
        if (!value.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new ConfigFieldException(field, "\"" + value + "\" is not a valid Kafka topic name (1-249 of [A-Za-z0-9._-])");
        }
        return value;
    }
}
