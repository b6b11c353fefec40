package io.kdrift.topology;

import static io.kdrift.topology.DriftDriver.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kdrift.drift.StateCodec;
import io.kdrift.drift.WindowState;
import io.kdrift.event.RejectReason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftTopologyTest {
    private static final String ROLLING_2 = """
            window: {size: 1m, grace: 10s, idleAfter: 1m}
            reference: {mode: rolling, windows: 2}
            scoring: {minCount: 1}
            """;
    private static final long S = 1000;

    @TempDir
    Path stateDir;

    private static JsonNode only(List<JsonNode> records, String model, String signal) {
        List<JsonNode> matching = records.stream()
                .filter(r -> r.get("model").asText().equals(model) && r.get("signal").asText().equals(signal))
                .collect(Collectors.toList());
        assertEquals(1, matching.size(), () -> "records of " + model + "/" + signal + " in " + records);
        return matching.get(0);
    }

    @Test
    void aWindowIsScoredOnceAndOnlyWhenItCloses() {
        try (DriftDriver d = new DriftDriver(ROLLING_2, stateDir)) {
            for (long t = 0; t <= 50; t += 10) {
                d.prediction("m", t * S, "a");
            }
            assertEquals(List.of(), d.scores());
            d.prediction("m", 65 * S, "a"); // next window; stream time 65 s < end 60 s + grace 10 s
            assertEquals(List.of(), d.scores());
            d.prediction("m", 70 * S, "b"); // stream time reaches 70 s: the first window closes
            List<JsonNode> closed = d.scores();
            JsonNode r = only(closed, "m", "prediction");
            assertEquals(2, closed.size(), "prediction and the model's events record");
            assertEquals(6, only(closed, "m", "events").get("currentCount").asLong());
            assertEquals("2026-01-05T09:00:00Z", r.get("windowStart").asText());
            assertEquals("2026-01-05T09:01:00Z", r.get("windowEnd").asText());
            assertEquals(6, r.get("currentCount").asLong());
            assertEquals("warming_up", r.get("status").asText());
            assertTrue(r.get("kl").isNull());
            d.prediction("m", 80 * S, "a");
            d.prediction("m", 119 * S, "a");
            assertEquals(List.of(), d.scores(), "no second emission of a closed window");
        }
    }

    @Test
    void oneEventDatedFarAheadOfTheClockIsADeadLetterAndMovesNoStreamTime() {
        try (DriftDriver d = new DriftDriver(ROLLING_2, stateDir)) {
            d.prediction("m", 0, "a");
            d.send("{\"model\":\"m\",\"timestamp\":\"2099-01-01T00:00:00Z\",\"prediction\":\"a\"}");
            List<TestRecord<byte[], byte[]>> dead = d.deadLetters();
            assertEquals(1, dead.size());
            assertEquals("timestamp_ahead_of_clock", DriftDriver.header(dead.get(0), "kdrift.reason"));
            assertTrue(DriftDriver.header(dead.get(0), "kdrift.detail").contains("2099-01-01T00:00:00Z"), DriftDriver.header(dead.get(0), "kdrift.detail"));
            assertEquals(1, d.counters.rejectedCount(RejectReason.TIMESTAMP_AHEAD_OF_CLOCK));
            // the events after it are on time: had 2099 become stream time, all of them would be late
            for (long t = 10; t <= 70; t += 10) {
                d.prediction("m", t * S, "a");
            }
            assertEquals(0, d.counters.lateCount());
            assertEquals(6, only(d.scores(), "m", "prediction").get("currentCount").asLong());
        }
    }

    @Test
    void anEventJustWithinTheBoundIsScoredAndTheBoundCanBeOff() {
        long soon = System.currentTimeMillis() + 60_000; // the default bound is 5 minutes
        try (DriftDriver d = new DriftDriver(ROLLING_2, stateDir)) {
            d.send("{\"model\":\"m\",\"timestamp\":" + soon + ",\"prediction\":\"a\"}");
            assertEquals(List.of(), d.deadLetters());
        }
        try (DriftDriver d = new DriftDriver(ROLLING_2.replace("idleAfter: 1m}", "idleAfter: 1m, maxAhead: off}"), stateDir.resolve("off"))) {
            d.send("{\"model\":\"m\",\"timestamp\":\"2099-01-01T00:00:00Z\",\"prediction\":\"a\"}");
            assertEquals(List.of(), d.deadLetters());
            assertEquals(1, d.counters.acceptedCount());
        }
    }

    @Test
    void outputRecordsCarryTheWallClockNotTheEventTimeOfTheirWindow() {
        try (DriftDriver d = new DriftDriver(ROLLING_2, stateDir)) {
            d.advanceWallClock(Duration.ofDays(20_000)); // the driver's wall clock: 2024-10-04, far from the events' 2026
            long wallClock = Duration.ofDays(20_000).toMillis();
            for (long t = 0; t <= 70; t += 10) {
                d.prediction("m", t * S, "a");
            }
            d.send("not json");
            List<TestRecord<String, byte[]>> scores = d.scoreRecords();
            assertTrue(!scores.isEmpty());
            for (TestRecord<String, byte[]> r : scores) {
                assertEquals(wallClock, r.timestamp(), "score record timestamp");
            }
            TestRecord<byte[], byte[]> dead = d.deadLetters().get(0);
            assertEquals(wallClock, dead.timestamp(), "dead letter timestamp");
            assertEquals(Long.toString(T0), DriftDriver.header(dead, "kdrift.source.timestamp"));
        }
    }

    @Test
    void eventsWithinGraceCountAndLaterOnesAreCountedAsLateNotScored() {
        try (DriftDriver d = new DriftDriver(ROLLING_2, stateDir)) {
            d.prediction("m", 10 * S, "a");
            d.prediction("m", 20 * S, "a");
            d.prediction("m", 30 * S, "a");
            d.prediction("m", 65 * S, "b");
            d.prediction("m", 55 * S, "a"); // out of order, but within grace: counts in the first window
            assertEquals(0, d.counters.lateCount());
            d.prediction("m", 70 * S, "b");
            assertEquals(4, only(d.scores(), "m", "prediction").get("currentCount").asLong());
            d.prediction("m", 30 * S, "a"); // its window has closed
            assertEquals(1, d.counters.lateCount());
            d.prediction("m", 130 * S, "b"); // closes the second window
            JsonNode second = only(d.scores(), "m", "prediction");
            assertEquals("2026-01-05T09:01:00Z", second.get("windowStart").asText());
            assertEquals(2, second.get("currentCount").asLong(), "the late event is in no window");
            assertEquals(4, second.get("referenceCount").asLong());
            assertEquals(7, d.counters.acceptedCount());
        }
    }

    @Test
    void aModelThatGoesQuietShowsZeroEventsAndTheVolumeRuleFires() {
        try (DriftDriver d = new DriftDriver(ROLLING_2, stateDir)) {
            for (int w = 0; w <= 5; w++) {
                for (int i = 0; i < 3; i++) {
                    d.prediction("busy", w * 60 * S + i * S, "a");
                    if (w < 2) {
                        d.prediction("quiet", w * 60 * S + i * S, "a"); // stops after two windows
                    }
                }
            }
            List<JsonNode> quiet = d.scores().stream()
                    .filter(r -> r.get("model").asText().equals("quiet") && r.get("signal").asText().equals("events"))
                    .collect(Collectors.toList());
            // windows 0 and 1 with events, then 2 and 3 reported empty; no more (reference.windows = 2)
            assertEquals(List.of("09:00", "09:01", "09:02", "09:03"),
                    quiet.stream().map(r -> r.get("windowStart").asText().substring(11, 16)).collect(Collectors.toList()));
            assertEquals(0, quiet.get(2).get("currentCount").asLong());
            assertEquals(0.0, quiet.get(2).get("volumeRatio").asDouble());
            assertEquals(6, quiet.get(2).get("referenceCount").asLong());
            List<JsonNode> alerts = d.alerts();
            assertEquals(1, alerts.size(), alerts.toString());
            assertEquals("KdriftVolumeDrop", alerts.get(0).get("rule").asText());
            assertEquals("quiet", alerts.get(0).get("model").asText());
            assertEquals("2026-01-05T09:04:00Z", alerts.get(0).get("startsAt").asText(), "after two quiet windows");
        }
    }

    @Test
    void lateEventsGoToTheLateTopicWhenThereIsOne() {
        try (DriftDriver d = new DriftDriver(ROLLING_2 + "topics: {late: predictions-late}\n", stateDir)) {
            d.prediction("m", 10 * S, "a");
            d.prediction("m", 75 * S, "a");
            String late = "{\"model\":\"m\",\"timestamp\":" + (T0 + 20 * S) + ",\"prediction\":\"b\"}";
            d.send(late);
            var lateTopic = d.driver.createOutputTopic("predictions-late", new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TestRecord<byte[], byte[]>> records = lateTopic.readRecordsToList();
            assertEquals(1, records.size());
            assertArrayEquals(late.getBytes(StandardCharsets.UTF_8), records.get(0).value(), "original bytes");
            assertEquals("2026-01-05T09:00:00Z", DriftDriver.header(records.get(0), "kdrift.window.start"));
            assertEquals("2026-01-05T09:01:15Z", DriftDriver.header(records.get(0), "kdrift.stream.time"));
            assertEquals(0, records.get(0).timestamp(), "stamped with the driver's wall clock (the epoch), not the event's 2026");
            assertEquals(1, d.counters.lateCount());
        }
    }

    @Test
    void twoModelsNeverMixWhetherKeyedOrNot() {
        try (DriftDriver d = new DriftDriver(ROLLING_2, stateDir)) {
            for (int i = 0; i < 4; i++) {
                d.send("x", "{\"timestamp\":" + (T0 + i * S) + ",\"prediction\":\"a\"}");
                d.prediction("y", i * S, i < 3 ? "b" : "c");
            }
            d.prediction("y", 61 * S, "b");
            d.send("x", "{\"timestamp\":" + (T0 + 61 * S) + ",\"prediction\":\"a\"}");
            d.prediction("y", 75 * S, "b");
            // y's records hop (no key), x's are read in place: the partition's clock is the lesser of the two until its
            // progress marker, a second later, brings both to 75 s
            assertEquals(List.of(), d.scores(), "x read in place has come to 61 s only");
            d.tick();
            List<JsonNode> first = d.scores();
            assertEquals(4, first.size(), "prediction and events of each model");
            assertEquals(4, only(first, "x", "prediction").get("currentCount").asLong());
            assertEquals(4, only(first, "y", "prediction").get("currentCount").asLong());
            d.prediction("y", 135 * S, "b");
            d.tick();
            List<JsonNode> second = d.scores();
            JsonNode x = only(second, "x", "prediction");
            JsonNode y = only(second, "y", "prediction");
            assertEquals(4, x.get("referenceCount").asLong());
            assertEquals(1, x.get("currentCount").asLong());
            assertEquals(4, y.get("referenceCount").asLong());
            assertEquals(2, y.get("currentCount").asLong());
            // x saw one category, y two: the bins kept differ
            assertEquals(1, x.get("bins").asInt());
            assertEquals(2, y.get("bins").asInt());
            assertEquals(List.of(), d.deadLetters());
        }
    }

    /** Sends windows of categorical predictions, each given as its category counts, then closes them all. */
    private static List<List<JsonNode>> windows(DriftDriver d, List<Map<String, Integer>> windows) {
        List<List<JsonNode>> out = new java.util.ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            long offset = w * 60 * S + S;
            for (Map.Entry<String, Integer> e : windows.get(w).entrySet()) {
                for (int i = 0; i < e.getValue(); i++) {
                    d.prediction("m", offset++, e.getKey());
                }
            }
            d.prediction("other", w * 60 * S + 15 * S, "z"); // moves stream time past the previous window's grace
            out.add(d.scores().stream().filter(r -> r.get("model").asText().equals("m")).collect(Collectors.toList()));
        }
        return out;
    }

    private static final List<Map<String, Integer>> FOUR_WINDOWS = List.of(
            Map.of("a", 3, "b", 1),
            Map.of("a", 1, "b", 2),
            Map.of("a", 2, "b", 2, "c", 1),
            Map.of("a", 1, "b", 1, "c", 3),
            Map.of("a", 1));

    @Test
    void theRollingReferenceIsTheMergeOfExactlyThePreviousNWindows() {
        try (DriftDriver d = new DriftDriver(ROLLING_2, stateDir)) {
            List<List<JsonNode>> closed = windows(d, FOUR_WINDOWS);
            // closed.get(w) holds what was emitted while window w was being filled: window w-1's scores
            JsonNode w0 = only(closed.get(1), "m", "prediction");
            assertEquals("warming_up", w0.get("status").asText());
            assertEquals(4, w0.get("currentCount").asLong());

            JsonNode w1 = only(closed.get(2), "m", "prediction");
            assertEquals("ok", w1.get("status").asText());
            assertEquals(1, w1.get("referenceWindows").asInt());
            assertEquals(4, w1.get("referenceCount").asLong()); // W0: a3 b1
            assertEquals(0.21671726382703554, w1.get("kl").asDouble(), 1e-12); // scipy: r=[3,1], c=[1,2], α=0.5
            JsonNode volume = only(closed.get(2), "m", "events");
            assertEquals(4, volume.get("referenceCount").asLong());
            assertEquals(3, volume.get("currentCount").asLong());
            assertEquals(0.75, volume.get("volumeRatio").asDouble(), 1e-12, "3 events against a mean of 4 per reference window");

            JsonNode w2 = only(closed.get(3), "m", "prediction");
            assertEquals(2, w2.get("referenceWindows").asInt());
            assertEquals(7, w2.get("referenceCount").asLong()); // W0+W1: a4 b3
            assertEquals(3, w2.get("bins").asInt());
            assertEquals(0.11684032821705306, w2.get("kl").asDouble(), 1e-12); // r=[4,3,0], c=[2,2,1]

            JsonNode w3 = only(closed.get(4), "m", "prediction");
            assertEquals(2, w3.get("referenceWindows").asInt());
            assertEquals(8, w3.get("referenceCount").asLong()); // W1+W2: a3 b4 c1, W0 dropped
            assertEquals(0.3192841698509804, w3.get("kl").asDouble(), 1e-12); // r=[3,4,1], c=[1,1,3]
            // what moved: b fell from 4/8 to 1/5, a from 3/8 to 1/5; c rose, so it adds nothing to KL(P‖Q)
            JsonNode top = w3.get("topContributors");
            assertEquals(2, top.size());
            assertEquals("b", top.get(0).get("bin").asText());
            assertEquals(0.5, top.get(0).get("referenceShare").asDouble(), 1e-6);
            assertEquals(0.2, top.get(0).get("currentShare").asDouble(), 1e-6);
            assertEquals("a", top.get(1).get("bin").asText());
            // W1 and W2 had 3 and 5 events: a mean of 4; W3 has 5
            assertEquals(1.25, only(closed.get(4), "m", "events").get("volumeRatio").asDouble(), 1e-12);
        }
    }

    @Test
    void theFixedReferenceFreezesAfterNWindows() {
        String yaml = ROLLING_2.replace("mode: rolling", "mode: fixed");
        try (DriftDriver d = new DriftDriver(yaml, stateDir)) {
            List<List<JsonNode>> closed = windows(d, FOUR_WINDOWS);
            assertEquals("warming_up", only(closed.get(1), "m", "prediction").get("status").asText());
            assertEquals("warming_up", only(closed.get(2), "m", "prediction").get("status").asText());
            JsonNode w2 = only(closed.get(3), "m", "prediction");
            assertEquals("ok", w2.get("status").asText());
            assertEquals(7, w2.get("referenceCount").asLong());
            JsonNode w3 = only(closed.get(4), "m", "prediction");
            assertEquals(7, w3.get("referenceCount").asLong(), "still W0+W1");
            assertEquals(2, w3.get("referenceWindows").asInt());
            assertEquals(0.5477763352681498, w3.get("kl").asDouble(), 1e-12); // r=[4,3,0], c=[1,1,3]
        }
    }

    @Test
    void belowTheMinimumCountTheStatusSaysSo() {
        String yaml = ROLLING_2.replace("minCount: 1", "minCount: 4");
        try (DriftDriver d = new DriftDriver(yaml, stateDir)) {
            List<List<JsonNode>> closed = windows(d, FOUR_WINDOWS);
            assertEquals("insufficient_data", only(closed.get(2), "m", "prediction").get("status").asText()); // W1: 3 events
            assertEquals("ok", only(closed.get(3), "m", "prediction").get("status").asText()); // W2: 5 events
            assertTrue(only(closed.get(2), "m", "prediction").get("kl").isNumber(), "scored all the same");
        }
    }

    @Test
    void badInputReachesTheDeadLetterTopicWithItsReasonWhileGoodEventsFlow() {
        Map<String, RejectReason> bad = new java.util.LinkedHashMap<>();
        bad.put("not json", RejectReason.INVALID_JSON);
        bad.put("{\"prediction\":1}", RejectReason.MISSING_MODEL);
        bad.put("{\"model\":\"m\",\"timestamp\":\"soon\",\"prediction\":\"a\"}", RejectReason.INVALID_TIMESTAMP);
        bad.put("{\"model\":\"m\",\"probabilities\":{\"a\":0.9,\"b\":0.9}}", RejectReason.PROBABILITIES_NOT_NORMALIZED);
        bad.put("{\"model\":\"m\",\"prediction\":NaN}", RejectReason.NON_FINITE_NUMBER);
        bad.put("[]", RejectReason.NOT_AN_OBJECT);
        try (DriftDriver d = new DriftDriver(ROLLING_2, stateDir)) {
            int good = 0;
            for (Map.Entry<String, RejectReason> e : bad.entrySet()) {
                d.prediction("m", good * S, "a");
                good++;
                d.send(e.getKey());
            }
            d.sendBytes(null, null);
            d.sendBytes("k".getBytes(StandardCharsets.UTF_8), "{\"model\":\"other\",\"prediction\":1}".getBytes(StandardCharsets.UTF_8));
            d.prediction("m", 50 * S, "a");
            good++;
            List<TestRecord<byte[], byte[]>> dlq = d.deadLetters();
            assertEquals(bad.size() + 2, dlq.size());
            int i = 0;
            for (Map.Entry<String, RejectReason> e : bad.entrySet()) {
                TestRecord<byte[], byte[]> r = dlq.get(i++);
                assertEquals(e.getValue().code(), DriftDriver.header(r, "kdrift.reason"));
                assertArrayEquals(e.getKey().getBytes(StandardCharsets.UTF_8), r.value(), "original bytes");
                assertEquals("predictions", DriftDriver.header(r, "kdrift.source.topic"));
                assertTrue(DriftDriver.header(r, "kdrift.detail").length() > 5);
            }
            assertEquals(RejectReason.EMPTY_RECORD.code(), DriftDriver.header(dlq.get(i++), "kdrift.reason"));
            TestRecord<byte[], byte[]> mismatch = dlq.get(i);
            assertEquals(RejectReason.MODEL_MISMATCH.code(), DriftDriver.header(mismatch, "kdrift.reason"));
            assertArrayEquals("k".getBytes(StandardCharsets.UTF_8), mismatch.key(), "original key");
            for (RejectReason r : bad.values()) {
                assertEquals(1, d.counters.rejectedCount(r), r.code());
            }
            assertEquals(bad.size() + 2, d.counters.rejectedCount());

            d.prediction("m", 75 * S, "a");
            assertEquals(good, only(d.scores(), "m", "prediction").get("currentCount").asLong());
        }
    }

    @Test
    void anEventRejectedAfterTheHopByModelGoesToTheDeadLetterTopicAsItsRecordWasWritten() {
        // without a key, the event crosses the hop by model and is judged after it
        try (DriftDriver d = new DriftDriver(ROLLING_2, stateDir)) {
            String first = "{\"model\":\"m\",\"timestamp\":" + T0 + ",\"prediction\":\"a\",\"features\":{\"x\":1}}";
            String second = "{ \"features\": {\"x\": \"one\"}, \"prediction\": \"a\", \"timestamp\": " + (T0 + S) + ", \"model\": \"m\" }";
            d.send(first);
            d.send(second);
            List<TestRecord<byte[], byte[]>> dlq = d.deadLetters();
            assertEquals(1, dlq.size());
            assertEquals("signal_type_conflict", DriftDriver.header(dlq.get(0), "kdrift.reason"));
            assertArrayEquals(second.getBytes(StandardCharsets.UTF_8), dlq.get(0).value(), "the record's own bytes, not kdrift's JSON of them");
            assertEquals("predictions", DriftDriver.header(dlq.get(0), "kdrift.source.topic"));
            d.send("{\"model\":\"m\",\"timestamp\":" + (T0 + 75 * S) + ",\"prediction\":\"a\"}");
            d.tick();
            assertEquals(1, only(d.scores(), "m", "feature.x").get("currentCount").asLong());
        }
    }

    @Test
    void aValueOfTheOtherTypeThanBeforeIsRejectedWhole() {
        try (DriftDriver d = new DriftDriver(ROLLING_2, stateDir)) {
            d.send("m", "{\"timestamp\":" + T0 + ",\"prediction\":\"a\",\"features\":{\"x\":1}}");
            d.send("m", "{\"timestamp\":" + (T0 + S) + ",\"prediction\":\"a\",\"features\":{\"x\":\"one\"}}");
            List<TestRecord<byte[], byte[]>> dlq = d.deadLetters();
            assertEquals(1, dlq.size());
            assertEquals("signal_type_conflict", DriftDriver.header(dlq.get(0), "kdrift.reason"));
            assertTrue(DriftDriver.header(dlq.get(0), "kdrift.detail").contains("feature.x"));
            d.prediction("m", 75 * S, "a");
            d.tick(); // its partition's progress reaches what was read in place
            List<JsonNode> s = d.scores();
            assertEquals(1, only(s, "m", "prediction").get("currentCount").asLong(), "nothing of the rejected event counted");
            assertEquals(1, only(s, "m", "feature.x").get("currentCount").asLong());
        }
    }

    @Test
    void probabilitiesAreSoftCountsAndLogLossIsTheMeanCrossEntropyOfTheTruth() {
        try (DriftDriver d = new DriftDriver(ROLLING_2, stateDir)) {
            d.send("{\"model\":\"c\",\"timestamp\":" + T0 + ",\"probabilities\":{\"a\":0.8,\"b\":0.2},\"label\":\"a\"}");
            d.send("{\"model\":\"c\",\"timestamp\":" + (T0 + S) + ",\"probabilities\":{\"a\":0.4,\"b\":0.6},\"label\":\"a\"}");
            d.send("{\"model\":\"c\",\"timestamp\":" + (T0 + 2 * S) + ",\"probabilities\":{\"a\":0.5,\"b\":0.5}}");
            d.prediction("c", 75 * S, "a");
            List<JsonNode> s = d.scores();
            assertEquals(3.0, only(s, "c", "probabilities").get("currentCount").asDouble(), 1e-12);
            assertEquals(3, only(s, "c", "confidence").get("currentCount").asLong());
            assertEquals(2, only(s, "c", "label").get("currentCount").asLong());
            JsonNode logLoss = only(s, "c", "log_loss");
            assertEquals((-Math.log(0.8) - Math.log(0.4)) / 2, logLoss.get("logLoss").asDouble(), 1e-12);
            assertEquals(2, logLoss.get("currentCount").asLong());
            assertTrue(logLoss.get("kl").isNull() && logLoss.get("bins").isNull());
        }
    }

    @Test
    void quantileEdgesAreLearnedFromTheFirstValuesThenFrozen() {
        String yaml = ROLLING_2 + "binning: {numeric: {type: quantile, bins: 2, sample: 4}}\n";
        try (DriftDriver d = new DriftDriver(yaml, stateDir)) {
            double[] first = {1, 2, 3, 4}; // edges 1, 2.5, 4: bins [1,2.5) and [2.5,4] hold two each
            double[] second = {0, 5, 5, 2}; // underflow 1, [1,2.5) 1, overflow 2
            for (int i = 0; i < 4; i++) {
                d.send("{\"model\":\"q\",\"timestamp\":" + (T0 + i * S) + ",\"features\":{\"v\":" + first[i] + "}}");
            }
            for (int i = 0; i < 4; i++) {
                d.send("{\"model\":\"q\",\"timestamp\":" + (T0 + 60 * S + i * S) + ",\"features\":{\"v\":" + second[i] + "}}");
            }
            d.send("{\"model\":\"q\",\"timestamp\":" + (T0 + 135 * S) + ",\"features\":{\"v\":3}}");
            List<JsonNode> s = d.scores();
            assertEquals(4, s.size(), "feature.v and events, two windows");
            JsonNode w1 = s.get(2);
            assertEquals("feature.v", w1.get("signal").asText());
            assertEquals(4, w1.get("bins").asInt());
            assertEquals(0.6577722899915206, w1.get("kl").asDouble(), 1e-12); // scipy: r=[0,2,2,0], c=[1,1,0,2]
        }
    }

    @Test
    void aSignalWarmsUpUntilItsQuantileSampleIsFullThenEarlierWindowsAreBinnedToo() {
        String yaml = ROLLING_2 + "binning: {numeric: {type: quantile, bins: 2, sample: 6}}\n";
        try (DriftDriver d = new DriftDriver(yaml, stateDir)) {
            for (int i = 0; i < 4; i++) {
                d.send("{\"model\":\"q\",\"timestamp\":" + (T0 + i * S) + ",\"features\":{\"v\":" + (i + 1) + "}}");
            }
            d.send("{\"model\":\"q\",\"timestamp\":" + (T0 + 75 * S) + ",\"features\":{\"v\":5}}");
            JsonNode w0 = d.scores().get(0);
            assertEquals("warming_up", w0.get("status").asText());
            assertEquals(4, w0.get("currentCount").asLong());
            // the sixth value fixes the edges at the quantiles of 1..6: 1, 3.5, 6; window 0 (1,2,3,4), now
            // in the reference, is binned with them: [1,3.5) 3, [3.5,6] 1
            d.send("{\"model\":\"q\",\"timestamp\":" + (T0 + 76 * S) + ",\"features\":{\"v\":6}}");
            d.send("{\"model\":\"q\",\"timestamp\":" + (T0 + 135 * S) + ",\"features\":{\"v\":0}}");
            JsonNode w1 = d.scores().get(0);
            assertEquals("ok", w1.get("status").asText());
            assertEquals(4, w1.get("referenceCount").asLong());
            assertEquals(2, w1.get("currentCount").asLong());
            assertEquals(2, w1.get("bins").asInt());
            assertEquals(0.6980637934429315, w1.get("kl").asDouble(), 1e-12); // scipy: r=[3,1], c=[0,2], α=0.5
        }
    }

    @Test
    void aQuietTaskStillClosesItsWindowsByTheWallClock() {
        try (DriftDriver d = new DriftDriver(ROLLING_2, stateDir)) {
            d.prediction("m", 5 * S, "a");
            d.prediction("m", 6 * S, "b");
            d.advanceWallClock(Duration.ofSeconds(30));
            assertEquals(List.of(), d.scores(), "not idle long enough");
            d.advanceWallClock(Duration.ofSeconds(50)); // idle 80 s: stream time 6 s + 80 s passes 70 s
            assertEquals(2, only(d.scores(), "m", "prediction").get("currentCount").asLong());
        }
    }

    @Test
    void theChangelogHoldsTheWholeWindowAfterEachCommit() {
        try (DriftDriver d = new DriftDriver(ROLLING_2, stateDir)) {
            d.prediction("m", 5 * S, "a");
            d.prediction("m", 6 * S, "b");
            d.prediction("m", 7 * S, "b");
            var changelog = d.driver.createOutputTopic("kdrift-test-kdrift-windows-changelog",
                    new StringDeserializer(), new ByteArrayDeserializer());
            List<TestRecord<String, byte[]>> records = changelog.readRecordsToList();
            TestRecord<String, byte[]> last = records.get(records.size() - 1);
            assertEquals("m@" + T0, last.key());
            WindowState w = StateCodec.decodeWindow(last.value());
            assertEquals(3, w.events());
            assertEquals(T0, w.start());
        }
    }

    /**
     * A signal still learning its edges keeps its values in chunks of 64 apart from the model, and a chunk is written
     * once a commit, not once a value: after each commit, the changelog must hold every value given so far, also those
     * added to a chunk after it was first written.
     */
    @Test
    void theChangelogHoldsEveryLearningValueAfterEachCommit() {
        String yaml = ROLLING_2 + "binning: {numeric: {type: quantile, bins: 4, sample: 200}}\n";
        try (DriftDriver d = new DriftDriver(yaml, stateDir)) {
            var changelog = d.driver.createOutputTopic("kdrift-test-kdrift-samples-changelog", new StringDeserializer(), new ByteArrayDeserializer());
            Map<String, byte[]> latest = new java.util.TreeMap<>();
            for (int i = 0; i < 150; i++) {
                d.send("{\"model\":\"q\",\"timestamp\":" + (T0 + i * 100) + ",\"features\":{\"v\":" + (i * 0.5) + "}}");
                changelog.readRecordsToList().forEach(r -> latest.put(r.key(), r.value()));
                List<Double> stored = new ArrayList<>();
                for (int c = 0; latest.containsKey(chunkKey(latest, c)); c++) {
                    var chunk = StateCodec.decodeSample(latest.get(chunkKey(latest, c)));
                    for (int j = 0; j < chunk.count(); j++) {
                        stored.add(chunk.value(j));
                    }
                }
                List<Double> sent = new ArrayList<>();
                for (int j = 0; j <= i; j++) {
                    sent.add(j * 0.5);
                }
                assertEquals(sent, stored, "after event " + i);
            }
        }
    }

    /** The key of chunk {@code c} of the one learning signal in {@code keys} (model@version@slot#chunk). */
    private static String chunkKey(Map<String, byte[]> keys, int c) {
        return keys.keySet().stream().filter(k -> k.endsWith("#" + c)).findFirst().orElse("none");
    }

    /**
     * Stream time is not a changelog record per commit: each window written carries it, and only a move by
     * the wall clock (which writes no window) stores it on its own. What a restore reads — the largest of
     * them — is the stream time the processor had, both after events and after the wall clock moved it.
     */
    @Test
    void theChangelogsGiveBackStreamTimeWithoutARecordOfItsOwnPerCommit() {
        try (DriftDriver d = new DriftDriver(ROLLING_2, stateDir)) {
            var windows = d.driver.createOutputTopic("kdrift-test-kdrift-windows-changelog", new StringDeserializer(), new ByteArrayDeserializer());
            var clock = d.driver.createOutputTopic("kdrift-test-kdrift-stream-time-changelog", new StringDeserializer(), new ByteArrayDeserializer());
            d.prediction("m", 5 * S, "a");
            d.prediction("n", 9 * S, "a");
            d.prediction("m", 7 * S, "b"); // out of order: stream time stays at 9 s
            assertTrue(clock.isEmpty(), "no stream-time record for events");
            long restored = Long.MIN_VALUE;
            for (TestRecord<String, byte[]> r : windows.readRecordsToList()) {
                restored = Math.max(restored, StateCodec.decodeWindow(r.value()).streamTime());
            }
            assertEquals(T0 + 9 * S, restored);

            d.advanceWallClock(Duration.ofSeconds(90)); // idle: stream time 9 s + 90 s closes the first window
            List<TestRecord<String, byte[]>> clocks = clock.readRecordsToList().stream().filter(r -> r.key().equals("stream-time")).toList();
            assertEquals(1, clocks.size(), "the wall clock's move is stored on its own");
            long stored = java.nio.ByteBuffer.wrap(clocks.get(0).value()).getLong(); // 8 big-endian bytes
            assertTrue(stored >= T0 + 99 * S, "stream time after the idle move: " + stored);
            assertEquals(2, only(d.scores(), "m", "prediction").get("currentCount").asLong());
        }
    }
}
