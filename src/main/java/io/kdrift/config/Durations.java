package io.kdrift.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in config files: 500ms, 30s, 5m, 2h, 1d, or ISO-8601 (PT5M). */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    /** {@code off}, where a setting allows it (a bound that does not apply): the longest duration there is. */
    public static final Duration OFF = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    private Durations() {
    }

    public static Duration parse(String text) {
        String s = text.trim();
        if (s.equals("off")) {
            return OFF;
        }
        Matcher m = SHORT.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration; write e.g. 500ms, 30s, 5m, 2h, 1d or PT5M");
        }
    }

    /** Short form for logs and docs: 5m rather than PT5M. */
    public static String format(Duration d) {
        if (d.equals(OFF)) {
            return "off";
        }
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** Jackson deserializer: a string in one of the forms above, or a number of milliseconds. */
    public static final class Deserializer extends StdScalarDeserializer<Duration> {
        public Deserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == com.fasterxml.jackson.core.JsonToken.VALUE_FALSE) {
                return OFF; // YAML reads an unquoted `off` as false
            }
            if (p.currentToken().isNumeric()) {
                return Duration.ofMillis(p.getLongValue());
            }
            String text = p.getValueAsString();
            if (text == null) {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
            }
            try {
                return parse(text);
            } catch (IllegalArgumentException e) {
                return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, e.getMessage());
            }
        }
    }
}
