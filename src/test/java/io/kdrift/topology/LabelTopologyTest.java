package io.kdrift.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.replay.Replay;
import io.kdrift.result.EstimatedPerformance;
import io.kdrift.result.PerformanceRecord;
import io.kdrift.result.ScoreRecord;
import io.kdrift.testing.BadRecords;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The label join in the topology, with durable stores and the repartition of labels by model, as in kdrift run. */
class LabelTopologyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = Instant.parse("2026-01-05T09:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final KdriftConfig CONFIG = ConfigLoader.parse("""
            window: {size: 1m, grace: 0s}
            reference: {mode: rolling, windows: 3}
            scoring: {minCount: 1}
            labels: {topics: [drift-labels], horizon: 10m, waitForPrediction: 2m}
            """, "test.yaml");

    @TempDir
    Path stateDir;

    /** The topology on a driver (a restart is tested on a real broker: LabelJoinIntegrationTest). */
    private final class Driver implements AutoCloseable {
        final TopologyTestDriver driver;
        final TestInputTopic<byte[], byte[]> predictions;
        final TestInputTopic<byte[], byte[]> labels;
        final TestOutputTopic<String, byte[]> performance;
        final TestOutputTopic<byte[], byte[]> deadLetters;
        final TestOutputTopic<String, byte[]> alerts;

        Driver() {
            this(ScoreListener.NONE);
        }

        Driver(ScoreListener listener) {
            this(CONFIG, listener);
        }

        Driver(KdriftConfig config, ScoreListener listener) {
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "kdrift-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            driver = new TopologyTestDriver(DriftTopology.build(config, new EventCounters(), listener, DriftTopology.Mode.KAFKA, 3),
                    props, Instant.EPOCH);
            predictions = driver.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer());
            labels = driver.createInputTopic(config.labels().topics().get(0), new ByteArraySerializer(), new ByteArraySerializer());
            performance = driver.createOutputTopic("drift-performance", new StringDeserializer(), new ByteArrayDeserializer());
            deadLetters = driver.createOutputTopic("predictions-dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer());
            alerts = driver.createOutputTopic("drift-alerts", new StringDeserializer(), new ByteArrayDeserializer());
        }

        void predict(String id, long at, String predicted, double pFraud) {
            predictions.pipeInput(new TestRecord<>(utf8("m"), utf8("{\"model\":\"m\",\"id\":\"" + id + "\",\"timestamp\":" + (T0 + at)
                    + ",\"prediction\":\"" + predicted + "\",\"probabilities\":{\"fraud\":" + pFraud + ",\"ok\":" + (1 - pFraud) + "}}"),
                    null, T0 + at));
        }

        /** A label keyed by the prediction's id, as label topics often are: it must still find its model's task. */
        void label(String id, long at, String label) {
            labels.pipeInput(new TestRecord<>(utf8(id), utf8("{\"model\":\"m\",\"id\":\"" + id + "\",\"label\":\"" + label
                    + "\",\"timestamp\":" + (T0 + at) + "}"), null, T0 + at));
        }

        /** One second of wall clock: the input partitions' progress markers pass (records read in place wait for them). */
        void tick() {
            driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
        }

        /**
         * A minute and a second of wall clock (window.idleAfter): the label partitions, silent that long, are idle: labels
         * have stopped, and predictions no longer wait for the label time (nor do the prediction partitions hold anything).
         */
        void labelsStop() {
            driver.advanceWallClockTime(java.time.Duration.ofSeconds(61));
        }

        /** Estimated-performance records read by {@link #performance} so far, in order (they share the topic). */
        final List<JsonNode> estimated = new ArrayList<>();
        /** Every performance-topic record read so far, realized and estimated, in order. */
        final List<JsonNode> all = new ArrayList<>();

        /** The realized performance records since the last call (the estimated ones go to {@link #estimated}). */
        List<JsonNode> performance() throws Exception {
            List<JsonNode> out = new ArrayList<>();
            for (TestRecord<String, byte[]> r : performance.readRecordsToList()) {
                assertEquals("m", r.key());
                JsonNode n = JSON.readTree(r.value());
                all.add(n);
                if (n.path("kind").asText().equals("estimated")) {
                    estimated.add(n);
                } else {
                    out.add(n);
                }
            }
            return out;
        }

        List<String> deadLetterReasons() {
            List<String> out = new ArrayList<>();
            for (TestRecord<byte[], byte[]> r : deadLetters.readRecordsToList()) {
                out.add(new String(r.headers().lastHeader("kdrift.reason").value(), StandardCharsets.UTF_8) + " "
                        + new String(r.value(), StandardCharsets.UTF_8));
            }
            return out;
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An alert of a rule on realized performance, not on the estimate (whose last window differs at the end of the input). */
    private static boolean realizedRule(JsonNode alert) {
        return !alert.get("rule").asText().startsWith("KdriftEstimate");
    }

    /** A performance record without the estimate made when its window closed. */
    private static String withoutEstimate(String json) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode n = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(json);
        n.remove("estimate");
        n.remove("estimated");
        return n.toString();
    }

    /**
     * Each window's performance is estimated as soon as it closes, before its labels: a model sure of itself and right
     * 19 times in 20 for twelve minutes, then, in minute 12, unsure (p 0.55) in a region its reference never labelled: the
     * estimate says so when minute 12 closes (KdriftEstimatedAccuracyDrop fires), a horizon before the realized record
     * could. Minute 13's labels are the opposite of what it predicted with confidence (concept drift): its estimate
     * held nothing of it, and its realized record says the estimate disagrees.
     */
    @Test
    void aWindowIsEstimatedWhenItClosesAndCheckedWhenItsLabelsCome() throws Exception {
        KdriftConfig config = ConfigLoader.parse("""
                window: {size: 1m, grace: 0s}
                reference: {mode: rolling, windows: 3}
                scoring: {minCount: 30}
                labels: {topics: [drift-labels], horizon: 2m, waitForPrediction: 2m}
                """, "test.yaml");
        List<EstimatedPerformance> estimates = new ArrayList<>();
        try (Driver d = new Driver(config, new ScoreListener() {
            @Override
            public void onScore(io.kdrift.result.ScoreRecord score) {
            }

            @Override
            public void onEstimate(EstimatedPerformance estimate) {
                estimates.add(estimate);
            }

            @Override
            public void onModelsReleased(java.util.Collection<String> models) {
            }
        })) {
            for (int minute = 0; minute < 14; minute++) {
                for (int i = 0; i < 100; i++) {
                    String id = minute + "-" + i;
                    long at = minute * MINUTE + i * 500;
                    boolean fraud = i % 2 == 0;
                    if (minute == 12) {
                        d.predict(id, at, "fraud", 0.55);
                    } else {
                        d.predict(id, at, fraud ? "fraud" : "ok", fraud ? 0.95 : 0.05);
                    }
                    boolean right = minute == 13 ? false : i % 20 != 0;
                    d.label(id, at + 30_000, right == fraud ? "fraud" : "ok");
                }
                d.tick();
            }
            d.predict("end", 20 * MINUTE, "ok", 0.05);
            d.tick();
            d.labelsStop();
            d.labelsStop();
            List<JsonNode> realized = d.performance();
            JsonNode twelve = d.estimated.stream().filter(e -> e.get("windowStart").asText().equals("2026-01-05T09:12:00Z")).findFirst()
                    .orElseThrow();
            assertEquals("ok", twelve.get("status").asText(), twelve.toString());
            assertEquals(0.55, twelve.at("/estimated/accuracy").asDouble(), 1e-9, "its own probability: no labelled bin to correct it");
            assertEquals(0.95, twelve.at("/estimated/referenceAccuracy").asDouble(), 1e-9);
            assertTrue(twelve.at("/estimated/accuracyDropZ").asDouble() > 3, twelve.toString());
            JsonNode first = d.estimated.get(0);
            assertEquals("2026-01-05T09:00:00Z", first.get("windowStart").asText());
            assertEquals("warming_up", first.get("status").asText(), "the calibration map is still learning, and says so");
            assertEquals(0, first.at("/estimated/calibrationLabelled").asLong());
            JsonNode eleven = d.estimated.stream().filter(e -> e.get("windowStart").asText().equals("2026-01-05T09:11:00Z")).findFirst()
                    .orElseThrow();
            assertEquals(0.95, eleven.at("/estimated/accuracy").asDouble(), 1e-9, "calibrated: the reference's 0.95 at p 0.95");
            // the estimate of minute 12 came before any realized record of minute 12: the order on the topic
            int estimatedAt = d.all.indexOf(twelve);
            int realizedAt = d.all.indexOf(realized.stream().filter(r -> r.get("windowStart").asText().equals("2026-01-05T09:12:00Z"))
                    .findFirst().orElseThrow());
            assertTrue(estimatedAt < realizedAt, "estimated at " + estimatedAt + ", realized at " + realizedAt);
            List<JsonNode> alerts = new ArrayList<>();
            for (TestRecord<String, byte[]> a : d.alerts.readRecordsToList()) {
                alerts.add(JSON.readTree(a.value()));
            }
            assertTrue(alerts.stream().anyMatch(a -> a.get("rule").asText().equals("KdriftEstimatedAccuracyDrop")
                    && a.get("status").asText().equals("firing") && a.get("windowEnd").asText().equals("2026-01-05T09:13:00Z")), alerts.toString());
            JsonNode thirteen = realized.stream().filter(r -> r.get("windowStart").asText().equals("2026-01-05T09:13:00Z")).findFirst().orElseThrow();
            assertEquals(0.0, thirteen.at("/classification/accuracy").asDouble());
            assertEquals(0.95, thirteen.at("/estimate/accuracy").asDouble(), 1e-9);
            assertTrue(thirteen.at("/estimate/disagrees").asBoolean(), thirteen.toString());
            JsonNode ten = realized.stream().filter(r -> r.get("windowStart").asText().equals("2026-01-05T09:10:00Z")).findFirst().orElseThrow();
            assertEquals(false, ten.at("/estimate/disagrees").asBoolean(), ten.toString());
            assertTrue(alerts.stream().anyMatch(a -> a.get("rule").asText().equals("KdriftEstimateDisagrees")
                    && a.get("status").asText().equals("firing")), alerts.toString());
            assertEquals(d.estimated.size(), estimates.size(), "the gauges are told of every estimate");
        }
    }

    @Test
    void labelsKeyedByIdMeetTheirPredictionsAndEachWindowsPerformanceIsFinalAfterTheHorizon() throws Exception {
        try (Driver d = new Driver()) {
            d.predict("a", 1_000, "fraud", 0.9);
            d.predict("b", 2_000, "ok", 0.2);
            d.predict("c", 3_000, "fraud", 0.6);
            d.predict("d", 4_000, "ok", 0.1);
            // a model whose predictions never carry an id takes no part: no performance records for it (performance() checks)
            for (int i = 0; i < 5; i++) {
                d.predictions.pipeInput(new TestRecord<>(utf8("plain"), utf8("{\"model\":\"plain\",\"timestamp\":" + (T0 + i * MINUTE * 5)
                        + ",\"prediction\":0.5}"), null, T0 + i * MINUTE * 5));
            }
            d.label("c", 30_000, "ok");
            d.label("a", 5 * MINUTE, "fraud");
            d.label("b", 6 * MINUTE, "ok");
            d.label("a", 7 * MINUTE, "ok");          // a second label: the first counts
            d.label("ghost", 7 * MINUTE, "fraud");   // no such prediction
            assertEquals(List.of(), d.performance(), "the horizon of the first window has not passed");
            // predictions two horizons on: the labels have stopped, so the first window is final by the prediction clock
            d.predict("z", MINUTE + 20 * MINUTE, "ok", 0.3);
            d.labelsStop();
            List<JsonNode> out = d.performance();
            assertEquals(1, out.size());
            JsonNode w = out.get(0);
            assertEquals("2026-01-05T09:00:00Z", w.get("windowStart").asText());
            assertEquals(4, w.get("predictions").asLong());
            assertEquals(3, w.get("labelled").asLong());
            assertEquals(1, w.get("unlabelled").asLong(), "d never got its label");
            assertEquals(0.75, w.get("labelledFraction").asDouble());
            // a right, b right, c wrong
            assertEquals(2 / 3.0, w.get("classification").get("accuracy").asDouble(), 1e-12);
            assertEquals((-Math.log(0.9) - Math.log(0.8) - Math.log(0.4)) / 3, w.get("classification").get("logLoss").asDouble(), 1e-12);
            List<String> reasons = d.deadLetterReasons();
            assertEquals(2, reasons.size(), reasons.toString());
            assertTrue(reasons.get(0).startsWith("duplicate_label {\"model\":\"m\",\"id\":\"a\",\"label\":\"ok\""), reasons.get(0));
            assertTrue(reasons.get(1).startsWith("label_for_unknown_prediction {\"model\":\"m\",\"id\":\"ghost\""), reasons.get(1));
        }
    }

    @Test
    void aLabelWhoseWaitRunsOutIsADeadLetterThatNamesItsOwnRecordNotTheOneThatExpiredIt() throws Exception {
        // the dead letter of a label that waited in vain named the prediction record whose time expired it
        // (kdrift.source.topic=predictions) and a wall-clock timestamp
        try (Driver d = new Driver()) {
            d.predict("a", 0, "fraud", 0.9);
            d.label("ghost", 30_000, "fraud");     // offset 0 of the label topic, no such prediction
            d.label("ghost", 40_000, "ok");        // offset 1: it waits with the first (not a duplicate: no prediction has it)
            d.predict("b", 3 * MINUTE, "ok", 0.2); // past the labels' wait (2 minutes): both expire now
            d.tick(); // once its partition's progress marker has passed
            List<TestRecord<byte[], byte[]>> dlq = d.deadLetters.readRecordsToList();
            assertEquals(2, dlq.size());
            for (int i = 0; i < 2; i++) {
                TestRecord<byte[], byte[]> r = dlq.get(i);
                assertEquals("label_for_unknown_prediction", header(r, "kdrift.reason"));
                assertEquals("drift-labels", header(r, "kdrift.source.topic"), "the label's own topic");
                assertEquals(Integer.toString(i), header(r, "kdrift.source.offset"), "the label's own offset");
                assertEquals(Long.toString(T0 + (i == 0 ? 30_000 : 40_000)), header(r, "kdrift.source.timestamp"), "the label record's timestamp");
            }
        }
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void aWindowThatIsFarLessAccurateThanItsReferenceFiresTheDefaultAccuracyRuleOnceAndClearWindowsResolveIt() throws Exception {
        List<PerformanceRecord> seen = new ArrayList<>();
        List<String> alertStates = new ArrayList<>();
        ScoreListener listener = new ScoreListener() {
            @Override
            public void onScore(ScoreRecord score) {
            }

            @Override
            public void onPerformance(PerformanceRecord performance) {
                seen.add(performance);
            }

            @Override
            public void onAlertState(String model, String signal, String rule, String severity, boolean firing) {
                if (signal.equals("performance")) {
                    alertStates.add(rule + " " + firing);
                }
            }

            @Override
            public void onModelsReleased(Collection<String> models) {
            }
        };
        try (Driver d = new Driver(listener)) {
            // 40 labelled predictions a window, 36 right, but window 6: 20 right
            for (int w = 0; w < 10; w++) {
                int right = w == 6 ? 20 : 36;
                for (int i = 0; i < 40; i++) {
                    String label = i % 4 == 0 ? "fraud" : "ok";
                    String other = label.equals("fraud") ? "ok" : "fraud";
                    String id = w + "-" + i;
                    d.predict(id, w * MINUTE + i * 1000L, i < right ? label : other, 0.5);
                    d.label(id, w * MINUTE + i * 1000L + 500, label);
                }
            }
            d.predict("late-traffic", 40 * MINUTE, "ok", 0.3); // every window above is final
            d.labelsStop();
            List<JsonNode> performance = d.performance();
            assertEquals(10, performance.size());
            assertEquals(0.5, performance.get(6).at("/classification/accuracy").asDouble());
            List<JsonNode> alerts = new ArrayList<>();
            for (TestRecord<String, byte[]> r : d.alerts.readRecordsToList()) {
                JsonNode a = JSON.readTree(r.value());
                if (a.get("signal").asText().equals("performance")) {
                    assertEquals("m/performance/KdriftAccuracyDrop", r.key());
                    alerts.add(a);
                }
            }
            assertEquals(List.of("firing", "resolved"), alerts.stream().map(a -> a.get("status").asText()).toList());
            assertEquals(performance.get(6).get("windowEnd").asText(), alerts.get(0).get("windowEnd").asText(),
                    "fired on the window that dropped");
            // 20 of 40 against the reference's 108 of 120: pooled 0.8, z = −0.4 / √(0.8·0.2·(1/40 + 1/120)) = −√30, so the
            // two-sided p is P(χ²₁ > 30) = erfc(√15) = 4.3205e-8 (tables)
            assertEquals(0.4, alerts.get(0).get("value").asDouble(), 1e-12);
            JsonNode pValue = alerts.get(0).get("conditions").get(1);
            assertEquals("classification.accuracyPValue", pValue.get("metric").asText());
            assertEquals(4.3205e-8, pValue.get("value").asDouble(), 4.3205e-8 * 1e-4);
            assertTrue(alerts.get(0).at("/annotations/description").asText().startsWith("Accuracy is 0.5 against 0.9 in the reference, on 40 "),
                    alerts.get(0).toString());
            assertEquals(performance.get(8).get("windowEnd").asText(), alerts.get(1).get("endsAt").asText(),
                    "two clean windows resolve it");
            assertEquals(List.of("KdriftAccuracyDrop true", "KdriftAccuracyDrop false"), alertStates);
            assertEquals(10, seen.size(), "the gauges are told of every performance record");
        }
    }

    @Test
    void labelsOfAnotherShapeKeyedByIdCrossToTheirModelsTaskAndJoin() throws Exception {
        KdriftConfig mapped = ConfigLoader.parse("""
                window: {size: 1m, grace: 0s}
                reference: {mode: rolling, windows: 3}
                scoring: {minCount: 1}
                labels: {topics: [outcomes], horizon: 10m, waitForPrediction: 2m, mapping: {model: /m, id: /req, label: /truth/value}}
                """, "test.yaml");
        try (Driver d = new Driver(mapped, ScoreListener.NONE)) {
            d.predict("a", 1_000, "fraud", 0.9);
            d.predict("b", 2_000, "ok", 0.2);
            for (String[] l : new String[][] {{"a", "fraud"}, {"b", "fraud"}}) {
                d.labels.pipeInput(new TestRecord<>(utf8(l[0]), utf8("{\"m\":\"m\",\"req\":\"" + l[0] + "\",\"truth\":{\"value\":\"" + l[1]
                        + "\"}}"), null, T0 + 30_000));
            }
            d.predict("z", 30 * MINUTE, "ok", 0.3);
            d.labelsStop();
            List<JsonNode> out = d.performance();
            assertEquals(1, out.size());
            assertEquals(2, out.get(0).get("labelled").asLong());
            assertEquals(0.5, out.get(0).at("/classification/accuracy").asDouble());
            assertEquals(List.of(), d.deadLetterReasons());
        }
    }

    @Test
    void theLivePathAndReplayGiveTheSamePerformanceAndAlertRecords() throws Exception {
        // events and labels in time order, labels 50 s to 3 min after their prediction, some never; accuracy drops at minute 6
        SplittableRandom r = new SplittableRandom(21);
        StringBuilder events = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        List<long[]> labelTimes = new ArrayList<>();
        List<String> labelLines = new ArrayList<>();
        try (Driver d = new Driver()) {
            for (int i = 0; i < 600; i++) {
                long at = i * 1_200L;
                double p = Math.round(r.nextDouble() * 100) / 100.0;
                String predicted = p > 0.5 ? "fraud" : "ok";
                String id = "e" + i;
                String event = "{\"model\":\"m\",\"id\":\"" + id + "\",\"timestamp\":" + (T0 + at) + ",\"prediction\":\"" + predicted
                        + "\",\"probabilities\":{\"fraud\":" + p + ",\"ok\":" + (1 - p) + "}}";
                events.append(event).append('\n');
                if (r.nextDouble() < 0.8) {
                    boolean right = r.nextDouble() < (at < 6 * MINUTE ? 0.9 : 0.6);
                    long labelAt = at + 50_000 + r.nextLong(130_000);
                    labelTimes.add(new long[] {labelAt, labelLines.size()});
                    labelLines.add("{\"model\":\"m\",\"id\":\"" + id + "\",\"label\":\"" + (right ? predicted : predicted.equals("ok") ? "fraud" : "ok")
                            + "\",\"timestamp\":" + (T0 + labelAt) + "}");
                }
            }
            labelTimes.sort(Comparator.comparingLong(t -> t[0]));
            // live: every record in time order, labels keyed by prediction id (the hop), predictions keyed by model
            List<String> eventLines = events.toString().lines().toList();
            int next = 0;
            for (int i = 0; i < eventLines.size(); i++) {
                long at = i * 1_200L;
                while (next < labelTimes.size() && labelTimes.get(next)[0] < at) {
                    String line = labelLines.get((int) labelTimes.get(next)[1]);
                    labels.append(line).append('\n');
                    d.labels.pipeInput(new TestRecord<>(utf8("id"), utf8(line), null, T0 + labelTimes.get(next)[0]));
                    next++;
                }
                d.predictions.pipeInput(new TestRecord<>(utf8("m"), utf8(eventLines.get(i)), null, T0 + at));
            }
            for (; next < labelTimes.size(); next++) {
                String line = labelLines.get((int) labelTimes.get(next)[1]);
                labels.append(line).append('\n');
                d.labels.pipeInput(new TestRecord<>(utf8("id"), utf8(line), null, T0 + labelTimes.get(next)[0]));
            }
            // the end of the input: time moves on by two horizons, as replay takes every horizon as passed at its end
            d.predict("end", 600 * 1_200L + 30 * MINUTE, "ok", 0.5);
            d.labelsStop();
            d.performance();
            List<String> live = new ArrayList<>();
            for (JsonNode n : d.all) {
                live.add(n.toString());
            }
            List<String> liveAlerts = new ArrayList<>();
            for (TestRecord<String, byte[]> a : d.alerts.readRecordsToList()) {
                if (JSON.readTree(a.value()).get("signal").asText().equals("performance") && realizedRule(JSON.readTree(a.value()))) {
                    liveAlerts.add(JSON.readTree(a.value()).toString());
                }
            }
            ByteArrayOutputStream performance = new ByteArrayOutputStream();
            ByteArrayOutputStream alerts = new ByteArrayOutputStream();
            Replay.run(CONFIG, new ByteArrayInputStream(events.toString().getBytes(StandardCharsets.UTF_8)),
                    Replay.Options.to(OutputStream.nullOutputStream(), OutputStream.nullOutputStream()).withAlerts(alerts)
                            .withLabels(new Replay.LabelReplay(new ByteArrayInputStream(labels.toString().getBytes(StandardCharsets.UTF_8)), performance)));
            List<String> replayed = new ArrayList<>();
            for (String line : performance.toString(StandardCharsets.UTF_8).lines().toList()) {
                replayed.add(JSON.readTree(line).toString());
            }
            List<String> replayedAlerts = new ArrayList<>();
            for (String line : alerts.toString(StandardCharsets.UTF_8).lines().toList()) {
                if (JSON.readTree(line).get("signal").asText().equals("performance") && realizedRule(JSON.readTree(line))) {
                    replayedAlerts.add(JSON.readTree(line).toString());
                }
            }
            assertEquals(12, replayed.stream().filter(l -> !l.contains("\"kind\":\"estimated\"")).count(), "12 minutes of windows");
            assertTrue(replayed.stream().filter(l -> l.contains("\"kind\":\"estimated\"")).count() >= 12, "each estimated when it closed");
            // each kind in order, but the last window's estimate: at the end of the input replay reads the labels left
            // (dated past the horizons of the first windows) before the clock closes the last window, so its reference
            // holds windows that were not final yet here, where the labels' clock waits for the hop (docs/performance.md)
            for (boolean estimated : new boolean[] {false, true}) {
                List<String> replayedOfKind = replayed.stream().filter(l -> l.contains("\"kind\":\"estimated\"") == estimated).toList();
                List<String> liveOfKind = live.stream().filter(l -> l.contains("\"kind\":\"estimated\"") == estimated).toList();
                int n = estimated ? 11 : 12;
                assertEquals(replayedOfKind.subList(0, n - 1), liveOfKind.subList(0, n - 1), "the live path's first windows are replay's");
                assertEquals(withoutEstimate(replayedOfKind.get(n - 1)), withoutEstimate(liveOfKind.get(n - 1)));
            }
            assertTrue(!replayedAlerts.isEmpty(), "the accuracy drop alerts");
            assertEquals(replayedAlerts, liveAlerts.subList(0, replayedAlerts.size()));
        }
    }

    @Test
    void everyKindOfBadLabelReachesTheDeadLetterTopicAsItCameWithItsReason() {
        try (Driver d = new Driver()) {
            List<BadRecords.Bad> corpus = BadRecords.labels(CONFIG.limits().toEventLimits());
            for (BadRecords.Bad bad : corpus) {
                d.labels.pipeInput(new TestRecord<>(bad.key(), bad.value(), null, T0));
            }
            List<TestRecord<byte[], byte[]>> dlq = d.deadLetters.readRecordsToList();
            assertEquals(corpus.size(), dlq.size());
            for (int i = 0; i < corpus.size(); i++) {
                BadRecords.Bad bad = corpus.get(i);
                assertEquals(bad.reason().code(), new String(dlq.get(i).headers().lastHeader("kdrift.reason").value(), StandardCharsets.UTF_8),
                        bad.name());
                assertTrue(java.util.Arrays.equals(bad.value(), dlq.get(i).value()), bad.name() + ": the original bytes");
                assertEquals("drift-labels", new String(dlq.get(i).headers().lastHeader("kdrift.source.topic").value(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aPinnedConfigurationWithLabelsStarts() {
        // a pinned baseline has no labelled performance: such models roll their own (this threw at the processor's start)
        KdriftConfig pinned = ConfigLoader.parse("reference: {mode: pinned}\nlabels: {topics: [drift-labels]}\n", "test.yaml");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "kdrift-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver d = new TopologyTestDriver(DriftTopology.build(pinned, new EventCounters(), DriftTopology.Mode.KAFKA), props)) {
            d.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer())
                    .pipeInput(utf8("m"), utf8("{\"model\":\"m\",\"id\":\"a\",\"timestamp\":" + T0 + ",\"prediction\":\"x\"}"));
        }
    }

    @Test
    void withoutLabelTopicsThereIsNoJoinAndNoStoreForIt() {
        KdriftConfig plain = ConfigLoader.parse("window: {size: 1m}\n", "test.yaml");
        String description = DriftTopology.build(plain, new EventCounters(), DriftTopology.Mode.KAFKA).describe().toString();
        assertTrue(!description.contains("kdrift-label"), description);
        String withLabels = DriftTopology.build(CONFIG, new EventCounters(), DriftTopology.Mode.KAFKA).describe().toString();
        assertTrue(withLabels.contains("kdrift-labels-by-model-repartition") && withLabels.contains(JoinedLabels.PENDING_STORE), withLabels);
        assertTrue(Duration.ofMinutes(10).equals(CONFIG.labels().horizon()));
    }
}
