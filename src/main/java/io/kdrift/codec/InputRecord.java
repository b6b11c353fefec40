package io.kdrift.codec;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * One record of an input or label topic as the formats read it: its value, and where formats keep the rest (topic, key,
 * headers, timestamp). The topology reads a Kafka record through it, replay a line of a file.
 */
public interface InputRecord {
    /** The topic it was read from, or null (replay). */
    String topic();

    /** The record key, or null. */
    byte[] key();

    byte[] value();

    /** The record timestamp: the event time when an event has none; negative if none. */
    long timestamp();

    /** The last header of that name as UTF-8 text, or null. */
    String header(String name);

    /** A record held in memory: {@code headers} by name (the last of each), values as bytes. */
    static InputRecord of(String topic, byte[] key, Map<String, byte[]> headers, byte[] value, long timestamp) {
        return new Held(topic, key, Collections.unmodifiableMap(new HashMap<>(headers)), value, timestamp);
    }

    /** A record held in memory ({@link #of}). */
    record Held(String topic, byte[] key, Map<String, byte[]> headers, byte[] value, long timestamp) implements InputRecord {
        @Override
        public String header(String name) {
            byte[] v = headers.get(name);
            return v == null ? null : new String(v, StandardCharsets.UTF_8);
        }
    }

    /** The key as UTF-8 text; null when there is none or it is empty. */
    default String keyText() {
        byte[] key = key();
        return key == null || key.length == 0 ? null : new String(key, StandardCharsets.UTF_8);
    }
}
