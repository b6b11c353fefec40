package io.kdrift.event;

/**
 * The key a segment of a model is monitored as: {@code MODEL{NAME=VALUE}} (docs/segments.md), e.g. {@code churn-v3{region=eu}}.
 * No model id has a brace, so a segment never takes a model's key; everything keyed by model (state, scores, alerts,
 * gauges, the report) keys segments the same way. A value keeps the characters a model id may have; any other
 * becomes {@code _}, so that keys stay safe in record keys ({@code model/signal}) and store keys.
 */
public final class SegmentKey {
    public static final int MAX_VALUE_LENGTH = 64;

    private SegmentKey() {
    }

    public static String of(String model, String name, String value) {
        StringBuilder v = new StringBuilder(Math.min(value.length(), MAX_VALUE_LENGTH));
        for (int i = 0; i < value.length() && i < MAX_VALUE_LENGTH; i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' || c == '-';
            v.append(ok ? c : '_');
        }
        return model + "{" + name + "=" + v + "}";
    }

    /** The model of a key: the key itself for a model, the model of a segment. */
    public static String model(String key) {
        int brace = key.indexOf('{');
        return brace < 0 ? key : key.substring(0, brace);
    }

    public static boolean isSegment(String key) {
        return key.indexOf('{') >= 0;
    }

    /** A model id, or a model id with a segment as {@link #of} writes it. */
    public static boolean isValid(String key) {
        String model = model(key);
        if (!PredictionEvent.isValidModelId(model)) {
            return false;
        }
        return model.length() == key.length() || key.substring(model.length()).matches("\\{[A-Za-z0-9._:-]{1,64}=[A-Za-z0-9._:-]{1,64}\\}");
    }
}
