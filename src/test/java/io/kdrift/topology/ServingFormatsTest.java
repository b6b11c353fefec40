package io.kdrift.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.event.InferencePart;
import io.kdrift.inference.RequestJoin;
import io.kdrift.replay.Replay;
import io.kdrift.testing.ServingRecords;
import io.kdrift.testing.ServingRecords.Prediction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same iris predictions written natively, as Open Inference Protocol JSON request/response pairs (one row and
 * batches of ten), as OIP protobuf (typed and raw contents), as KServe payload-logger CloudEvents (binary mode with a
 * V1 payload, structured mode with a V2 payload), as MLServer's and Seldon Core v2's records, and all of these at once
 * through several inputs of one application, give the same score and alert records: in replay, and through the
 * topology with the hop by model and the join of requests and responses.
 */
class ServingFormatsTest {
    private static final String COMMON = """
            window: {size: 1m, grace: 0s}
            reference: {mode: rolling, windows: 3}
            binning: {numeric: {type: quantile, bins: 5, sample: 100}}
            alerts:
              rules:
                - name: Shift
                  conditions: [{metric: kl, above: 0.05}, {metric: pValue, below: 0.01}]
                  minCount: 30
            """;
    private static final String TENSORS = ServingRecords.TENSORS;
    private static final KdriftConfig NATIVE = ConfigLoader.parse(COMMON, "native.yaml");
    private static final KdriftConfig OIP_JSON = config("- {topic: oip, format: oip, model: iris, " + TENSORS + "}");
    private static final KdriftConfig OIP_PROTOBUF = config("- {topic: oip-requests, format: oip, encoding: protobuf, part: request, " + TENSORS + "}\n"
            + "  - {topic: oip-responses, format: oip, encoding: protobuf, part: response, " + TENSORS + "}");
    private static final KdriftConfig KSERVE = config("- {topic: kserve, format: kserve, " + TENSORS + "}");
    private static final KdriftConfig MLSERVER = config("- {topics: [mlserver-requests, mlserver-responses], format: mlserver, " + TENSORS + "}");
    private static final KdriftConfig SELDON = config("- {pattern: 'seldon\\..*\\.model\\..*', format: seldon, " + TENSORS + "}");
    /** Every format at once: several inputs of one application. */
    private static final KdriftConfig ALL = config("- {topic: predictions}\n"
            + "  - {topic: oip, format: oip, model: iris, " + TENSORS + "}\n"
            + "  - {topic: oip-requests, format: oip, encoding: protobuf, part: request, " + TENSORS + "}\n"
            + "  - {topic: oip-responses, format: oip, encoding: protobuf, part: response, " + TENSORS + "}\n"
            + "  - {topic: kserve, format: kserve, " + TENSORS + "}\n"
            + "  - {topics: [mlserver-requests, mlserver-responses], format: mlserver, " + TENSORS + "}\n"
            + "  - {pattern: 'seldon\\..*\\.model\\..*', format: seldon, " + TENSORS + "}");

    /** A gateway's three models on one OIP JSON topic pair and one OIP protobuf pair, whose requests name no model. */
    private static final List<String> GATEWAY_MODELS = List.of("iris-a", "iris-b", "iris-c");
    private static final KdriftConfig GATEWAY = config("- {topics: [gw-requests, gw-responses], format: oip, " + TENSORS + "}\n"
            + "  - {topic: gwpb-requests, format: oip, encoding: protobuf, part: request, " + TENSORS + "}\n"
            + "  - {topic: gwpb-responses, format: oip, encoding: protobuf, part: response, " + TENSORS + "}");

    @TempDir
    Path dir;

    private static KdriftConfig config(String inputs) {
        return ConfigLoader.parse(COMMON + "inputs:\n  " + inputs + "\n", "serving.yaml");
    }

    private record Output(String scores, String alerts, String deadLetters) {
    }

    private static Output replay(KdriftConfig config, List<String> lines) throws Exception {
        ByteArrayOutputStream scores = new ByteArrayOutputStream();
        ByteArrayOutputStream deadLetters = new ByteArrayOutputStream();
        ByteArrayOutputStream alerts = new ByteArrayOutputStream();
        Replay.run(config, new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)),
                Replay.Options.to(scores, deadLetters).withAlerts(alerts));
        return new Output(scores.toString(StandardCharsets.UTF_8), alerts.toString(StandardCharsets.UTF_8), deadLetters.toString(StandardCharsets.UTF_8));
    }

    @Test
    void inReplayEveryServingLayerFormatGivesTheScoresAndAlertsOfKdriftsOwnShape() throws Exception {
        List<Prediction> all = ServingRecords.predictions(900, 10, 5);
        Output expected = replay(NATIVE, all.stream().map(ServingRecords::nativeLine).toList());
        assertTrue(expected.scores().lines().count() > 40, expected.scores());
        assertTrue(expected.alerts().contains("\"signal\":\"feature.petal_length\""), "the shift alerts: " + expected.alerts());
        assertEquals("", expected.deadLetters());
        List<String> names = List.of("oip json, one row", "oip json, batches of 10", "oip protobuf, typed contents", "oip protobuf, raw contents",
                "kserve binary v1", "kserve structured v2", "mlserver", "seldon", "several inputs at once");
        List<KdriftConfig> configs = List.of(OIP_JSON, OIP_JSON, OIP_PROTOBUF, OIP_PROTOBUF, KSERVE, KSERVE, MLSERVER, SELDON, ALL);
        List<List<String>> records = List.of(ServingRecords.oipJson(all, 1, "oip"), ServingRecords.oipJson(all, 10, "oip"),
                ServingRecords.oipProtobuf(all, 10, "oip-requests", "oip-responses", false),
                ServingRecords.oipProtobuf(all, 10, "oip-requests", "oip-responses", true),
                ServingRecords.kserveBinary(all, 10, "kserve"), ServingRecords.kserveStructured(all, 1, "kserve"),
                ServingRecords.mlserver(all, 10, "mlserver-requests", "mlserver-responses"), ServingRecords.seldon(all, 10), ServingRecords.mixed(all));
        for (int i = 0; i < names.size(); i++) {
            Output got = replay(configs.get(i), records.get(i));
            assertEquals("", got.deadLetters(), names.get(i));
            assertEquals(expected.scores(), got.scores(), names.get(i));
            assertEquals(expected.alerts(), got.alerts(), names.get(i));
        }
    }

    @Test
    void throughTheTopologyRequestsAndResponsesFromTwoTopicsHopByModelAndJoin() {
        List<Prediction> all = ServingRecords.predictions(900, 10, 5);
        List<JsonNode> expected;
        try (DriftDriver d = new DriftDriver(NATIVE, dir.resolve("native"), DriftTopology.Mode.KAFKA)) {
            all.forEach(p -> d.send(ServingRecords.MODEL, ServingRecords.nativeLine(p)));
            d.advanceWallClock(Duration.ofMinutes(5));
            expected = d.scores();
        }
        assertTrue(expected.size() > 40);
        try (DriftDriver d = new DriftDriver(ALL, dir.resolve("all"), DriftTopology.Mode.KAFKA)) {
            ServingRecords.mixed(all).forEach(d::sendEnvelope);
            d.advanceWallClock(Duration.ofMinutes(5));
            assertEquals(List.of(), d.deadLetters());
            assertEquals(expected, d.scores());
            assertEquals(all.size() - 13 * 10, d.counters.requestsJoinedCount(), "every prediction not sent natively (13 batches of 90) was joined");
            for (InferencePart part : InferencePart.values()) {
                for (RequestJoin.Unmatched why : RequestJoin.Unmatched.values()) {
                    assertEquals(0, d.counters.unmatchedCount(part, why), part + " " + why);
                }
            }
            assertEquals(List.of("kserve", "mlserver-requests", "mlserver-responses", "oip", "oip-requests", "oip-responses", "predictions",
                    "seldon.default.model.iris.inputs", "seldon.default.model.iris.outputs"),
                    d.counters.topicCounts().keySet().stream().sorted().toList(), "records counted by input topic");
            assertEquals(2 * 13, d.counters.topicCounts().get("kserve").records(), "13 batches of ten, a request and a response each");
        }
    }

    @Test
    void aRequestWhoseResponseNeverComesIsScoredAloneAndCountedAndSoIsAResponseAlone() {
        List<Prediction> all = ServingRecords.predictions(40, 1, 3);
        try (DriftDriver d = new DriftDriver(OIP_JSON, dir.resolve("alone"), DriftTopology.Mode.KAFKA)) {
            List<String> records = ServingRecords.oipJson(all, 1, "oip");
            for (int i = 0; i < records.size(); i++) {
                boolean request = i % 2 == 0;
                int prediction = i / 2;
                // predictions 0-9 lose their response, 10-14 their request
                if ((prediction < 10 && !request) || (prediction >= 10 && prediction < 15 && request)) {
                    continue;
                }
                d.sendEnvelope(records.get(i));
            }
            assertEquals(25, d.counters.requestsJoinedCount());
            assertEquals(2, d.counters.unmatchedCount(InferencePart.REQUEST, RequestJoin.Unmatched.EXPIRED),
                    "requests 0 and 1 (at 0 and 0.8 s): the last halves read are 31.2 s later, past the join window of 30 s");
            d.advanceWallClock(Duration.ofMinutes(2)); // past the join window (30 s) on the wall clock: the join's clock runs on
            assertEquals(10, d.counters.unmatchedCount(InferencePart.REQUEST, RequestJoin.Unmatched.EXPIRED));
            assertEquals(5, d.counters.unmatchedCount(InferencePart.RESPONSE, RequestJoin.Unmatched.EXPIRED));
            d.advanceWallClock(Duration.ofMinutes(5));
            List<JsonNode> scores = d.scores();
            assertEquals(35, count(scores, "feature.sepal_length"), "the features of the 25 joined and of the 10 requests alone");
            assertEquals(30, count(scores, "prediction"), "the prediction of the 25 joined and of the 5 responses alone");
            assertEquals(List.of(), d.deadLetters());
        }
    }

    /**
     * With the default grace and join window (30 s each), requests that come while the clock is already past their own
     * time (other records were read first) and whose responses never come wait no longer than their window's close:
     * scored alone in it, not late (issue 28: 472 late events in one replay).
     */
    @Test
    void aHalfThatWaitsInVainIsScoredAloneInItsWindowWithTheDefaultGraceAndJoinWindow() {
        KdriftConfig defaults = ConfigLoader.parse("window: {size: 1m}\ninputs:\n  - {topic: oip, format: oip, model: iris, " + TENSORS + "}\n",
                "defaults.yaml");
        assertEquals(defaults.window().grace(), defaults.inputs().get(0).joinWindow(), "the defaults this test is about");
        long t0 = java.time.Instant.parse("2026-01-05T09:00:00Z").toEpochMilli();
        List<Prediction> all = ServingRecords.predictions(120, 1, 3, t0, 1000);
        List<String> records = ServingRecords.oipJson(all, 1, "oip"); // request, response, request, response...
        try (DriftDriver d = new DriftDriver(defaults, dir.resolve("defaults"), DriftTopology.Mode.KAFKA)) {
            for (int i = 0; i < 30; i++) {
                d.sendEnvelope(records.get(2 * i));
                d.sendEnvelope(records.get(2 * i + 1));
            }
            for (int i = 60; i < 70; i++) { // read first: the clock is at 69 s
                d.sendEnvelope(records.get(2 * i));
                d.sendEnvelope(records.get(2 * i + 1));
            }
            for (int i = 30; i < 60; i++) { // requests of the first window's last 30 s, their responses lost
                d.sendEnvelope(records.get(2 * i));
            }
            for (int i = 70; i < 120; i++) {
                d.sendEnvelope(records.get(2 * i));
                d.sendEnvelope(records.get(2 * i + 1));
            }
            d.advanceWallClock(Duration.ofMinutes(5));
            assertEquals(30, d.counters.unmatchedCount(InferencePart.REQUEST, RequestJoin.Unmatched.EXPIRED));
            assertEquals(0, d.counters.lateCount(), "a request alone waited past its window's close");
            JsonNode first = d.scores().stream().filter(s -> s.get("signal").asText().equals("feature.sepal_length")
                    && s.get("windowStart").asText().equals("2026-01-05T09:00:00Z")).findFirst().orElseThrow();
            assertEquals(60, first.get("currentCount").asLong(), "30 joined and 30 requests alone");
        }
    }

    /**
     * Two serving layers that reuse ids (counters, retries, generators of their own) for the same model: an OIP JSON
     * topic and a KServe topic. Each request meets its own layer's response, never the other's (issue 28: 3 events for
     * 2 before). Through the topology (hop and join) and in replay.
     */
    @Test
    void halvesOfTwoInputsThatReuseIdsNeverMeet() throws Exception {
        KdriftConfig two = config("- {topic: oip, format: oip, model: iris, " + TENSORS + "}\n  - {topic: kserve, format: kserve, " + TENSORS + "}");
        List<Prediction> all = ServingRecords.predictions(20, 1, 3);
        List<String> oip = ServingRecords.oipJson(all, 1, "oip");
        List<String> kserve = ServingRecords.kserveBinary(all, 1, "kserve");
        assertEquals(oip.size(), kserve.size());
        List<String> interleaved = new java.util.ArrayList<>();
        for (int i = 0; i < oip.size(); i++) {
            interleaved.add(oip.get(i));
            interleaved.add(kserve.get(i));
        }
        try (DriftDriver d = new DriftDriver(two, dir.resolve("two"), DriftTopology.Mode.KAFKA)) {
            interleaved.forEach(d::sendEnvelope);
            d.advanceWallClock(Duration.ofMinutes(2));
            d.advanceWallClock(Duration.ofMinutes(5));
            assertEquals(40, d.counters.requestsJoinedCount());
            for (InferencePart part : InferencePart.values()) {
                for (RequestJoin.Unmatched why : RequestJoin.Unmatched.values()) {
                    assertEquals(0, d.counters.unmatchedCount(part, why), part + " " + why);
                }
            }
            List<JsonNode> scores = d.scores();
            assertEquals(40, count(scores, "prediction"), scores.toString());
            assertEquals(40, count(scores, "feature.sepal_length"));
        }
        Output replayed = replay(two, interleaved);
        Output doubled = replay(NATIVE, all.stream().flatMap(p -> java.util.stream.Stream.of(ServingRecords.nativeLine(p),
                ServingRecords.nativeLine(p))).toList());
        assertEquals(doubled.scores(), replayed.scores(), "each prediction twice, as kdrift's own events");
    }

    @Test
    void aRetriedRequestAndARequestWithoutIdGoOnAloneAndAreCounted() {
        List<Prediction> all = ServingRecords.predictions(3, 1, 3);
        try (DriftDriver d = new DriftDriver(OIP_JSON, dir.resolve("dup"), DriftTopology.Mode.KAFKA)) {
            List<String> records = ServingRecords.oipJson(all, 1, "oip");
            d.sendEnvelope(records.get(0));
            d.sendEnvelope(records.get(0)); // the same request again, before its response
            d.sendEnvelope(records.get(1));
            d.sendEnvelope(ServingRecords.envelope("oip", null, null, all.get(2).at(), ServingRecords.oipRequest(List.of(all.get(2)), true, false)));
            assertEquals(1, d.counters.requestsJoinedCount());
            assertEquals(1, d.counters.unmatchedCount(InferencePart.REQUEST, RequestJoin.Unmatched.DUPLICATE));
            assertEquals(1, d.counters.unmatchedCount(InferencePart.REQUEST, RequestJoin.Unmatched.NO_ID));
        }
    }

    /** One CloudEvent dated 2099 must not move the join's or the windows' clock: it is a dead letter, the others join. */
    @Test
    void aCloudEventDated2099IsADeadLetterAndTheOthersStillJoin() {
        List<Prediction> all = ServingRecords.predictions(2, 1, 3);
        try (DriftDriver d = new DriftDriver(KSERVE, dir.resolve("2099"), DriftTopology.Mode.KAFKA)) {
            List<String> records = ServingRecords.kserveBinary(all, 1, "kserve");
            d.sendEnvelope(records.get(0));
            d.sendEnvelope(records.get(1).replaceFirst("\"ce_time\":\"2026-01-05T09:00:00.007Z\"", "\"ce_time\":\"2099-01-01T00:00:00Z\""));
            d.sendEnvelope(records.get(2));
            d.sendEnvelope(records.get(3));
            List<org.apache.kafka.streams.test.TestRecord<byte[], byte[]>> dead = d.deadLetters();
            assertEquals(1, dead.size());
            assertEquals("timestamp_ahead_of_clock", DriftDriver.header(dead.get(0), "kdrift.reason"));
            assertEquals(1, d.counters.requestsJoinedCount(), "the second prediction joins; the first waits for a response that was refused");
        }
    }

    /**
     * A gateway writes three models' requests and responses to one OIP JSON topic pair and one OIP protobuf pair; its
     * requests name no model (the protocol puts it in the URL path), its responses do; batches of ten, one in two with
     * the response written first. Each model scores as the same predictions in kdrift's own shape: in replay, and
     * through the topology (hop by id, join, hop by model). Before: every request a dead letter (missing_model).
     */
    @Test
    void aGatewaysThreeModelsOnOneOipTopicPairScoreAsTheirOwnEvents() throws Exception {
        List<Prediction> all = ServingRecords.predictions(2700, 10, 11);
        List<String> gateway = ServingRecords.gateway(all, 10, GATEWAY_MODELS);
        Output expected = replay(NATIVE, ServingRecords.gatewayNative(all, 10, GATEWAY_MODELS));
        for (String model : GATEWAY_MODELS) {
            assertTrue(expected.scores().contains("\"model\":\"" + model + "\""), model);
        }
        assertTrue(expected.alerts().contains("\"signal\":\"feature.petal_length\""), "the shift alerts: " + expected.alerts());
        Output got = replay(GATEWAY, gateway);
        assertEquals("", got.deadLetters());
        assertEquals(sorted(expected.scores()), sorted(got.scores()));
        assertEquals(sorted(expected.alerts()), sorted(got.alerts()));

        // through the topology, windows close when the join tasks' markers say (every second live): fixed bins, so that
        // a window's bins do not depend on how many events a quantile learner had seen by then
        String fixedBins = "binning: {numeric: {type: uniform, min: 0, max: 10, bins: 10}}";
        String quantileBins = "binning: {numeric: {type: quantile, bins: 5, sample: 100}}";
        KdriftConfig nativeFixed = ConfigLoader.parse(COMMON.replace(quantileBins, fixedBins), "native.yaml");
        KdriftConfig gatewayFixed = ConfigLoader.parse(COMMON.replace(quantileBins, fixedBins) + "inputs:\n"
                + "  - {topics: [gw-requests, gw-responses], format: oip, " + TENSORS + "}\n"
                + "  - {topic: gwpb-requests, format: oip, encoding: protobuf, part: request, " + TENSORS + "}\n"
                + "  - {topic: gwpb-responses, format: oip, encoding: protobuf, part: response, " + TENSORS + "}\n", "gateway.yaml");
        List<JsonNode> expectedScores;
        try (DriftDriver d = new DriftDriver(nativeFixed, dir.resolve("native"), DriftTopology.Mode.KAFKA)) {
            ServingRecords.gatewayNative(all, 10, GATEWAY_MODELS).forEach(d::send);
            d.advanceWallClock(Duration.ofMinutes(5));
            expectedScores = d.scores();
        }
        try (DriftDriver d = new DriftDriver(gatewayFixed, dir.resolve("gateway"), DriftTopology.Mode.KAFKA)) {
            for (int i = 0; i < gateway.size(); i++) {
                d.sendEnvelope(gateway.get(i));
                if (i % 100 == 99) {
                    d.tick(); // a second of the wall clock: the join tasks tell their clocks on
                }
            }
            // the join task's markers, then the drift task's clock: its ways of the join tasks of partitions this driver
            // does not run (topics.partitions is 3) stop holding after idleAfter
            d.advanceWallClock(Duration.ofMinutes(2));
            d.advanceWallClock(Duration.ofMinutes(5));
            assertEquals(List.of(), d.deadLetters());
            assertEquals(all.size(), d.counters.requestsJoinedCount());
            assertEquals(0, d.counters.lateCount());
            List<JsonNode> scored = d.scores();
            assertEquals(all.size(), d.counters.acceptedCount(), "accepted; scores: " + scored.size());
            assertEquals(sorted(expectedScores), sorted(scored));
        }
    }

    /**
     * A request that names no model and whose response never comes cannot be scored: it is counted as unmatched and
     * goes to the dead-letter topic with its reason, in replay and through the topology; the others join.
     */
    @Test
    void aRequestThatNamesNoModelAndWhoseResponseNeverComesIsADeadLetter() throws Exception {
        List<Prediction> all = ServingRecords.predictions(300, 10, 11);
        List<String> gateway = ServingRecords.gateway(all, 10, GATEWAY_MODELS);
        // batches 4 (JSON, request first) and 7 (protobuf, response first) lose their response
        List<String> lossy = new java.util.ArrayList<>(gateway);
        lossy.remove(7 * 2);
        lossy.remove(4 * 2 + 1);
        Output replayed = replay(GATEWAY, lossy);
        List<String> deadLetters = replayed.deadLetters().lines().toList();
        assertEquals(20, deadLetters.size(), replayed.deadLetters());
        assertTrue(deadLetters.stream().allMatch(l -> l.contains("\"missing_model\"") && l.contains("response, which names it, did not come")),
                deadLetters.get(0));
        try (DriftDriver d = new DriftDriver(GATEWAY, dir.resolve("lossy"), DriftTopology.Mode.KAFKA)) {
            lossy.forEach(d::sendEnvelope);
            d.advanceWallClock(Duration.ofMinutes(2));
            d.advanceWallClock(Duration.ofMinutes(5));
            assertEquals(all.size() - 20, d.counters.requestsJoinedCount());
            assertEquals(20, d.counters.unmatchedCount(InferencePart.REQUEST, RequestJoin.Unmatched.EXPIRED));
            assertEquals(0, d.counters.lateCount(), "no half waited past its window's close (grace 0s, joinWindow 30s)");
            List<org.apache.kafka.streams.test.TestRecord<byte[], byte[]>> dead = d.deadLetters();
            assertEquals(20, dead.size());
            for (org.apache.kafka.streams.test.TestRecord<byte[], byte[]> r : dead) {
                assertEquals("missing_model", DriftDriver.header(r, "kdrift.reason"));
                JsonNode row = DriftDriver.parse(r.value());
                assertTrue(row.get("id").asText().startsWith("req-40/") || row.get("id").asText().startsWith("req-70/"), row.toString());
                assertTrue(row.get("features").has("petal_length"), "the request's row, as kdrift read it: " + row);
            }
            assertEquals(all.size() - 20, count(d.scores(), "feature.sepal_length"));
        }
    }

    private static List<String> sorted(String lines) {
        return lines.lines().sorted().toList();
    }

    private static List<String> sorted(List<JsonNode> nodes) {
        return nodes.stream().map(JsonNode::toString).sorted().toList();
    }

    private static long count(List<JsonNode> scores, String signal) {
        return scores.stream().filter(s -> s.get("signal").asText().equals(signal)).mapToLong(s -> s.get("currentCount").asLong()).sum();
    }
}
