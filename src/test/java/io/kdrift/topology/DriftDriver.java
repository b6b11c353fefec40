package io.kdrift.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** kdrift's topology on a TopologyTestDriver, with helpers to send events and read what comes out. */
final class DriftDriver implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long T0 = Instant.parse("2026-01-05T09:00:00Z").toEpochMilli();

    final KdriftConfig config;
    final EventCounters counters = new EventCounters();
    private final Path stateDir;
    private final DriftTopology.Mode mode;
    final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> input;
    private final java.util.Map<String, TestInputTopic<byte[], byte[]>> topics = new java.util.HashMap<>();
    private final TestOutputTopic<String, byte[]> scores;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final TestOutputTopic<String, byte[]> alerts;
    private final TestOutputTopic<String, byte[]> verdicts;

    DriftDriver(String yaml, Path stateDir) {
        this(ConfigLoader.parse(yaml, "test.yaml"), stateDir, DriftTopology.Mode.KAFKA);
    }

    DriftDriver(KdriftConfig config, Path stateDir, DriftTopology.Mode mode) {
        this.config = config;
        this.stateDir = stateDir;
        this.mode = mode;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "kdrift-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DriftTopology.build(config, counters, mode), props, Instant.EPOCH);
        input = driver.createInputTopic(config.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
        scores = driver.createOutputTopic(config.topics().scores(), new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(config.topics().deadLetter(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        alerts = driver.createOutputTopic(config.topics().alerts(), new StringDeserializer(), new ByteArrayDeserializer());
        verdicts = driver.createOutputTopic(config.topics().verdicts(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Model verdicts emitted since the last call, as JSON (keyed by their model). */
    List<JsonNode> verdicts() {
        List<JsonNode> out = new ArrayList<>();
        while (!verdicts.isEmpty()) {
            TestRecord<String, byte[]> r = verdicts.readRecord();
            JsonNode n = parse(r.value());
            if (!r.key().equals(n.get("model").asText())) {
                throw new AssertionError("record key " + r.key() + " does not match " + n);
            }
            out.add(n);
        }
        return out;
    }

    /** Asks for a re-baseline of the model on the reference topic, as kdrift rebaseline does. */
    void rebaseline(String model, long requestedAt) {
        driver.createInputTopic(config.topics().reference(), new org.apache.kafka.common.serialization.StringSerializer(),
                new ByteArraySerializer()).pipeInput(io.kdrift.codec.RebaselineJson.key(model),
                io.kdrift.codec.RebaselineJson.toJson(new io.kdrift.codec.RebaselineJson.Request(model, requestedAt)), T0);
    }

    /** Alert records emitted since the last call, as JSON. */
    List<JsonNode> alerts() {
        List<JsonNode> out = new ArrayList<>();
        while (!alerts.isEmpty()) {
            TestRecord<String, byte[]> r = alerts.readRecord();
            JsonNode n = parse(r.value());
            if (!r.key().equals(n.get("model").asText() + "/" + n.get("signal").asText() + "/" + n.get("rule").asText())) {
                throw new AssertionError("record key " + r.key() + " does not match " + n);
            }
            out.add(n);
        }
        return out;
    }

    /** Sends an event without a record key (the model is in the JSON), with a record timestamp of {@code T0}. */
    void send(String json) {
        input.pipeInput(new TestRecord<>(null, json.getBytes(StandardCharsets.UTF_8), null, T0));
    }

    /** Sends an event without a record key, with one header (UTF-8). */
    void sendWithHeader(String json, String header, String value) {
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(header, value.getBytes(StandardCharsets.UTF_8));
        input.pipeInput(new TestRecord<>(null, json.getBytes(StandardCharsets.UTF_8), headers, T0));
    }

    /** Sends an event keyed by its model. */
    void send(String key, String json) {
        input.pipeInput(new TestRecord<>(key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8), null, T0));
    }

    /** Publishes a baseline (JSON) on the reference topic, keyed by its model, as {@code kdrift baseline --publish} does. */
    void publishBaseline(String model, String json) {
        driver.createInputTopic(config.topics().reference(), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer()).pipeInput(model, json, T0);
    }

    void sendBytes(byte[] key, byte[] value) {
        input.pipeInput(new TestRecord<>(key, value, null, T0));
    }

    /** A categorical prediction at T0 + offset. */
    void prediction(String model, long offsetMs, String category) {
        send("{\"model\":\"" + model + "\",\"timestamp\":" + (T0 + offsetMs) + ",\"prediction\":\"" + category + "\"}");
    }

    void advanceWallClock(Duration d) {
        driver.advanceWallClockTime(d);
    }

    /**
     * One second of the wall clock: each input partition's progress marker passes (io.kdrift.time.Watermarks), as it does
     * every second live, so that a partition's records read in place and those that took a hop are at the same time again.
     */
    void tick() {
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    /**
     * Sends a record given as a replay envelope line (docs/inputs.md) to its topic, with its key, headers and timestamp
     * (the record timestamp here, as a broker's).
     */
    void sendEnvelope(String line) {
        io.kdrift.replay.Envelope e = io.kdrift.replay.Envelope.parse(line.getBytes(StandardCharsets.UTF_8));
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        e.headers().forEach(h -> headers.add(h.getKey(), h.getValue()));
        topics.computeIfAbsent(e.topic(), t -> driver.createInputTopic(t, new ByteArraySerializer(), new ByteArraySerializer()))
                .pipeInput(new TestRecord<>(e.key(), e.value(), headers, Math.max(0, e.timestamp())));
    }

    /** Score records emitted since the last call, as JSON. */
    List<JsonNode> scores() {
        List<JsonNode> out = new ArrayList<>();
        while (!scores.isEmpty()) {
            TestRecord<String, byte[]> r = scores.readRecord();
            JsonNode n = parse(r.value());
            if (!r.key().equals(n.get("model").asText() + "/" + n.get("signal").asText())) {
                throw new AssertionError("record key " + r.key() + " does not match " + n);
            }
            out.add(n);
        }
        return out;
    }

    /** Score records emitted since the last call, as the topic holds them (key, value, timestamp, headers). */
    List<TestRecord<String, byte[]>> scoreRecords() {
        return scores.readRecordsToList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
