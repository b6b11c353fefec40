package io.kdrift.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two score records (or any JSON of kdrift's) compared as the same scoring of the same events: equal field by field,
 * numbers to 1e-9 relative or one unit of the last place of a field written to 6 decimals (events that reach a model's
 * task in another order are summed as doubles in that order, and a rounded share may round the other way), and the lists
 * of bins ({@code distribution}, {@code topContributors}) as maps by bin: a category's place in them is the order it was
 * first seen in.
 */
public final class SameScores {
    private SameScores() {
    }

    public static void assertSame(JsonNode expected, JsonNode got, String where) {
        if (expected.isNumber() && got.isNumber()) {
            double e = expected.asDouble();
            String text = expected.asText();
            boolean sixPlaces = text.contains(".") && !text.contains("E") && text.length() - text.indexOf('.') - 1 <= 6;
            double tolerance = Math.max(1e-9 * Math.max(1, Math.abs(e)), sixPlaces ? 1.000001e-6 : 0);
            assertTrue(Math.abs(e - got.asDouble()) <= tolerance, where + ": " + expected + " vs " + got);
            return;
        }
        assertEquals(expected.getNodeType(), got.getNodeType(), where + ": " + expected + " vs " + got);
        assertEquals(expected.size(), got.size(), where + ": " + expected + " vs " + got);
        if (expected.isObject()) {
            expected.fieldNames().forEachRemaining(f -> {
                if ((f.equals("distribution") || f.equals("topContributors")) && expected.get(f).isArray()) {
                    Map<String, JsonNode> e = byBin(expected.get(f));
                    Map<String, JsonNode> g = byBin(got.path(f));
                    assertEquals(e.keySet(), g.keySet(), where + "." + f);
                    e.forEach((bin, node) -> assertSame(node, g.get(bin), where + "." + f + "[" + bin + "]"));
                } else {
                    assertSame(expected.get(f), got.path(f), where + "." + f);
                }
            });
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                assertSame(expected.get(i), got.get(i), where + "[" + i + "]");
            }
        } else {
            assertEquals(expected, got, where);
        }
    }

    private static Map<String, JsonNode> byBin(JsonNode bins) {
        Map<String, JsonNode> out = new TreeMap<>();
        bins.forEach(b -> out.put(b.get("bin").asText(), b));
        return out;
    }
}
