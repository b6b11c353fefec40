package io.kdrift.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the reference distribution is formed (SPEC §2). */
public enum ReferenceMode {
    /** The merge of the previous N closed windows of the model. */
    ROLLING,
    /** The first N closed windows of the model, then frozen. */
    FIXED;

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
        if ("pinned".equals(text)) {
            throw new IllegalArgumentException("reference mode 'pinned' is not available in this version; use rolling or fixed");
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a reference mode; use one of "
                + Arrays.stream(values()).map(ReferenceMode::id).collect(Collectors.joining(", ")));
    }
}
