package io.kdrift.topology;

import io.kdrift.codec.EventJson;
import io.kdrift.codec.EventParser;
import io.kdrift.codec.InputFormat;
import io.kdrift.codec.InputFormats;
import io.kdrift.codec.InputRecord;
import io.kdrift.config.InputSettings;
import io.kdrift.config.LabelMapping;
import io.kdrift.event.InferencePart;
import io.kdrift.event.ParseResult;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.RejectReason;
import io.kdrift.event.Rejection;
import io.kdrift.time.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Parses and validates input records. Forwards accepted events keyed by model id, rejected ones with
 * their reason (the record key is then the original one); counts rejections.
 *
 * <p>An event further ahead of the wall clock than {@code window.maxAhead} is rejected here, before it can
 * move its task's stream time (one event dated 2099 would otherwise make every later event late). The
 * record keeps its own timestamp: event time travels in the event, never in a record timestamp that a
 * broker would judge (see docs/guarantees.md).
 */
final class ParseProcessor implements Processor<byte[], byte[], String, Parsed> {
    /** How the records are read: the input's format, labels, or kdrift's own shape after a hop. */
    private final InputFormat format;
    private final EventCounters counters;
    private final boolean useRecordTimestamp;
    private final long maxAheadMs;
    private final Kind kind;
    /** The join window of a serving layer's input, in milliseconds, as a header value. */
    private final byte[] joinWindow;
    /** Whether the records are read from input topics (counted by topic), not from kdrift's own repartition topics. */
    private final boolean fromInput;
    /**
     * How the records come: null when read from their input or label topic here (progress markers are then sent, every
     * {@code markEveryMs}), else the name of the hop that brought them (their partition is in their headers).
     */
    private final String via;
    private final boolean replay;
    private final long markEveryMs;
    private final Channels channels = new Channels();
    /** After a hop whose records name the task that sent them (JoinByIdProcessor): the channels of each such way. */
    private final Map<String, Channels> channelsByTask = new HashMap<>();
    /**
     * The join scope of a serving layer's input whose halves meet by id alone (InputSettings#joinsById): they hop keyed
     * by scope and id, not by their model; null otherwise.
     */
    private final String idScope;
    /** Of each partition read here: the largest event time accepted, and the largest a marker has told. */
    private final Map<Channel, long[]> progress = new HashMap<>();
    /** The last record's channel and its progress: records of one partition come in runs. */
    private Channel lastChannel;
    private long[] lastProgress;
    private ProcessorContext<String, Parsed> context;

    /** What the records are. */
    enum Kind {
        /** prediction events in kdrift's own shape */
        EVENTS,
        /** prediction records of another shape, read through input.mapping (docs/inputs.md) */
        MAPPED_EVENTS,
        /** label records (docs/performance.md), of kdrift's shape or through labels.mapping */
        LABELS,
        /** requests and responses of a serving layer (docs/inputs.md), each row forwarded as a half to be joined */
        INFERENCE,
        /** halves in kdrift's own shape brought to the join by id, whose requests may name no model */
        HALVES
    }

    /** Header of a half: {@code request} or {@code response} ({@link io.kdrift.event.InferencePart#code}). */
    static final String PART_HEADER = "kdrift-part";
    /** Header of a half: its input's join window, milliseconds. */
    static final String JOIN_WINDOW_HEADER = "kdrift-join-window-ms";
    /** The value of {@link #PART_HEADER} for each part, written once, not for every row. */
    private static final Map<InferencePart, byte[]> PART_BYTES = new EnumMap<>(InferencePart.class);

    static {
        for (InferencePart part : InferencePart.values()) {
            PART_BYTES.put(part, part.code().getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** For the records of kdrift's own shape brought by the hop {@code via} (their partition is in their headers). */
    static ParseProcessor afterHop(String via, EventParser parser, EventCounters counters, long maxAheadMs) {
        return new ParseProcessor(InputFormats.events(parser), counters, true, maxAheadMs, Kind.EVENTS, null, false, via, 0, null);
    }

    /** For the halves of a serving layer brought by the hop by id {@code via}: a request may name no model. */
    static ParseProcessor halvesAfterHop(String via, EventParser parser, EventCounters counters, long maxAheadMs) {
        return new ParseProcessor(InputFormats.halves(parser), counters, true, maxAheadMs, Kind.HALVES, null, false, via, 0, null);
    }

    /** For the labels brought by the hop {@code via}. */
    static ParseProcessor labelsAfterHop(String via, EventParser parser, EventCounters counters, long maxAheadMs, LabelMapping mapping) {
        return new ParseProcessor(InputFormats.labels(parser, mapping), counters, true, maxAheadMs, Kind.LABELS, null, false, via, 0, null);
    }

    private ParseProcessor(InputFormat format, EventCounters counters, boolean useRecordTimestamp, long maxAheadMs, Kind kind,
                           InputSettings input, boolean fromInput, String via, long markEveryMs, String idScope) {
        this.format = format;
        this.via = via;
        this.replay = !useRecordTimestamp;
        this.markEveryMs = markEveryMs;
        this.kind = kind;
        this.idScope = idScope;
        this.joinWindow = kind == Kind.INFERENCE ? Long.toString(input.joinWindow().toMillis()).getBytes(StandardCharsets.US_ASCII) : null;
        this.fromInput = fromInput;
        this.maxAheadMs = maxAheadMs;
        this.counters = counters;
        this.useRecordTimestamp = useRecordTimestamp;
    }

    /**
     * For the records of label topics; {@code mapping}: where labels of another shape keep their fields, or null;
     * {@code markEveryMs}: how often the progress of each label partition is sent on.
     */
    static ParseProcessor labels(EventParser parser, EventCounters counters, boolean useRecordTimestamp, long maxAheadMs, LabelMapping mapping,
                                 long markEveryMs) {
        return new ParseProcessor(InputFormats.labels(parser, mapping), counters, useRecordTimestamp, maxAheadMs, Kind.LABELS, null, false,
                null, markEveryMs, null);
    }

    /**
     * For the records of an input, as its format is (counted by topic). Records of another shape give one event per
     * prediction (a batch gives several), forwarded in kdrift's own shape ({@link EventJson}) and without a record key,
     * so that they take the hop by model as records without a key do (the key of such records is not the model); a
     * serving layer's records give one half per row, forwarded so too, with its part and its input's join window in
     * headers (and no other: the halves are joined by model and id after the hop). A rejected prediction is forwarded
     * as the record it came from, once per rejected prediction.
     */
    static ParseProcessor of(InputSettings input, EventParser parser, EventCounters counters, boolean useRecordTimestamp, long maxAheadMs,
                             long markEveryMs) {
        return of(input, null, parser, counters, useRecordTimestamp, maxAheadMs, markEveryMs);
    }

    /** The same; {@code idScope}: the input's join scope when its halves hop by id (InputSettings#joinsById), else null. */
    static ParseProcessor of(InputSettings input, String idScope, EventParser parser, EventCounters counters, boolean useRecordTimestamp,
                             long maxAheadMs, long markEveryMs) {
        Kind kind = input.mapped() ? Kind.MAPPED_EVENTS : input.inference() ? Kind.INFERENCE : Kind.EVENTS;
        return new ParseProcessor(InputFormats.of(input, parser), counters, useRecordTimestamp, maxAheadMs, kind, input, true, null,
                markEveryMs, idScope);
    }

    @Override
    public void init(ProcessorContext<String, Parsed> context) {
        this.context = context;
        if (via == null && !replay && markEveryMs > 0) {
            context.schedule(Duration.ofMillis(markEveryMs), PunctuationType.WALL_CLOCK_TIME, this::mark);
        }
    }

    /**
     * Sends on how far each partition read here has come since the last marker (a partition with no new record sends
     * nothing: silent for idleAfter, it stops holding the clocks of the tasks it feeds). Stamped with the wall clock or,
     * when earlier, the event time: a record timestamp the broker accepts and Kafka Streams orders by.
     */
    private void mark(long now) {
        for (Map.Entry<Channel, long[]> e : progress.entrySet()) {
            long[] p = e.getValue();
            if (p[0] > p[1]) {
                p[1] = p[0];
                context.forward(new Record<>(ProgressMarker.KEY, Parsed.progress(e.getKey(), p[0]), Math.min(now, Math.max(0, p[0]))));
            }
        }
    }

    /** The channel of a record: its own partition, read here; or, after a hop, the input partition its headers name. */
    private Channel channelOf(Record<byte[], byte[]> record) {
        boolean labels = kind == Kind.LABELS;
        if (replay) {
            return labels ? Channel.REPLAY_LABELS : Channel.REPLAY_PREDICTIONS;
        }
        if (via == null) {
            org.apache.kafka.streams.processor.api.RecordMetadata m = context.recordMetadata().orElse(null);
            return m == null ? null : channels.of(Channel.DIRECT, m.topic(), m.partition(), labels);
        }
        String topic = HeaderValues.string(record.headers(), DeadLetterProcessor.SOURCE_TOPIC);
        String partition = HeaderValues.string(record.headers(), DeadLetterProcessor.SOURCE_PARTITION);
        if (topic == null || partition == null) {
            return null;
        }
        String task = DriftTopology.JOINED_REPARTITION.equals(via) ? HeaderValues.string(record.headers(), JoinByIdProcessor.JOIN_TASK_HEADER) : null;
        if (task != null) {
            // handed on by a join task: its way is a channel of its own (JoinByIdProcessor#wayOf)
            return channelsByTask.computeIfAbsent(task, t -> new Channels())
                    .of(JoinByIdProcessor.wayOf(Integer.parseInt(task)), topic, Integer.parseInt(partition), labels);
        }
        return channels.of(via, topic, Integer.parseInt(partition), labels);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Header lines = replay ? record.headers().lastHeader(DriftTopology.REPLAY_LINES_HEADER) : null;
        if (lines == null) {
            processOne(record);
            return;
        }
        // replay gives a run of lines as one record (the test driver commits after every record it is given: a third of
        // replay's time): each line is read as the record it was, with its own line number
        byte[] value = record.value();
        int start = 0;
        for (String number : new String(lines.value(), StandardCharsets.US_ASCII).split(",")) {
            int end = start;
            while (end < value.length && value[end] != '\n') {
                end++;
            }
            Headers headers = new RecordHeaders();
            headers.add(DriftTopology.REPLAY_LINE_HEADER, number.getBytes(StandardCharsets.US_ASCII));
            processOne(new Record<>(record.key(), Arrays.copyOfRange(value, start, end), record.timestamp(), headers));
            start = end + 1;
        }
    }

    private void processOne(Record<byte[], byte[]> record) {
        long now = System.currentTimeMillis();
        counters.processed(now);
        long recordTimestamp = useRecordTimestamp ? record.timestamp() : replayTimestamp(record.headers());
        InputFormat.Read read = format.read(new KafkaInputRecord(record, recordTimestamp));
        int partition = context.recordMetadata().map(m -> m.partition()).orElse(-1);
        Channel channel = channelOf(record);
        long[] sent = null;
        if (via == null && channel != null) {
            sent = channel == lastChannel ? lastProgress : progress.computeIfAbsent(channel, c -> new long[] {Long.MIN_VALUE, Long.MIN_VALUE});
            lastChannel = channel;
            lastProgress = sent;
        }
        if (sent != null && sent[0] == Long.MIN_VALUE) {
            // read, if nothing accepted yet: a marker says so (a partition of bad records is being read, not waiting)
            sent[0] = io.kdrift.time.Watermarks.READ_NOTHING;
        }
        int rejections = 0;
        for (ParseResult result : read.results()) {
            Rejection rejection = !result.isAccepted() ? result.rejection()
                    : aheadOfClock(kind == Kind.LABELS ? result.label().timestamp() : result.event().timestamp(), now, maxAheadMs);
            if (rejection != null) {
                rejections++;
                counters.rejected(rejection.reason());
                context.forward(record.withKey((String) null).withValue(Parsed.rejected(record.key(), record.value(), rejection)));
                continue;
            }
            if (sent != null) {
                sent[0] = Math.max(sent[0], kind == Kind.LABELS ? result.label().timestamp() : result.event().timestamp());
            }
            if (kind == Kind.INFERENCE) {
                Headers headers = new RecordHeaders();
                headers.add(PART_HEADER, PART_BYTES.get(read.part()));
                headers.add(JOIN_WINDOW_HEADER, joinWindow);
                context.forward(record.withKey(halfKey(result.event())).withHeaders(headers).withValue(Parsed.made(result.event(), channel)));
            } else if (kind == Kind.MAPPED_EVENTS) {
                context.forward(record.withKey(result.event().model()).withValue(Parsed.made(result.event(), channel)));
            } else if (kind == Kind.HALVES) {
                context.forward(record.withKey((String) null).withValue(Parsed.made(result.event(), channel)));
            } else {
                String model = kind == Kind.LABELS ? result.label().model() : result.event().model();
                context.forward(record.withKey(model).withValue(new Parsed(record.key(), record.value(), result.event(), result.label(), null,
                        partition, channel, Long.MIN_VALUE)));
            }
        }
        if (fromInput) {
            int rejected = rejections;
            context.recordMetadata().ifPresent(m -> counters.read(m.topic(), rejected));
        }
    }

    /**
     * What a half hops by: its model; or, for an input whose halves meet by id, its scope and id (the two halves of a
     * prediction meet in one task, whatever model they name); a half without an id (it names a model) goes alone.
     */
    private String halfKey(PredictionEvent half) {
        return idScope == null || half.id() == null ? half.model() : idScope + "@" + half.id();
    }

    /** A Kafka record as the formats read it; its headers are read only when a format asks for one. */
    private final class KafkaInputRecord implements InputRecord {
        private final Record<byte[], byte[]> record;
        private final long timestamp;

        KafkaInputRecord(Record<byte[], byte[]> record, long timestamp) {
            this.record = record;
            this.timestamp = timestamp;
        }

        @Override
        public String topic() {
            return context.recordMetadata().map(m -> m.topic()).orElse(null);
        }

        @Override
        public byte[] key() {
            return record.key();
        }

        @Override
        public byte[] value() {
            return record.value();
        }

        @Override
        public long timestamp() {
            return timestamp;
        }

        /** The last header of each name, read once when a format first asks (a serving layer's envelope asks for several). */
        private Map<String, byte[]> headers;

        @Override
        public String header(String name) {
            if (headers == null) {
                headers = new HashMap<>();
                for (Header h : record.headers()) {
                    headers.put(h.key(), h.value());
                }
            }
            byte[] v = headers.get(name);
            return v == null ? null : new String(v, StandardCharsets.UTF_8);
        }
    }

    /** In replay: the record timestamp an envelope gave (docs/inputs.md), else none (-1). */
    private static long replayTimestamp(Headers headers) {
        Header h = headers.lastHeader(DriftTopology.REPLAY_TIMESTAMP_HEADER);
        return h == null ? -1 : Long.parseLong(new String(h.value(), StandardCharsets.US_ASCII));
    }

    /** The real wall clock, also in replay: logged traffic is in the past, so a future event is as wrong there. */
    static Rejection aheadOfClock(long eventTime, long now, long maxAheadMs) {
        if (maxAheadMs == Long.MAX_VALUE || eventTime - now <= maxAheadMs) {
            return null;
        }
        return new Rejection(RejectReason.TIMESTAMP_AHEAD_OF_CLOCK, "timestamp " + Instant.ofEpochMilli(eventTime) + " is "
                + io.kdrift.config.Durations.format(java.time.Duration.ofSeconds((eventTime - now) / 1000))
                + " ahead of kdrift's clock (" + Instant.ofEpochMilli(now) + "); window.maxAhead allows "
                + io.kdrift.config.Durations.format(java.time.Duration.ofMillis(maxAheadMs)));
    }
}
