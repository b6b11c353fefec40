package io.kdrift.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.kdrift.codec.BaselineJson;
import io.kdrift.codec.EventParser;
import io.kdrift.codec.InputFormats;
import io.kdrift.config.KdriftConfig;
import io.kdrift.drift.Baseline;
import io.kdrift.event.RejectReason;
import io.kdrift.topology.DriftTopology;
import io.kdrift.topology.EventCounters;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
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
import java.util.HashMap;
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
    static final String LINE_HEADER = DriftTopology.REPLAY_LINE_HEADER;
    private static final int DRAIN_EVERY = 10_000;
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    /** What a replay did. */
    /**
     * @param labels       valid label records read ({@code --labels})
     * @param labelsJoined those that joined their prediction; every other one is a dead letter with its reason (the end of
     *                     the input is waited out: no label is still waiting when replay ends)
     */
    public record Summary(long lines, long accepted, long late, long rejected, Map<String, Long> rejectedByReason,
                          long scores, long alerts, long performance, long verdicts, long labels, long labelsJoined, double seconds) {
        /** Events (accepted, late or rejected) per second: as many as lines in kdrift's own shape, more for batches. */
        public double eventsPerSecond() {
            return seconds > 0 ? (accepted + late + rejected) / seconds : 0;
        }
    }

    private Replay() {
    }

    /**
     * The files of a replay: the score records and dead letters, always; the alert records, the model verdicts and, with
     * labels, the performance records, when given.
     */
    public record FileOptions(Path scores, Path deadLetters, Path alerts, Path verdicts, Path labels, Path performance) {
        public static FileOptions of(Path scores, Path deadLetters) {
            return new FileOptions(scores, deadLetters, null, null, null, null);
        }

        /** @param alerts where the alert records go, or null not to write them */
        public FileOptions withAlerts(Path alerts) {
            return new FileOptions(scores, deadLetters, alerts, verdicts, labels, performance);
        }

        /** @param verdicts where the model verdicts go (docs/scores.md), or null not to write them */
        public FileOptions withVerdicts(Path verdicts) {
            return new FileOptions(scores, deadLetters, alerts, verdicts, labels, performance);
        }

        /** @param labels labels to join (docs/performance.md), or null; {@code performance}: where their performance records go */
        public FileOptions withLabels(Path labels, Path performance) {
            return new FileOptions(scores, deadLetters, alerts, verdicts, labels, performance);
        }
    }

    /**
     * Replays the events of {@code input} into {@code files}.
     *
     * @param baselines pinned baselines, published to the reference topic before the first event
     * @param progress  where a line of progress goes every two seconds, or null
     */
    public static Summary run(KdriftConfig config, Path input, FileOptions files, List<Baseline> baselines, PrintStream progress) throws IOException {
        try (InputStream in = Files.newInputStream(input);
             OutputStream scores = new BufferedOutputStream(Files.newOutputStream(files.scores()), 1 << 16);
             OutputStream dlq = new BufferedOutputStream(Files.newOutputStream(files.deadLetters()), 1 << 16);
             OutputStream alertsOut = files.alerts() == null ? OutputStream.nullOutputStream()
                     : new BufferedOutputStream(Files.newOutputStream(files.alerts()), 1 << 16);
             InputStream labelsIn = files.labels() == null ? null : Files.newInputStream(files.labels());
             OutputStream performanceOut = files.labels() == null ? null
                     : new BufferedOutputStream(Files.newOutputStream(files.performance()), 1 << 16);
             OutputStream verdictsOut = files.verdicts() == null ? OutputStream.nullOutputStream()
                     : new BufferedOutputStream(Files.newOutputStream(files.verdicts()), 1 << 16)) {
            Options options = Options.to(scores, dlq).withAlerts(alertsOut).withVerdicts(verdictsOut).withBaselines(baselines).withProgress(progress);
            return run(config, in, files.labels() == null ? options : options.withLabels(new LabelReplay(labelsIn, performanceOut)));
        }
    }

    /**
     * Labels for a replay (docs/performance.md): read along with the events in event-time order (each label needs its
     * {@code timestamp}), as they would have reached a live kdrift; the performance records go to {@code performanceOut}.
     */
    public record LabelReplay(InputStream labels, OutputStream performanceOut) {
    }

    /**
     * Where a replay's records go and what it reads besides its events: the score records and dead letters, always;
     * alert records and model verdicts, nowhere unless given; pinned baselines and labels, none unless given; progress
     * lines, none unless given.
     */
    public record Options(OutputStream scores, OutputStream deadLetters, OutputStream alerts, OutputStream verdicts, List<Baseline> baselines,
                          LabelReplay labels, PrintStream progress) {
        public static Options to(OutputStream scores, OutputStream deadLetters) {
            return new Options(scores, deadLetters, OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), List.of(), null, null);
        }

        public Options withAlerts(OutputStream alerts) {
            return new Options(scores, deadLetters, alerts, verdicts, baselines, labels, progress);
        }

        public Options withVerdicts(OutputStream verdicts) {
            return new Options(scores, deadLetters, alerts, verdicts, baselines, labels, progress);
        }

        /** @param baselines pinned baselines, published to the reference topic before the first event */
        public Options withBaselines(List<Baseline> baselines) {
            return new Options(scores, deadLetters, alerts, verdicts, baselines, labels, progress);
        }

        /** @param labels labels to join, and where their performance records go */
        public Options withLabels(LabelReplay labels) {
            return new Options(scores, deadLetters, alerts, verdicts, baselines, labels, progress);
        }

        /** @param progress where a line of progress goes every two seconds, or null */
        public Options withProgress(PrintStream progress) {
            return new Options(scores, deadLetters, alerts, verdicts, baselines, labels, progress);
        }
    }

    /** Replays the events of {@code input} as {@code options} say. */
    public static Summary run(KdriftConfig config, InputStream input, Options options) throws IOException {
        OutputStream scoresOut = options.scores();
        OutputStream deadLettersOut = options.deadLetters();
        OutputStream alertsOut = options.alerts();
        OutputStream verdictsOut = options.verdicts();
        List<Baseline> baselines = options.baselines();
        LabelReplay labelReplay = options.labels();
        PrintStream progress = options.progress();
        if (labelReplay != null && !config.labels().enabled()) {
            throw new IllegalArgumentException("labels were given, but the configuration has no label topic (labels: {topics: [...]})");
        }
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
        long[] performance = {0};
        long[] verdicts = {0};
        try (TopologyTestDriver driver = new TopologyTestDriver(DriftTopology.build(config, counters, DriftTopology.Mode.REPLAY),
                props, Instant.EPOCH);
             LineReader reader = new LineReader(input)) {
            // a serving layer's records and several inputs need key, headers and topic: each line is an Envelope
            boolean envelopes = config.inputs().size() > 1 || config.inputs().get(0).inference();
            if (envelopes && labelReplay != null) {
                throw new IllegalArgumentException("replay --labels reads the events of one input in kdrift's shape or through a mapping");
            }
            String onlyTopic = config.inputs().size() == 1 && config.inputs().get(0).namedTopics().size() == 1
                    ? config.inputs().get(0).namedTopics().get(0) : null;
            Map<String, TestInputTopic<byte[], byte[]>> inputTopics = new HashMap<>();
            TestInputTopic<byte[], byte[]> events = onlyTopic == null ? null
                    : inputTopics.computeIfAbsent(onlyTopic, t -> driver.createInputTopic(t, new ByteArraySerializer(), new ByteArraySerializer()));
            TestOutputTopic<String, byte[]> scoreTopic = driver.createOutputTopic(config.topics().scores(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<byte[], byte[]> dlqTopic = driver.createOutputTopic(config.topics().deadLetter(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<String, byte[]> alertTopic = driver.createOutputTopic(config.topics().alerts(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<String, byte[]> verdictTopic = driver.createOutputTopic(config.topics().verdicts(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<String, byte[]> performanceTopic = labelReplay == null ? null
                    : driver.createOutputTopic(config.topics().performance(), new StringDeserializer(), new ByteArrayDeserializer());
            Drain drain = () -> {
                long n = drain(scoreTopic, dlqTopic, scoresOut, deadLettersOut);
                alerts[0] += copy(alertTopic, alertsOut);
                verdicts[0] += copy(verdictTopic, verdictsOut);
                if (performanceTopic != null) {
                    performance[0] += copy(performanceTopic, labelReplay.performanceOut());
                }
                return n;
            };
            EventParser parser = new EventParser(config.limits().toEventLimits());
            LabelFeed labels = labelReplay == null ? null : new LabelFeed(labelReplay.labels(),
                    config.inputs().get(0).mapped() ? InputFormats.of(config.inputs().get(0), parser) : InputFormats.events(parser),
                    InputFormats.labels(parser, config.labels().mapping()),
                    driver.createInputTopic(config.labels().topics().get(0), new ByteArraySerializer(), new ByteArraySerializer()));
            if (config.usesPinnedReference()) {
                TestInputTopic<String, byte[]> reference = driver.createInputTopic(config.topics().reference(),
                        new StringSerializer(), new ByteArraySerializer());
                for (Baseline b : baselines) {
                    reference.pipeInput(b.model(), BaselineJson.toJson(b), 0L);
                }
            }
            long lastProgress = started;
            long lastEventTime = Long.MIN_VALUE;
            LineBatch batch = new LineBatch();
            byte[] line;
            while ((line = reader.next()) != null) {
                lines++;
                if (LineReader.isBlank(line)) {
                    continue;
                }
                if (labels != null) {
                    long eventTime = labels.eventTime(line);
                    lastEventTime = Math.max(lastEventTime, eventTime);
                    if (labels.dueBefore(eventTime)) {
                        batch.pipeTo(events); // the lines before, then the labels, in the order of the file
                    }
                    labels.pipeUntil(eventTime);
                }
                // one input in kdrift's shape or a mapping: a line is a record's value, or an envelope of that input's topic
                Envelope envelope = envelopes ? null : onlyTopic == null ? null : Envelope.ifOfTopic(line, onlyTopic);
                if (envelopes || envelope != null) {
                    batch.pipeTo(events);
                    RecordHeaders headers = new RecordHeaders();
                    headers.add(LINE_HEADER, Long.toString(lines).getBytes(StandardCharsets.US_ASCII));
                    try {
                        envelope = envelope != null ? envelope : Envelope.parse(line);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("line " + lines + ": not a record envelope (docs/inputs.md): " + e.getMessage());
                    }
                    String topic = envelope.topic() != null ? envelope.topic() : onlyTopic;
                    if (topic == null || config.inputs().stream().noneMatch(in -> in.reads(topic))) {
                        throw new IllegalArgumentException("line " + lines + ": " + (topic == null
                                ? "no 'topic': the configuration has several inputs (or a pattern), say which topic the record is of"
                                : "topic " + topic + " is read by no input of the configuration"));
                    }
                    envelope.headers().forEach(h -> headers.add(h.getKey(), h.getValue()));
                    if (envelope.timestamp() >= 0) {
                        headers.add(DriftTopology.REPLAY_TIMESTAMP_HEADER, Long.toString(envelope.timestamp()).getBytes(StandardCharsets.US_ASCII));
                    }
                    inputTopics.computeIfAbsent(topic, t -> driver.createInputTopic(t, new ByteArraySerializer(), new ByteArraySerializer()))
                            .pipeInput(new TestRecord<>(envelope.key(), envelope.value(), headers, 0L));
                } else if (batch.add(line, lines)) {
                    batch.pipeTo(events);
                }
                if (lines % DRAIN_EVERY == 0) {
                    scores += drain.run();
                    long now = System.nanoTime();
                    if (progress != null && now - lastProgress >= PROGRESS_EVERY_NANOS) {
                        lastProgress = now;
                        progress.printf("replay: %,d lines read, %,.0f events/s%n", lines, lines / ((now - started) / 1e9));
                    }
                }
            }
            batch.pipeTo(events);
            // end of input: let the wall clock run past idleAfter, as for a model that went quiet (and, with labels, past
            // the horizon too: labels that have not come by the end of the file never come)
            var window = config.window();
            Duration wait = window.size().plus(window.grace()).plus(window.idleAfter()).plus(Duration.ofMillis(1));
            if (labels != null) {
                labels.pipeUntil(Long.MAX_VALUE);
                labels.close();
                // a label still waiting for its prediction waits waitForPrediction from its own time, to the end of its expiry
                // bucket; labels dated after the last prediction move only the label clock: the wall clock runs past them too
                long horizonMs = config.labels().horizon().toMillis();
                long labelsAhead = lastEventTime == Long.MIN_VALUE ? 0 : Math.max(0, labels.lastLabelTime() - lastEventTime);
                wait = wait.plus(config.labels().horizon()).plus(config.labels().waitForPrediction())
                        .plusMillis(io.kdrift.state.ExpiryIndex.bucketMs(horizonMs) + labelsAhead);
            }
            // first past the longest join window: requests whose response never came are scored alone
            Duration joinWindow = config.inputs().stream().map(in -> in.joinWindow()).filter(java.util.Objects::nonNull)
                    .max(Comparator.naturalOrder()).orElse(null);
            if (joinWindow != null) {
                driver.advanceWallClockTime(joinWindow.plusSeconds(1));
            }
            driver.advanceWallClockTime(wait);
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
        long labelRejections = counters.rejectedCount(RejectReason.LABEL_FOR_UNKNOWN_PREDICTION) + counters.rejectedCount(RejectReason.DUPLICATE_LABEL)
                + counters.rejectedCount(RejectReason.LABEL_NOT_A_NUMBER);
        return new Summary(lines, counters.acceptedCount(), counters.lateCount(), counters.rejectedCount(), byReason, scores, alerts[0],
                performance[0], verdicts[0], counters.labelCount(), counters.labelCount() - labelRejections, seconds);
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

    private static long copy(TestOutputTopic<String, byte[]> topic, OutputStream out) throws IOException {
        long n = 0;
        while (!topic.isEmpty()) {
            out.write(topic.readValue());
            out.write('\n');
            n++;
        }
        return n;
    }

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Lines of the file in kdrift's shape (or a mapping's) given to the test driver as one record of up to
     * {@value #MAX_LINES} lines, which the parse step reads line by line ({@link DriftTopology#REPLAY_LINES_HEADER}): the
     * driver commits after every record it is given, and that was a third of replay's time. Every line is processed in
     * the order of the file, as before; only the driver's commits are fewer.
     */
    private static final class LineBatch {
        static final int MAX_LINES = 256;
        static final int MAX_BYTES = 1 << 20;
        private final ByteArrayOutputStream value = new ByteArrayOutputStream();
        private final StringBuilder numbers = new StringBuilder();
        private int count;

        /** Adds line {@code number}; true when the batch is full. */
        boolean add(byte[] line, long number) {
            if (count > 0) {
                value.write('\n');
                numbers.append(',');
            }
            value.write(line, 0, line.length);
            numbers.append(number);
            count++;
            return count >= MAX_LINES || value.size() >= MAX_BYTES;
        }

        /** Pipes the lines added since the last time, if any. */
        void pipeTo(TestInputTopic<byte[], byte[]> topic) {
            if (count == 0) {
                return;
            }
            RecordHeaders headers = new RecordHeaders();
            headers.add(DriftTopology.REPLAY_LINES_HEADER, numbers.toString().getBytes(StandardCharsets.US_ASCII));
            topic.pipeInput(new TestRecord<>(null, value.toByteArray(), headers, 0L));
            value.reset();
            numbers.setLength(0);
            count = 0;
        }
    }

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
            Header labelLine = record.headers().lastHeader(LabelFeed.LINE_HEADER);
            if (labelLine != null) {
                g.writeNumberField("labelLine", Long.parseLong(new String(labelLine.value(), StandardCharsets.US_ASCII)));
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
