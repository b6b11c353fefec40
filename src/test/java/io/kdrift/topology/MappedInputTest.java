package io.kdrift.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.replay.Replay;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same predictions sent in kdrift's own shape, as records of another shape one by one, and as batches of another
 * shape, read through input.mapping, give the same score and alert records: in replay, and through the topology with
 * the hop by model that such records take, keyed by a request id as such producers key them.
 */
class MappedInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
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
    private static final KdriftConfig NATIVE = ConfigLoader.parse(COMMON, "native.yaml");
    /** One prediction per record: {"meta":{"model","requestId","at"},"output":{"class","scores":[...]},"inputs":{...}}. */
    private static final KdriftConfig ONE_BY_ONE = ConfigLoader.parse(COMMON + """
            inputs:
              - format: mapping
                mapping:
                  model: /meta/model
                  id: /meta/requestId
                  timestamp: /meta/at
                  prediction: /output/class
                  probabilities: /output/scores
                  classes: [fraud, ok]
                  features: /inputs
                  feature: {channel: /meta/channel}
            """, "one.yaml");
    /** Batches: {"model","at","rows":[{"id","class","p":{...},"amount","country"}, ...]}. */
    private static final KdriftConfig BATCHED = ConfigLoader.parse(COMMON + """
            inputs:
              - format: mapping
                mapping:
                  model: {constant: fraud-v2}
                  id: /rows/*/id
                  timestamp: /rows/*/at
                  prediction: /rows/*/class
                  probabilities: /rows/*/p
                  feature: {amount: /rows/*/amount, country: /rows/*/country, channel: /channel}
            """, "batched.yaml");

    @TempDir
    Path dir;

    /** A prediction: its time, id, class, p(fraud), amount, country, channel; the amounts shift from minute 6. */
    private record Prediction(long at, String id, String cls, double pFraud, double amount, String country, String channel) {
    }

    private static List<Prediction> predictions() {
        SplittableRandom r = new SplittableRandom(11);
        long t0 = Instant.parse("2026-01-05T09:00:00Z").toEpochMilli();
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            long at = t0 + i * 800L;
            double p = Math.round(r.nextDouble() * 1000) / 1000.0;
            double amount = Math.round(((at - t0 > 6 * 60_000 ? 80 : 50) + r.nextDouble() * 40) * 100) / 100.0;
            out.add(new Prediction(at, "r" + i, p > 0.5 ? "fraud" : "ok", p, amount, r.nextBoolean() ? "de" : "fr", "web"));
        }
        return out;
    }

    private static String nativeLine(Prediction p) {
        return "{\"model\":\"fraud-v2\",\"id\":\"" + p.id + "\",\"timestamp\":" + p.at + ",\"prediction\":\"" + p.cls
                + "\",\"probabilities\":{\"fraud\":" + p.pFraud + ",\"ok\":" + (1 - p.pFraud) + "},\"features\":{\"amount\":" + p.amount
                + ",\"country\":\"" + p.country + "\",\"channel\":\"" + p.channel + "\"}}";
    }

    private static String oneByOne(Prediction p) {
        return "{\"meta\":{\"model\":\"fraud-v2\",\"requestId\":\"" + p.id + "\",\"at\":\"" + Instant.ofEpochMilli(p.at) + "\",\"channel\":\""
                + p.channel + "\"},\"output\":{\"class\":\"" + p.cls + "\",\"scores\":[" + p.pFraud + "," + (1 - p.pFraud) + "]},"
                + "\"inputs\":{\"amount\":" + p.amount + ",\"country\":\"" + p.country + "\"},\"serving\":{\"latencyMs\":3}}";
    }

    /** Batches of three, each at its own time: a batch record is of one channel, as a serving layer writes a request's rows. */
    private static List<String> batches(List<Prediction> all) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 3) {
            StringBuilder b = new StringBuilder("{\"channel\":\"web\",\"rows\":[");
            for (int j = i; j < Math.min(i + 3, all.size()); j++) {
                Prediction p = all.get(j);
                b.append(j > i ? "," : "").append("{\"id\":\"").append(p.id).append("\",\"at\":").append(p.at).append(",\"class\":\"")
                        .append(p.cls).append("\",\"p\":{\"fraud\":").append(p.pFraud).append(",\"ok\":").append(1 - p.pFraud)
                        .append("},\"amount\":").append(p.amount).append(",\"country\":\"").append(p.country).append("\"}");
            }
            out.add(b.append("]}").toString());
        }
        return out;
    }

    private static String replay(KdriftConfig config, List<String> lines, ByteArrayOutputStream alerts) throws Exception {
        ByteArrayOutputStream scores = new ByteArrayOutputStream();
        ByteArrayOutputStream deadLetters = new ByteArrayOutputStream();
        Replay.run(config, new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)),
                Replay.Options.to(scores, deadLetters).withAlerts(alerts));
        assertEquals("", deadLetters.toString(StandardCharsets.UTF_8));
        return scores.toString(StandardCharsets.UTF_8);
    }

    @Test
    void inReplayTheSameScoresAndAlertsComeFromEveryShape() throws Exception {
        List<Prediction> all = predictions();
        ByteArrayOutputStream nativeAlerts = new ByteArrayOutputStream();
        String expected = replay(NATIVE, all.stream().map(MappedInputTest::nativeLine).toList(), nativeAlerts);
        assertTrue(expected.lines().count() > 40, expected);
        assertTrue(nativeAlerts.toString(StandardCharsets.UTF_8).contains("\"signal\":\"feature.amount\""), "the shift alerts");
        ByteArrayOutputStream alerts = new ByteArrayOutputStream();
        assertEquals(expected, replay(ONE_BY_ONE, all.stream().map(MappedInputTest::oneByOne).toList(), alerts));
        assertEquals(nativeAlerts.toString(StandardCharsets.UTF_8), alerts.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream batchedAlerts = new ByteArrayOutputStream();
        assertEquals(expected, replay(BATCHED, batches(all), batchedAlerts));
        assertEquals(nativeAlerts.toString(StandardCharsets.UTF_8), batchedAlerts.toString(StandardCharsets.UTF_8));
    }

    /**
     * Record envelopes (topic, key, timestamp, value) of the one mapped input's topic are replayed as the records they
     * hold (issue 28: every line was a dead letter, missing_model): the same scores as their values, and with a mapping
     * that has no timestamp pointer, the envelope's timestamp is the event time, as a record's is live.
     */
    @Test
    void inReplayEnvelopesOfTheMappedInputsTopicAreTheRecordsTheyHold() throws Exception {
        List<Prediction> all = predictions();
        String expected = replay(NATIVE, all.stream().map(MappedInputTest::nativeLine).toList(), new ByteArrayOutputStream());
        List<String> envelopes = all.stream().map(p -> "{\"topic\":\"predictions\",\"key\":\"" + p.id + "\",\"timestamp\":" + p.at
                + ",\"value\":" + oneByOne(p) + "}").toList();
        assertEquals(expected, replay(ONE_BY_ONE, envelopes, new ByteArrayOutputStream()));
        KdriftConfig recordTime = ConfigLoader.parse(COMMON + """
                inputs:
                  - format: mapping
                    mapping: {model: /meta/model, id: /meta/requestId, prediction: /output/class, probabilities: /output/scores,
                              classes: [fraud, ok], features: /inputs, feature: {channel: /meta/channel}}
                """, "record-time.yaml");
        assertEquals(expected, replay(recordTime, envelopes, new ByteArrayOutputStream()));
    }

    @Test
    void throughTheTopologyRecordsKeyedByRequestIdHopByModelAndScoreAsKdriftsOwn() throws Exception {
        List<Prediction> all = predictions();
        List<JsonNode> expected;
        try (DriftDriver d = new DriftDriver(NATIVE, dir.resolve("native"), DriftTopology.Mode.KAFKA)) {
            // without a key, as the mapped records' events: both hop, and windows close as they come (a window that closes
            // before the quantile edges are learned is reported without a distribution)
            all.forEach(p -> d.send(nativeLine(p)));
            expected = d.scores();
        }
        assertTrue(expected.size() > 40);
        try (DriftDriver d = new DriftDriver(BATCHED, dir.resolve("batched"), DriftTopology.Mode.KAFKA)) {
            List<String> batches = batches(all);
            for (int i = 0; i < batches.size(); i++) {
                d.send("request-" + i, batches.get(i)); // keyed by request, not by model
            }
            d.tick();
            assertEquals(expected, d.scores());
            assertEquals(List.of(), d.deadLetters());
        }
    }

    @Test
    void aBadPredictionOfABatchIsDeadLetteredWithItsElementAndTheOthersCount() {
        try (DriftDriver d = new DriftDriver(BATCHED, dir.resolve("bad"), DriftTopology.Mode.KAFKA)) {
            d.send("req", "{\"rows\":[{\"id\":\"a\",\"at\":1767603600000,\"class\":\"ok\",\"amount\":1},"
                    + "{\"id\":\"b\",\"at\":1767603600001,\"class\":\"ok\",\"amount\":\"lots\",\"country\":[1]},"
                    + "{\"id\":\"c\",\"at\":1767603600002,\"p\":{\"fraud\":0.2,\"ok\":0.2}}]}");
            var dead = d.deadLetters();
            assertEquals(2, dead.size());
            assertEquals("invalid_feature", DriftDriver.header(dead.get(0), "kdrift.reason"));
            assertTrue(DriftDriver.header(dead.get(0), "kdrift.detail").startsWith("prediction 1 of the batch: "),
                    DriftDriver.header(dead.get(0), "kdrift.detail"));
            assertEquals("probabilities_not_normalized", DriftDriver.header(dead.get(1), "kdrift.reason"));
            assertTrue(DriftDriver.header(dead.get(1), "kdrift.detail").contains("(at /rows/2/p)"),
                    DriftDriver.header(dead.get(1), "kdrift.detail"));
            assertEquals("req", new String(dead.get(0).key(), StandardCharsets.UTF_8), "the record as it came");
            assertEquals(1, d.counters.acceptedCount(), "a counted");
        }
    }
}
