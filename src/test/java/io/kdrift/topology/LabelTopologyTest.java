package io.kdrift.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.testing.BadRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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

        Driver() {
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "kdrift-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            driver = new TopologyTestDriver(DriftTopology.build(CONFIG, new EventCounters(), ScoreListener.NONE, DriftTopology.Mode.KAFKA, 3),
                    props, Instant.EPOCH);
            predictions = driver.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer());
            labels = driver.createInputTopic("drift-labels", new ByteArraySerializer(), new ByteArraySerializer());
            performance = driver.createOutputTopic("drift-performance", new StringDeserializer(), new ByteArrayDeserializer());
            deadLetters = driver.createOutputTopic("predictions-dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer());
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

        List<JsonNode> performance() throws Exception {
            List<JsonNode> out = new ArrayList<>();
            for (TestRecord<String, byte[]> r : performance.readRecordsToList()) {
                assertEquals("m", r.key());
                out.add(JSON.readTree(r.value()));
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

    @Test
    void labelsKeyedByIdMeetTheirPredictionsAndEachWindowsPerformanceIsFinalAfterTheHorizon() throws Exception {
        try (Driver d = new Driver()) {
            d.predict("a", 1_000, "fraud", 0.9);
            d.predict("b", 2_000, "ok", 0.2);
            d.predict("c", 3_000, "fraud", 0.6);
            d.predict("d", 4_000, "ok", 0.1);
            d.label("c", 30_000, "ok");
            d.label("a", 5 * MINUTE, "fraud");
            d.label("b", 6 * MINUTE, "ok");
            d.label("a", 7 * MINUTE, "ok");          // a second label: the first counts
            d.label("ghost", 7 * MINUTE, "fraud");   // no such prediction
            assertEquals(List.of(), d.performance(), "the horizon of the first window has not passed");
            // predictions two horizons on: the labels have stopped, so the first window is final by the prediction clock
            d.predict("z", MINUTE + 20 * MINUTE, "ok", 0.3);
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
