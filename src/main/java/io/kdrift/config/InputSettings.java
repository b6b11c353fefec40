package io.kdrift.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One input of predictions: its topics and the format its records are in (docs/inputs.md). Several inputs, each with
 * its own format, feed one application.
 *
 * @param topic      the topic (default: topics.input, predictions)
 * @param topics     several topics of the same format, instead of {@code topic}
 * @param pattern    a regular expression over topic names, instead of {@code topic}: every topic that matches, also
 *                   those created later (Seldon Core v2 writes a topic per model)
 * @param format     {@code kdrift} (the default: kdrift's own shape, README "What goes in"), {@code mapping} (any other
 *                   JSON, read through {@code mapping}), {@code oip} (Open Inference Protocol requests and responses),
 *                   {@code kserve} (KServe's payload-logger CloudEvents), {@code mlserver} (MLServer's Kafka server),
 *                   {@code seldon} (Seldon Core v2's model topics)
 * @param mapping    where the records keep kdrift's fields, for the format {@code mapping}
 * @param model      the model id of every record of this input; else the format's own (docs/inputs.md): for
 *                   {@code oip}, the response's {@code model_name}, which its request takes when they join
 *                   ({@link #joinsById})
 * @param encoding   {@code json} or {@code protobuf}, for the OIP payloads of {@code oip}, {@code mlserver} and
 *                   {@code seldon} (default: protobuf for seldon, which writes protobuf to Kafka; json for the others)
 * @param part       {@code request} or {@code response}: what the records of an {@code oip} input in protobuf are (a
 *                   protobuf message does not say); JSON ones say it themselves ({@code inputs} or {@code outputs})
 * @param idHeader   a record header that holds the request id, instead of the format's own (CloudEvent id, OIP id, key)
 * @param tensors    which tensors are features, prediction and probabilities
 * @param joinWindow how long a request waits for its response and a response for its request (default 30s, the default grace period); then what
 *                   came is scored alone and counted as unmatched
 */
public record InputSettings(String topic, List<String> topics, String pattern, String format, PredictionMapping mapping, String model,
                            String encoding, String part, String idHeader, TensorSettings tensors,
                            @JsonDeserialize(using = Durations.Deserializer.class) Duration joinWindow) {
    public static final String KDRIFT = "kdrift";
    public static final String MAPPING = "mapping";
    public static final String OIP = "oip";
    public static final String KSERVE = "kserve";
    public static final String MLSERVER = "mlserver";
    public static final String SELDON = "seldon";
    private static final List<String> FORMATS = List.of(KDRIFT, MAPPING, OIP, KSERVE, MLSERVER, SELDON);
    public static final String JSON = "json";
    public static final String PROTOBUF = "protobuf";
    public static final String REQUEST = "request";
    public static final String RESPONSE = "response";

    /**
     * The join scope of this input, the {@code index}-th: its requests meet only responses of the same scope. Each input
     * is a scope of its own (ids are unique per serving layer, not across them), but inputs of one part (protobuf
     * requests on one topic, responses on another) share the scope of their format and encoding, as the two halves of
     * one serving layer.
     */
    public String joinScope(int index) {
        return part != null ? format + "/" + encoding() : Integer.toString(index);
    }

    /**
     * Whether this input's halves are joined by id alone, the model taken from the response: an {@code oip} input that
     * names no {@code model} (a request of the Open Inference Protocol names none, its URL path does; one topic may
     * carry every model of a gateway). The halves of the other inputs name their model and are joined by model and id.
     */
    public boolean joinsById() {
        return format.equals(OIP) && model == null;
    }

    /** The one input of a configuration that names none: topics.input in kdrift's own shape. */
    public static InputSettings of(String topic) {
        return new InputSettings(topic, null, null, null, null, null, null, null, null, null, null);
    }

    public InputSettings {
        int given = (topic != null ? 1 : 0) + (topics != null ? 1 : 0) + (pattern != null ? 1 : 0);
        if (given > 1) {
            throw new ConfigFieldException("topic", "give one of topic, topics, pattern");
        }
        if (topic != null) {
            TopicSettings.checkName("topic", topic);
        }
        if (topics != null) {
            if (topics.isEmpty()) {
                throw new ConfigFieldException("topics", "is empty");
            }
            topics = List.copyOf(topics);
            topics.forEach(t -> TopicSettings.checkName("topics", t));
        }
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new ConfigFieldException("pattern", "\"" + pattern + "\" is not a regular expression: " + e.getDescription());
            }
        }
        format = format == null ? KDRIFT : format;
        if (!FORMATS.contains(format)) {
            throw new ConfigFieldException("format", "\"" + format + "\" is not one of " + String.join(", ", FORMATS));
        }
        if (format.equals(MAPPING) && mapping == null) {
            throw new ConfigFieldException("mapping", "is required with format mapping: JSON Pointers to kdrift's fields");
        }
        if (!format.equals(MAPPING) && mapping != null) {
            throw new ConfigFieldException("mapping", "applies only to format mapping");
        }
        boolean inference = isInference(format);
        if (model != null && !io.kdrift.event.PredictionEvent.isValidModelId(model)) {
            throw new ConfigFieldException("model", "\"" + model + "\" is not a model id (1-128 characters of [A-Za-z0-9._:-])");
        }
        only(inference, "model", model, "mapping's model: {constant: ...}");
        only(inference, "idHeader", idHeader, null);
        only(inference, "tensors", tensors, null);
        only(inference, "joinWindow", joinWindow, null);
        boolean oipPayload = format.equals(OIP) || format.equals(MLSERVER) || format.equals(SELDON);
        only(oipPayload, "encoding", encoding, null);
        if (encoding != null && !encoding.equals(JSON) && !encoding.equals(PROTOBUF)) {
            throw new ConfigFieldException("encoding", "\"" + encoding + "\" is not one of json, protobuf");
        }
        only(format.equals(OIP), "part", part, null);
        if (part != null && !part.equals(REQUEST) && !part.equals(RESPONSE)) {
            throw new ConfigFieldException("part", "\"" + part + "\" is not one of request, response");
        }
        if (format.equals(OIP) && PROTOBUF.equals(encoding) && part == null) {
            throw new ConfigFieldException("part", "is required with encoding protobuf: request or response (a protobuf message does not "
                    + "say which it is)");
        }
        tensors = tensors == null && inference ? TensorSettings.DEFAULT : tensors;
        joinWindow = joinWindow == null && inference ? Duration.ofSeconds(30) : joinWindow;
        if (joinWindow != null && (joinWindow.equals(Durations.OFF) || joinWindow.toMillis() < 1)) {
            throw new ConfigFieldException("joinWindow", "must be a duration of at least 1ms");
        }
    }

    /** The encoding of the OIP payloads: as configured, else protobuf for seldon and json for the others. */
    @Override
    public String encoding() {
        return encoding != null ? encoding : format.equals(SELDON) ? PROTOBUF : JSON;
    }

    private static void only(boolean applies, String field, Object value, String instead) {
        if (!applies && value != null) {
            throw new ConfigFieldException(field, "does not apply to this format" + (instead == null ? "" : " (use " + instead + ")"));
        }
    }

    /** Whether records of {@code format} are requests and responses of a serving layer, joined by id. */
    public static boolean isInference(String format) {
        return format.equals(OIP) || format.equals(KSERVE) || format.equals(MLSERVER) || format.equals(SELDON);
    }

    /** Whether this input's records are requests and responses of a serving layer, joined by id. */
    public boolean inference() {
        return isInference(format);
    }

    /** Whether records are read through a mapping rather than in kdrift's own shape. */
    public boolean mapped() {
        return format.equals(MAPPING);
    }

    /** The topics named (one, several), or empty for a pattern. */
    public List<String> namedTopics() {
        return topics != null ? topics : topic != null ? List.of(topic) : List.of();
    }

    /** The same input, read from {@code defaultTopic} when it names no topic of its own. */
    InputSettings orTopic(String defaultTopic) {
        return topic != null || topics != null || pattern != null ? this
                : new InputSettings(defaultTopic, null, null, format, mapping, model, encoding, part, idHeader, tensors, joinWindow);
    }

    /** Whether this input reads {@code topicName}. */
    public boolean reads(String topicName) {
        return pattern != null ? Pattern.matches(pattern, topicName) : namedTopics().contains(topicName);
    }
}
