package io.kdrift.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.LabelMapping;
import io.kdrift.event.EventLimits;
import io.kdrift.event.FeatureValue;
import io.kdrift.event.LabelEvent;
import io.kdrift.event.ParseResult;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.RejectReason;
import io.kdrift.testing.BadRecords;
import io.kdrift.testing.RandomCases;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
    void aPredictionCarriesItsIdAsAStringOrAnInteger() {
        assertEquals("req-7f3a", parse("{\"model\":\"m\",\"id\":\"req-7f3a\",\"prediction\":1}").event().id());
        assertEquals("1234567890123456789", parse("{\"model\":\"m\",\"id\":1234567890123456789,\"prediction\":1}").event().id());
        assertNull(parse("{\"model\":\"m\",\"prediction\":1}").event().id());
        assertNull(parse("{\"model\":\"m\",\"id\":null,\"prediction\":1}").event().id());
        ParseResult tooLong = parse("{\"model\":\"m\",\"id\":\"" + "x".repeat(65) + "\",\"prediction\":1}");
        assertEquals(RejectReason.OVERSIZE_STRING, tooLong.rejection().reason(), "the limit of every string (64 in this test)");
    }

    @Test
    void nullFieldsCountAsAbsent() {
        ParseResult r = parse("{\"model\":\"m\",\"timestamp\":null,\"prediction\":1,\"label\":null,\"probabilities\":null}");
        assertTrue(r.isAccepted(), r::toString);
        assertEquals(RECORD_TS, r.event().timestamp());
        assertNull(r.event().label());
    }

    @Test
    void duplicatesInsideFieldsKdriftIgnoresAreLeftAlone() {
        assertTrue(parse("{\"model\":\"m\",\"prediction\":1,\"extra\":{\"k\":1,\"k\":2}}").isAccepted());
    }

    private static final EventLimits LIMITS = new EventLimits(4096, 64, 20, 8);

    static List<BadRecords.Bad> badRecords() {
        return BadRecords.corpus(LIMITS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRecords")
    void everyKindOfBadInputHasItsReason(BadRecords.Bad bad) {
        ParseResult r = PARSER.parse(bad.key(), bad.value(), RECORD_TS);
        assertFalse(r.isAccepted(), () -> "accepted: " + bad);
        assertEquals(bad.reason(), r.rejection().reason(), () -> r.rejection().toString());
        assertFalse(r.rejection().detail().isBlank());
    }

    @Test
    void withoutARecordTimestampAnEventNeedsItsOwn() {
        ParseResult r = PARSER.parse(null, "{\"model\":\"m\",\"prediction\":1}".getBytes(StandardCharsets.UTF_8), -1);
        assertEquals(RejectReason.MISSING_TIMESTAMP, r.rejection().reason());
    }

    static List<BadRecords.Bad> badLabels() {
        return BadRecords.labels(LIMITS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLabels")
    void everyKindOfBadLabelHasItsReason(BadRecords.Bad bad) {
        ParseResult r = PARSER.parseLabel(bad.key(), bad.value(), RECORD_TS);
        assertFalse(r.isAccepted(), () -> "accepted: " + bad);
        assertEquals(bad.reason(), r.rejection().reason(), () -> r.rejection().toString());
    }

    private static final LabelMapping MAPPING = ConfigLoader.parse(
            "labels: {topics: [outcomes], mapping: " + BadRecords.LABEL_MAPPING + "}\n", "t.yaml").labels().mapping();

    static List<BadRecords.Bad> badMappedLabels() {
        return BadRecords.mappedLabels(LIMITS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMappedLabels")
    void everyKindOfBadMappedLabelHasItsReason(BadRecords.Bad bad) {
        ParseResult r = PARSER.parseLabel(bad.key(), bad.value(), RECORD_TS, MAPPING);
        assertFalse(r.isAccepted(), () -> "accepted: " + bad);
        assertEquals(bad.reason(), r.rejection().reason(), () -> r.rejection().toString());
    }

    @Test
    void aMappedLabelIsReadFromItsPointersAndItsRejectionsNameThem() {
        ParseResult r = PARSER.parseLabel("req-9".getBytes(StandardCharsets.UTF_8), ("{\"meta\":{\"model\":\"fraud:v2\",\"id\":\"x\"},"
                + "\"request\":{\"id\":42},\"outcome\":[{\"class\":1.0},{\"class\":\"no\"}],\"resolvedAt\":\"2026-01-05T09:00:00Z\","
                + "\"label\":\"ignored\"}").getBytes(StandardCharsets.UTF_8), RECORD_TS, MAPPING);
        assertEquals(new LabelEvent("fraud:v2", "42", "1", 1_767_603_600_000L), r.label());
        // no model at its pointer: the record key; no time: the record's
        ParseResult keyed = PARSER.parseLabel("churn-v3".getBytes(StandardCharsets.UTF_8),
                "{\"request\":{\"id\":\"r-1\"},\"outcome\":[{\"class\":\"stay\"}]}".getBytes(StandardCharsets.UTF_8), RECORD_TS, MAPPING);
        assertEquals(new LabelEvent("churn-v3", "r-1", "stay", RECORD_TS), keyed.label());
        // a constant model, and pointers with escapes (~1 is "/", ~0 is "~")
        LabelMapping constant = ConfigLoader.parse("""
                labels: {topics: [outcomes], mapping: {model: {constant: churn-v3}, id: "/a~1b", label: "/c~0d"}}
                """, "t.yaml").labels().mapping();
        ParseResult c = PARSER.parseLabel(null, "{\"a/b\":\"r-2\",\"c~d\":\"churn\"}".getBytes(StandardCharsets.UTF_8), RECORD_TS, constant);
        assertEquals(new LabelEvent("churn-v3", "r-2", "churn", RECORD_TS), c.label());
        ParseResult bad = PARSER.parseLabel(null, "{\"meta\":{\"model\":\"m\"},\"request\":{\"id\":[]},\"outcome\":[{\"class\":\"a\"}]}"
                .getBytes(StandardCharsets.UTF_8), RECORD_TS, MAPPING);
        assertEquals("'id' is an array, not a string or an integer (at /request/id)", bad.rejection().detail());
        ParseResult missing = PARSER.parseLabel(null, "{\"meta\":{\"model\":\"m\"},\"outcome\":[{\"class\":\"a\"}]}"
                .getBytes(StandardCharsets.UTF_8), RECORD_TS, MAPPING);
        assertEquals("the label has no id at /request/id (labels.mapping.id)", missing.rejection().detail());
    }

    private static final MappedShape PREDICTIONS = new MappedShape(ConfigLoader.parse(
            "inputs: [{format: mapping, mapping: " + BadRecords.PREDICTION_MAPPING + "}]\n", "t.yaml").inputs().get(0).mapping());

    static List<BadRecords.Bad> badMappedPredictions() {
        return BadRecords.mappedPredictions(LIMITS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMappedPredictions")
    void everyKindOfBadMappedPredictionHasItsReason(BadRecords.Bad bad) {
        List<ParseResult> r = PARSER.parseMapped(bad.value(), RECORD_TS, PREDICTIONS);
        assertEquals(1, r.size());
        assertFalse(r.get(0).isAccepted(), () -> "accepted: " + bad);
        assertEquals(bad.reason(), r.get(0).rejection().reason(), () -> r.get(0).rejection().toString());
    }

    @Test
    void aMappedRecordWithoutItsModelNamesThePointerThatFoundNothing() {
        List<ParseResult> r = PARSER.parseMapped("{\"at\":1,\"rows\":[{\"y\":1}]}".getBytes(StandardCharsets.UTF_8), RECORD_TS, PREDICTIONS);
        assertEquals(RejectReason.MISSING_MODEL, r.get(0).rejection().reason());
        assertEquals("prediction 0 of the batch: no model at /model (input.mapping.model)", r.get(0).rejection().detail());
    }

    @Test
    void aBatchOfAnotherShapeIsOneEventPerElementWithTheRecordsOwnFields() {
        List<ParseResult> r = PARSER.parseMapped(("{\"model\":\"m\",\"at\":\"2026-01-05T09:00:00Z\",\"rows\":["
                + "{\"id\":7,\"y\":\"a\",\"p\":[0.75,0.25],\"x\":{\"amount\":12.5,\"vip\":true},\"truth\":1.0},"
                + "{\"y\":3.5,\"x\":{\"amount\":null}}]}").getBytes(StandardCharsets.UTF_8), RECORD_TS, PREDICTIONS);
        assertEquals(2, r.size());
        PredictionEvent first = r.get(0).event();
        assertEquals("m", first.model());
        assertEquals("7", first.id());
        assertEquals(1_767_603_600_000L, first.timestamp());
        assertEquals("a", first.predictionCategory());
        assertEquals("a", first.className(0));
        assertEquals(0.75, first.probability(0));
        assertEquals(12.5, first.featureNumber(0));
        assertEquals("true", first.featureCategory(1));
        assertEquals("1", first.label());
        PredictionEvent second = r.get(1).event();
        assertEquals(3.5, second.predictionNumber());
        assertEquals(FeatureValue.MISSING, second.featureKind(0));
        assertNull(second.id());
        // probabilities as an array without configured classes: named by their index
        MappedShape indexed = new MappedShape(ConfigLoader.parse("inputs: [{format: mapping, mapping: {model: {constant: m}, probabilities: /p}}]\n",
                "t.yaml").inputs().get(0).mapping());
        PredictionEvent e = PARSER.parseMapped("{\"p\":[0.1,0.9]}".getBytes(StandardCharsets.UTF_8), RECORD_TS, indexed).get(0).event();
        assertEquals("1", e.className(1));
        assertEquals(RECORD_TS, e.timestamp(), "no time mapped: the record's");
        // a rejection names the element and the pointer
        ParseResult bad = PARSER.parseMapped(("{\"model\":\"m\",\"at\":1,\"rows\":[{\"y\":1},{\"y\":[]}]}").getBytes(StandardCharsets.UTF_8),
                RECORD_TS, PREDICTIONS).get(1);
        assertEquals("prediction 1 of the batch: 'prediction' is an array, not a number or string (at /rows/1/y)", bad.rejection().detail());
    }

    @Test
    void aLabelNamesItsPredictionByModelAndId() {
        ParseResult r = PARSER.parseLabel(null, "{\"model\":\"fraud:v2\",\"id\":42,\"label\":1.0,\"timestamp\":\"2026-01-05T09:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8), RECORD_TS);
        assertEquals(new LabelEvent("fraud:v2", "42", "1", 1_767_603_600_000L), r.label());
        // without 'model', the record key; without 'timestamp', the record's
        ParseResult keyed = PARSER.parseLabel("churn-v3".getBytes(StandardCharsets.UTF_8),
                "{\"id\":\"req-1\",\"label\":\"stay\"}".getBytes(StandardCharsets.UTF_8), RECORD_TS);
        assertEquals(new LabelEvent("churn-v3", "req-1", "stay", RECORD_TS), keyed.label());
        // 'model' wins over a key, which label topics often give the prediction id
        ParseResult both = PARSER.parseLabel("req-1".getBytes(StandardCharsets.UTF_8),
                "{\"model\":\"m\",\"id\":\"req-1\",\"label\":\"stay\"}".getBytes(StandardCharsets.UTF_8), RECORD_TS);
        assertEquals("m", both.label().model());
    }

    @Test
    void theCorpusCoversEveryReasonTheParserCanGive() {
        Set<RejectReason> seen = EnumSet.noneOf(RejectReason.class);
        for (BadRecords.Bad bad : badRecords()) {
            seen.add(bad.reason());
        }
        seen.add(RejectReason.MISSING_TIMESTAMP); // only without a record timestamp: tested above
        for (BadRecords.Bad bad : BadRecords.labels(LIMITS)) {
            seen.add(bad.reason());
        }
        for (BadRecords.BadServing bad : BadRecords.servingLayers()) {
            seen.add(bad.reason()); // checked against the serving layers' formats in ServingFormatReadTest
        }
        Set<RejectReason> expected = EnumSet.allOf(RejectReason.class);
        // decided by the label join, tested with the topology
        expected.removeAll(EnumSet.of(RejectReason.LABEL_FOR_UNKNOWN_PREDICTION, RejectReason.DUPLICATE_LABEL, RejectReason.LABEL_NOT_A_NUMBER));
        expected.remove(RejectReason.SIGNAL_TYPE_CONFLICT); // decided by the model's state, tested with the topology
        expected.remove(RejectReason.TIMESTAMP_AHEAD_OF_CLOCK); // decided against the wall clock, tested with the topology
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
