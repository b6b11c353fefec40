package io.kdrift.event;

/** What half of an inference a serving layer's record is: the request (features) or the response (prediction). */
public enum InferencePart {
    REQUEST("request"),
    RESPONSE("response");

    private final String code;

    InferencePart(String code) {
        this.code = code;
    }

    /** How it is written in metrics and headers. */
    public String code() {
        return code;
    }

    /** The part of {@code code}, or null. */
    public static InferencePart of(String code) {
        for (InferencePart p : values()) {
            if (p.code.equals(code)) {
                return p;
            }
        }
        return null;
    }
}
