package io.kdrift.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A Kafka record as one line of a replay file (docs/inputs.md, "Replaying records with headers"), for inputs whose
 * formats read more than the value: {@code {"topic": ..., "key": ..., "headers": {name: value}, "timestamp": ms,
 * "value": {...}}}, the value a JSON object, a string, or {@code valueBase64} for bytes (protobuf). Only the value
 * is required; the topic too when the configuration has several inputs.
 */
public record Envelope(String topic, byte[] key, List<Map.Entry<String, byte[]>> headers, long timestamp, byte[] value) {
    private static final JsonFactory FACTORY = new JsonFactory();

    private static final String TOPIC_FIELD = "\"topic\"";

    /**
     * The envelope {@code line} is when it is one of {@code topic}: nothing but an envelope's fields, that topic and a
     * value; else null (a record's value, of one input in kdrift's shape or a mapping).
     */
    public static Envelope ifOfTopic(byte[] line, String topic) {
        // the bytes as Latin-1 text: String.indexOf is an intrinsic, a scan of every line several times faster than a loop here
        if (new String(line, StandardCharsets.ISO_8859_1).indexOf(TOPIC_FIELD) < 0) {
            return null; // most lines: a value without a field named topic
        }
        try {
            Envelope e = parse(line, true);
            return topic.equals(e.topic()) ? e : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The envelope of {@code line}, or an {@link IllegalArgumentException} saying what is wrong with it. */
    public static Envelope parse(byte[] line) {
        return parse(line, false);
    }

    /** @param strict a field an envelope does not have is an error too (else it is skipped) */
    private static Envelope parse(byte[] line, boolean strict) {
        // one streaming pass; the value's bytes are sliced from the line as they are, not written again
        String topic = null;
        String key = null;
        long timestamp = -1;
        byte[] value = null;
        List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "topic" -> topic = string(p, t, field);
                    case "key" -> key = string(p, t, field);
                    case "timestamp" -> {
                        if (t != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
                            throw new IllegalArgumentException("'timestamp' is not epoch milliseconds");
                        }
                        timestamp = p.getLongValue();
                    }
                    case "headers" -> {
                        if (t != JsonToken.START_OBJECT) {
                            throw new IllegalArgumentException("'headers' is not an object of name → string");
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            if (p.nextToken() != JsonToken.VALUE_STRING) {
                                throw new IllegalArgumentException("header '" + name + "' is not a string");
                            }
                            headers.add(Map.entry(name, p.getText().getBytes(StandardCharsets.UTF_8)));
                        }
                    }
                    case "value" -> {
                        if (t == JsonToken.VALUE_STRING) {
                            value = p.getText().getBytes(StandardCharsets.UTF_8);
                        } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                            int from = (int) p.currentTokenLocation().getByteOffset();
                            p.skipChildren();
                            int to = (int) p.currentLocation().getByteOffset();
                            value = Arrays.copyOfRange(line, from, to);
                        } else {
                            throw new IllegalArgumentException("'value' is not a JSON object or a string");
                        }
                    }
                    case "valueBase64" -> {
                        try {
                            value = Base64.getDecoder().decode(string(p, t, field));
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("'valueBase64' is not base64: " + e.getMessage());
                        }
                    }
                    default -> {
                        if (strict) {
                            throw new IllegalArgumentException("'" + field + "' is not a field of an envelope");
                        }
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (value == null) {
            throw new IllegalArgumentException("no 'value' (a JSON object or a string) and no 'valueBase64'");
        }
        return new Envelope(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), headers, timestamp, value);
    }

    private static String string(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("'" + field + "' is not a string");
        }
        return p.getText();
    }
}
