package io.kdrift.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.kdrift.config.KdriftConfig;
import io.kdrift.drift.Baseline;
import io.kdrift.codec.BaselineJson;
import io.kdrift.event.RejectReason;
import io.kdrift.topology.DriftTopology;
import io.kdrift.topology.EventCounters;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * {@code kdrift replay}: runs the very topology of {@code kdrift run} offline, on Kafka Streams'
 * TopologyTestDriver, over a JSON-lines file of events, and writes the score records (and the dead
 * letters) as JSON lines. At the end of the input, the last open windows are closed and scored, as when
 * a live model's traffic stops (the wall clock is moved past {@code window.idleAfter}).
 */
public final class Replay {
    static final String LINE_HEADER = "kdrift.replay.line";
    private static final int DRAIN_EVERY = 10_000;
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    /** What a replay did. */
    public record Summary(long lines, long accepted, long late, long rejected, Map<String, Long> rejectedByReason,
                          long scores, long alerts, double seconds) {
        public double eventsPerSecond() {
            return seconds > 0 ? lines / seconds : 0;
        }
    }

    private Replay() {
    }

    /**
     * @param alerts where to write the alert records, or null not to
     */
    public static Summary run(KdriftConfig config, Path input, Path output, Path deadLetters, Path alerts, PrintStream progress) throws IOException {
        return run(config, input, output, deadLetters, alerts, List.of(), progress);
    }

    /**
     * @param baselines pinned baselines, published to the reference topic before the first event
     */
    public static Summary run(KdriftConfig config, Path input, Path output, Path deadLetters, Path alerts, List<Baseline> baselines,
                              PrintStream progress) throws IOException {
        try (InputStream in = Files.newInputStream(input);
             OutputStream scores = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
             OutputStream dlq = new BufferedOutputStream(Files.newOutputStream(deadLetters), 1 << 16);
             OutputStream alertsOut = alerts == null ? OutputStream.nullOutputStream()
                     : new BufferedOutputStream(Files.newOutputStream(alerts), 1 << 16)) {
            return run(config, in, scores, dlq, alertsOut, baselines, progress);
        }
    }

    public static Summary run(KdriftConfig config, InputStream input, OutputStream scoresOut, OutputStream deadLettersOut,
                              PrintStream progress) throws IOException {
        return run(config, input, scoresOut, deadLettersOut, OutputStream.nullOutputStream(), progress);
    }

    public static Summary run(KdriftConfig config, InputStream input, OutputStream scoresOut, OutputStream deadLettersOut,
                              OutputStream alertsOut, PrintStream progress) throws IOException {
        return run(config, input, scoresOut, deadLettersOut, alertsOut, List.of(), progress);
    }

    public static Summary run(KdriftConfig config, InputStream input, OutputStream scoresOut, OutputStream deadLettersOut,
                              OutputStream alertsOut, List<Baseline> baselines, PrintStream progress) throws IOException {
        if (!baselines.isEmpty() && !config.usesPinnedReference()) {
            throw new IllegalArgumentException("baselines were given, but no model of the configuration is pinned (reference: {mode: pinned})");
        }
        EventCounters counters = new EventCounters();
        Path stateDir = Files.createTempDirectory("kdrift-replay-");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "kdrift-replay");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay:9092"); // never contacted
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put("processing.exception.handler.global.enabled", "true");
        long started = System.nanoTime();
        long lines = 0;
        long scores = 0;
        long[] alerts = {0};
        try (TopologyTestDriver driver = new TopologyTestDriver(DriftTopology.build(config, counters, DriftTopology.Mode.REPLAY),
                props, Instant.EPOCH);
             LineReader reader = new LineReader(input)) {
            TestInputTopic<byte[], byte[]> events = driver.createInputTopic(config.topics().input(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> scoreTopic = driver.createOutputTopic(config.topics().scores(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<byte[], byte[]> dlqTopic = driver.createOutputTopic(config.topics().deadLetter(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<String, byte[]> alertTopic = driver.createOutputTopic(config.topics().alerts(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            Drain drain = () -> {
                long n = drain(scoreTopic, dlqTopic, scoresOut, deadLettersOut);
                while (!alertTopic.isEmpty()) {
                    alertsOut.write(alertTopic.readValue());
                    alertsOut.write('\n');
                    alerts[0]++;
                }
                return n;
            };
            if (config.usesPinnedReference()) {
                TestInputTopic<String, byte[]> reference = driver.createInputTopic(config.topics().reference(),
                        new StringSerializer(), new ByteArraySerializer());
                for (Baseline b : baselines) {
                    reference.pipeInput(b.model(), BaselineJson.toJson(b), 0L);
                }
            }
            long lastProgress = started;
            byte[] line;
            while ((line = reader.next()) != null) {
                lines++;
                if (LineReader.isBlank(line)) {
                    continue;
                }
                RecordHeaders headers = new RecordHeaders();
                headers.add(LINE_HEADER, Long.toString(lines).getBytes(StandardCharsets.US_ASCII));
                events.pipeInput(new TestRecord<>(null, line, headers, 0L));
                if (lines % DRAIN_EVERY == 0) {
                    scores += drain.run();
                    long now = System.nanoTime();
                    if (progress != null && now - lastProgress >= PROGRESS_EVERY_NANOS) {
                        lastProgress = now;
                        progress.printf("replay: %,d lines read, %,.0f events/s%n", lines, lines / ((now - started) / 1e9));
                    }
                }
            }
            // end of input: let the wall clock run past idleAfter, as for a model that went quiet
            var window = config.window();
            driver.advanceWallClockTime(window.size().plus(window.grace()).plus(window.idleAfter()).plus(Duration.ofMillis(1)));
            scores += drain.run();
        } finally {
            deleteRecursively(stateDir);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (RejectReason r : RejectReason.values()) {
            long n = counters.rejectedCount(r);
            if (n > 0) {
                byReason.put(r.code(), n);
            }
        }
        return new Summary(lines, counters.acceptedCount(), counters.lateCount(), counters.rejectedCount(), byReason, scores, alerts[0], seconds);
    }

    private static long drain(TestOutputTopic<String, byte[]> scoreTopic, TestOutputTopic<byte[], byte[]> dlqTopic,
                              OutputStream scoresOut, OutputStream dlqOut) throws IOException {
        long n = 0;
        while (!scoreTopic.isEmpty()) {
            scoresOut.write(scoreTopic.readValue());
            scoresOut.write('\n');
            n++;
        }
        while (!dlqTopic.isEmpty()) {
            writeDeadLetter(dlqTopic.readRecord(), dlqOut);
        }
        return n;
    }

    private static final JsonFactory JSON = new JsonFactory();

    private interface Drain {
        long run() throws IOException;
    }

    /** {"line":12,"reason":"invalid_json","detail":"...","value":"the line as it was"} */
    private static void writeDeadLetter(TestRecord<byte[], byte[]> record, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            Header line = record.headers().lastHeader(LINE_HEADER);
            if (line != null) {
                g.writeNumberField("line", Long.parseLong(new String(line.value(), StandardCharsets.US_ASCII)));
            }
            g.writeStringField("reason", header(record, "kdrift.reason"));
            g.writeStringField("detail", header(record, "kdrift.detail"));
            g.writeStringField("value", new String(record.value(), StandardCharsets.UTF_8));
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
