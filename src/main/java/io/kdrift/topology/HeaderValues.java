package io.kdrift.topology;

import java.nio.charset.StandardCharsets;

/** The values of the headers kdrift writes: text, in UTF-8. */
final class HeaderValues {
    private HeaderValues() {
    }

    /** {@code String.valueOf(value)} in UTF-8: a number, an {@link java.time.Instant} (ISO-8601) or a string. */
    static byte[] utf8(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    /** The last value of header {@code name} as text, or null when the record has none. */
    static String string(org.apache.kafka.common.header.Headers headers, String name) {
        org.apache.kafka.common.header.Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
