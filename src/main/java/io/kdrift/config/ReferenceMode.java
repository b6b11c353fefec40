package io.kdrift.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the reference distribution is formed (docs/how-it-works.md). */
public enum ReferenceMode {
    /** The merge of the previous N closed windows of the model. */
    ROLLING,
    /** The first N closed windows of the model, then frozen. */
    FIXED,
    /** A baseline the user publishes ({@code kdrift baseline}), read from the reference topic or a file. */
    PINNED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ReferenceMode of(String text) {
        for (ReferenceMode m : values()) {
            if (m.id().equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a reference mode; use one of "
                + Arrays.stream(values()).map(ReferenceMode::id).collect(Collectors.joining(", ")));
    }
}
