package io.kdrift.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A re-baseline request on the reference topic (docs/baselines.md): {@code {"rebaseline":"MODEL","requestedAt":"ISO-8601"}}
 * under the key {@code rebaseline/MODEL}, which no model id can take (ids have no '/'), so a request never replaces a
 * pinned model's baseline under its own key. The model's reference restarts with the first window that closes after
 * kdrift reads it.
 */
public final class RebaselineJson {
    public static final String KEY_PREFIX = "rebaseline/";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A request: the model, and when it was made (epoch ms). */
    public record Request(String model, long requestedAt) {
    }

    private RebaselineJson() {
    }

    public static String key(String model) {
        return KEY_PREFIX + model;
    }

    public static byte[] toJson(Request r) {
        return JsonObjects.write(g -> {
            g.writeStringField("rebaseline", r.model());
            g.writeStringField("requestedAt", Instant.ofEpochMilli(r.requestedAt()).toString());
        });
    }

    /** The request, or an IllegalArgumentException saying what is wrong with it. */
    public static Request parse(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.path("rebaseline").isTextual() || !n.path("requestedAt").isTextual()) {
            throw new IllegalArgumentException("a re-baseline request needs \"rebaseline\" (the model) and \"requestedAt\" (ISO-8601)");
        }
        try {
            return new Request(n.get("rebaseline").asText(), Instant.parse(n.get("requestedAt").asText()).toEpochMilli());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("requestedAt \"" + n.get("requestedAt").asText() + "\" is not an ISO-8601 instant");
        }
    }
}
