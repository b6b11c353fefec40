package io.kdrift.topology;

import io.kdrift.codec.EventJson;
import io.kdrift.codec.EventParser;
import io.kdrift.codec.MappedShape;
import io.kdrift.config.LabelMapping;
import io.kdrift.config.PredictionMapping;
import io.kdrift.event.ParseResult;
import io.kdrift.event.RejectReason;
import io.kdrift.event.Rejection;
import java.time.Instant;
import java.util.List;
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
    private final EventParser parser;
    private final EventCounters counters;
    private final boolean useRecordTimestamp;
    private final long maxAheadMs;
    private final Kind kind;
    private final LabelMapping labelMapping;
    private final MappedShape mappedShape;
    private ProcessorContext<String, Parsed> context;

    /** What the records are. */
    enum Kind {
        /** prediction events in kdrift's own shape */
        EVENTS,
        /** prediction records of another shape, read through input.mapping (docs/inputs.md) */
        MAPPED_EVENTS,
        /** label records (docs/performance.md), of kdrift's shape or through labels.mapping */
        LABELS
    }

    /**
     * @param useRecordTimestamp false for replay, where records carry no timestamp of their own and an
     *                           event without a 'timestamp' field is rejected
     */
    ParseProcessor(EventParser parser, EventCounters counters, boolean useRecordTimestamp, long maxAheadMs) {
        this(parser, counters, useRecordTimestamp, maxAheadMs, Kind.EVENTS, null, null);
    }

    private ParseProcessor(EventParser parser, EventCounters counters, boolean useRecordTimestamp, long maxAheadMs, Kind kind,
                           LabelMapping labelMapping, MappedShape mappedShape) {
        this.kind = kind;
        this.labelMapping = labelMapping;
        this.mappedShape = mappedShape;
        this.parser = parser;
        this.maxAheadMs = maxAheadMs;
        this.counters = counters;
        this.useRecordTimestamp = useRecordTimestamp;
    }

    /** For the records of label topics; {@code mapping}: where labels of another shape keep their fields, or null. */
    static ParseProcessor labels(EventParser parser, EventCounters counters, boolean useRecordTimestamp, long maxAheadMs, LabelMapping mapping) {
        return new ParseProcessor(parser, counters, useRecordTimestamp, maxAheadMs, Kind.LABELS, mapping, null);
    }

    /**
     * For input records of another shape: one event per prediction of a record (a batch gives several), forwarded in
     * kdrift's own shape ({@link EventJson}) and without a record key, so that they take the hop by model as records
     * without a key do (the key of such records is not the model); a rejected prediction is forwarded as the record it
     * came from, once per rejected prediction.
     */
    static ParseProcessor mapped(EventParser parser, EventCounters counters, boolean useRecordTimestamp, long maxAheadMs,
                                 PredictionMapping mapping) {
        return new ParseProcessor(parser, counters, useRecordTimestamp, maxAheadMs, Kind.MAPPED_EVENTS, null, new MappedShape(mapping));
    }

    @Override
    public void init(ProcessorContext<String, Parsed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long now = System.currentTimeMillis();
        counters.processed(now);
        long recordTimestamp = useRecordTimestamp ? record.timestamp() : -1;
        List<ParseResult> results = switch (kind) {
            case EVENTS -> List.of(parser.parse(record.key(), record.value(), recordTimestamp));
            case MAPPED_EVENTS -> parser.parseMapped(record.value(), recordTimestamp, mappedShape);
            case LABELS -> List.of(parser.parseLabel(record.key(), record.value(), recordTimestamp, labelMapping));
        };
        int partition = context.recordMetadata().map(m -> m.partition()).orElse(-1);
        for (ParseResult result : results) {
            Rejection rejection = !result.isAccepted() ? result.rejection()
                    : aheadOfClock(kind == Kind.LABELS ? result.label().timestamp() : result.event().timestamp(), now, maxAheadMs);
            if (rejection != null) {
                counters.rejected(rejection.reason());
                context.forward(record.withKey((String) null).withValue(Parsed.rejected(record.key(), record.value(), rejection)));
            } else if (kind == Kind.MAPPED_EVENTS) {
                context.forward(record.withKey(result.event().model())
                        .withValue(new Parsed(null, EventJson.toJson(result.event()), result.event(), null, null, partition)));
            } else {
                String model = kind == Kind.LABELS ? result.label().model() : result.event().model();
                context.forward(record.withKey(model).withValue(new Parsed(record.key(), record.value(), result.event(), result.label(), null,
                        partition)));
            }
        }
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
