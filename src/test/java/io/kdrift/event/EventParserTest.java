package io.kdrift.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.testing.RandomCases;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventParserTest {
    private static final EventParser PARSER = new EventParser(new EventLimits(4096, 64, 20, 8));
    private static final long RECORD_TS = 1_767_600_000_000L;

    private static ParseResult parse(String json) {
        return PARSER.parse(null, json == null ? null : json.getBytes(StandardCharsets.UTF_8), RECORD_TS);
    }

    @Test
    void acceptsAFullEvent() {
        ParseResult r = parse("""
                {"model":"churn-v3","timestamp":"2026-01-05T09:00:00.250+01:00","prediction":"stay",
                 "probabilities":{"stay":0.7,"churn":0.2,"downgrade":0.1},
                 "features":{"age":41,"plan":"pro","vip":true,"income":null},"label":"churn",
                 "requestId":"abc","extra":{"nested":[1,2,{"x":1}]}}""");
        assertTrue(r.isAccepted(), r::toString);
        PredictionEvent e = r.event();
        assertEquals("churn-v3", e.model());
        assertEquals(1_767_600_000_250L, e.timestamp()); // 08:00:00.250Z
        assertEquals("stay", e.predictionCategory());
        assertEquals(3, e.classCount());
        assertEquals(0.7, e.confidence());
        assertEquals(0.2, e.probabilityOf("churn"));
        assertEquals(0.0, e.probabilityOf("unknown"));
        assertEquals(4, e.featureCount());
        assertEquals(FeatureValue.NUMBER, e.featureKind(0));
        assertEquals(41.0, e.featureNumber(0));
        assertEquals("pro", e.featureCategory(1));
        assertEquals("true", e.featureCategory(2));
        assertEquals(FeatureValue.MISSING, e.featureKind(3));
        assertEquals("churn", e.label());
    }

    @Test
    void theRecordKeyIsTheModelAndTheRecordTimestampTheDefaultEventTime() {
        ParseResult r = PARSER.parse("fraud:v2".getBytes(StandardCharsets.UTF_8), "{\"prediction\":0.93}".getBytes(StandardCharsets.UTF_8), RECORD_TS);
        assertTrue(r.isAccepted(), r::toString);
        assertEquals("fraud:v2", r.event().model());
        assertEquals(RECORD_TS, r.event().timestamp());
        assertFalse(r.event().predictionIsCategory());
        assertEquals(0.93, r.event().predictionNumber());
    }

    @Test
    void numericLabelsAreCanonicalSoThatTheyMatchClassNames() {
        ParseResult r = parse("{\"model\":\"m\",\"timestamp\":1,\"probabilities\":{\"0\":0.25,\"1\":0.75},\"label\":1.0}");
        assertEquals("1", r.event().label());
        assertEquals(0.75, r.event().probabilityOf(r.event().label()));
    }

    @Test
    void probabilitiesWithinTheToleranceAreAccepted() {
        assertTrue(parse("{\"model\":\"m\",\"probabilities\":{\"a\":0.3333,\"b\":0.3333,\"c\":0.3333}}").isAccepted());
    }

    @Test
    void nullFieldsCountAsAbsent() {
        ParseResult r = parse("{\"model\":\"m\",\"timestamp\":null,\"prediction\":1,\"label\":null,\"probabilities\":null}");
        assertTrue(r.isAccepted(), r::toString);
        assertEquals(RECORD_TS, r.event().timestamp());
        assertNull(r.event().label());
    }

    static Object[][] badRecords() {
        String deep = "{\"model\":\"m\",\"prediction\":1,\"x\":" + "[".repeat(20) + "]".repeat(20) + "}";
        return new Object[][] {
            {null, RejectReason.EMPTY_RECORD},
            {"", RejectReason.EMPTY_RECORD},
            {"   ", RejectReason.EMPTY_RECORD},
            {"{\"model\":\"m\",\"prediction\":\"" + "x".repeat(5000) + "\"}", RejectReason.OVERSIZE_RECORD},
            {"{\"model\":\"m\",\"prediction\":1", RejectReason.INVALID_JSON},
            {"{model:\"m\"}", RejectReason.INVALID_JSON},
            {"[1,2]", RejectReason.NOT_AN_OBJECT},
            {"42", RejectReason.NOT_AN_OBJECT},
            {"{\"model\":\"m\",\"prediction\":1} {}", RejectReason.TRAILING_DATA},
            {"{\"model\":\"m\",\"prediction\":1,\"prediction\":2}", RejectReason.DUPLICATE_FIELD},
            {deep, RejectReason.TOO_DEEP},
            {"{\"model\":\"m\",\"prediction\":\"" + "x".repeat(65) + "\"}", RejectReason.OVERSIZE_STRING},
            {"{\"model\":\"m\",\"features\":{" + manyFeatures(21) + "}}", RejectReason.TOO_MANY_ENTRIES},
            {"{\"prediction\":1}", RejectReason.MISSING_MODEL},
            {"{\"model\":\"has space\",\"prediction\":1}", RejectReason.INVALID_MODEL},
            {"{\"model\":\"\",\"prediction\":1}", RejectReason.INVALID_MODEL},
            {"{\"model\":\"" + "m".repeat(129) + "\",\"prediction\":1}", RejectReason.INVALID_MODEL},
            {"{\"model\":42,\"prediction\":1}", RejectReason.INVALID_MODEL},
            {"{\"model\":\"m\",\"timestamp\":\"yesterday\",\"prediction\":1}", RejectReason.INVALID_TIMESTAMP},
            {"{\"model\":\"m\",\"timestamp\":\"2026-01-05T09:00:00\",\"prediction\":1}", RejectReason.INVALID_TIMESTAMP},
            {"{\"model\":\"m\",\"timestamp\":true,\"prediction\":1}", RejectReason.INVALID_TIMESTAMP},
            {"{\"model\":\"m\",\"timestamp\":-5,\"prediction\":1}", RejectReason.TIMESTAMP_OUT_OF_RANGE},
            {"{\"model\":\"m\",\"timestamp\":99999999999999999999,\"prediction\":1}", RejectReason.TIMESTAMP_OUT_OF_RANGE},
            {"{\"model\":\"m\",\"timestamp\":1}", RejectReason.NO_SIGNALS},
            {"{\"model\":\"m\",\"features\":{}}", RejectReason.NO_SIGNALS},
            {"{\"model\":\"m\",\"prediction\":[1]}", RejectReason.INVALID_PREDICTION},
            {"{\"model\":\"m\",\"prediction\":true}", RejectReason.INVALID_PREDICTION},
            {"{\"model\":\"m\",\"prediction\":NaN}", RejectReason.NON_FINITE_NUMBER},
            {"{\"model\":\"m\",\"prediction\":1e999}", RejectReason.NON_FINITE_NUMBER},
            {"{\"model\":\"m\",\"features\":{\"x\":-Infinity}}", RejectReason.NON_FINITE_NUMBER},
            {"{\"model\":\"m\",\"probabilities\":[0.5,0.5]}", RejectReason.INVALID_PROBABILITIES},
            {"{\"model\":\"m\",\"probabilities\":{}}", RejectReason.INVALID_PROBABILITIES},
            {"{\"model\":\"m\",\"probabilities\":{\"a\":\"0.5\",\"b\":0.5}}", RejectReason.INVALID_PROBABILITIES},
            {"{\"model\":\"m\",\"probabilities\":{\"a\":-0.5,\"b\":1.5}}", RejectReason.PROBABILITY_OUT_OF_RANGE},
            {"{\"model\":\"m\",\"probabilities\":{\"a\":0.5,\"b\":0.49}}", RejectReason.PROBABILITIES_NOT_NORMALIZED},
            {"{\"model\":\"m\",\"features\":[1,2]}", RejectReason.INVALID_FEATURES},
            {"{\"model\":\"m\",\"features\":{\"x\":{\"y\":1}}}", RejectReason.INVALID_FEATURE},
            {"{\"model\":\"m\",\"features\":{\"x\":[1]}}", RejectReason.INVALID_FEATURE},
            {"{\"model\":\"m\",\"features\":{\"\":1}}", RejectReason.INVALID_FEATURE},
            {"{\"model\":\"m\",\"prediction\":1,\"label\":true}", RejectReason.INVALID_LABEL},
            {"{\"model\":\"m\",\"prediction\":1,\"label\":{}}", RejectReason.INVALID_LABEL},
        };
    }

    private static String manyFeatures(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        return sb.toString();
    }

    @ParameterizedTest
    @MethodSource("badRecords")
    void everyKindOfBadInputHasItsReason(String json, RejectReason expected) {
        ParseResult r = parse(json);
        assertFalse(r.isAccepted(), () -> "accepted: " + json);
        assertEquals(expected, r.rejection().reason(), () -> r.rejection().toString());
        assertFalse(r.rejection().detail().isBlank());
    }

    @Test
    void invalidUtf8IsNamedAsSuch() {
        byte[] bytes = "{\"model\":\"m\",\"prediction\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        // cut the two-byte é in half: a lone lead byte followed by a quote
        byte[] broken = new byte[bytes.length - 1];
        int cut = indexOf(bytes, (byte) 0xC3);
        System.arraycopy(bytes, 0, broken, 0, cut + 1);
        System.arraycopy(bytes, cut + 2, broken, cut + 1, bytes.length - cut - 2);
        assertEquals(RejectReason.INVALID_UTF8, PARSER.parse(null, broken, RECORD_TS).rejection().reason());
        byte[] badKey = {(byte) 0xFF, (byte) 0xFE};
        assertEquals(RejectReason.INVALID_UTF8,
                PARSER.parse(badKey, "{\"prediction\":1}".getBytes(StandardCharsets.UTF_8), RECORD_TS).rejection().reason());
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException();
    }

    @Test
    void aKeyThatContradictsTheModelFieldIsRejected() {
        ParseResult r = PARSER.parse("a".getBytes(StandardCharsets.UTF_8), "{\"model\":\"b\",\"prediction\":1}".getBytes(StandardCharsets.UTF_8), RECORD_TS);
        assertEquals(RejectReason.MODEL_MISMATCH, r.rejection().reason());
    }

    @Test
    void withoutARecordTimestampAnEventNeedsItsOwn() {
        ParseResult r = PARSER.parse(null, "{\"model\":\"m\",\"prediction\":1}".getBytes(StandardCharsets.UTF_8), -1);
        assertEquals(RejectReason.MISSING_TIMESTAMP, r.rejection().reason());
    }

    @Test
    void theCorpusCoversEveryReasonTheParserCanGive() {
        Set<RejectReason> seen = EnumSet.noneOf(RejectReason.class);
        for (Object[] row : badRecords()) {
            seen.add((RejectReason) row[1]);
        }
        seen.add(RejectReason.INVALID_UTF8);
        seen.add(RejectReason.MODEL_MISMATCH);
        seen.add(RejectReason.MISSING_TIMESTAMP);
        Set<RejectReason> expected = EnumSet.allOf(RejectReason.class);
        expected.remove(RejectReason.SIGNAL_TYPE_CONFLICT); // decided by the model's state, tested with the topology
        assertEquals(expected, seen);
    }

    /** Random mutations of valid events: the parser gives an event or a reason, never an exception. */
    @Test
    void mutatedEventsGiveAnEventOrAReasonNeverAnException() {
        byte[] valid = """
                {"model":"m-1","timestamp":1767600000000,"prediction":"a","probabilities":{"a":0.6,"b":0.4},
                 "features":{"x":1.5,"y":"k","z":false,"w":null},"label":"b"}""".getBytes(StandardCharsets.UTF_8);
        byte[] alphabet = "{}[]\":,.-+eE0123456789 truefalsnNaI\\u\u00ff\u0000".getBytes(StandardCharsets.ISO_8859_1);
        RandomCases.forEach(7_000, 20_000, random -> {
            byte[] b = valid.clone();
            int edits = 1 + random.nextInt(6);
            for (int i = 0; i < edits; i++) {
                int at = random.nextInt(b.length);
                switch (random.nextInt(3)) {
                    case 0 -> b[at] = alphabet[random.nextInt(alphabet.length)];
                    case 1 -> b = java.util.Arrays.copyOf(b, Math.max(0, at)); // truncate
                    default -> b[at] = (byte) random.nextInt(256);
                }
                if (b.length == 0) {
                    break;
                }
            }
            ParseResult r = PARSER.parse(null, b, RECORD_TS);
            assertTrue(r.isAccepted() != (r.rejection() != null));
            if (!r.isAccepted()) {
                assertTrue(r.rejection().detail() != null && !r.rejection().detail().isBlank());
            }
        });
    }
}
