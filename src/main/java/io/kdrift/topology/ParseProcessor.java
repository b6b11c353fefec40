package io.kdrift.topology;

import io.kdrift.codec.EventParser;
import io.kdrift.config.LabelMapping;
import io.kdrift.event.ParseResult;
import io.kdrift.event.RejectReason;
import io.kdrift.event.Rejection;
import java.time.Instant;
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
    private final boolean labels;
    private final LabelMapping mapping;
    private ProcessorContext<String, Parsed> context;

    /**
     * @param useRecordTimestamp false for replay, where records carry no timestamp of their own and an
     *                           event without a 'timestamp' field is rejected
     */
    ParseProcessor(EventParser parser, EventCounters counters, boolean useRecordTimestamp, long maxAheadMs) {
        this(parser, counters, useRecordTimestamp, maxAheadMs, false, null);
    }

    /**
     * @param labels  true for the records of label topics (docs/performance.md), false for prediction events
     * @param mapping where label records of another shape keep their fields; null for kdrift's own shape
     */
    ParseProcessor(EventParser parser, EventCounters counters, boolean useRecordTimestamp, long maxAheadMs, boolean labels,
                   LabelMapping mapping) {
        this.labels = labels;
        this.mapping = mapping;
        this.parser = parser;
        this.maxAheadMs = maxAheadMs;
        this.counters = counters;
        this.useRecordTimestamp = useRecordTimestamp;
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
        ParseResult result = labels ? parser.parseLabel(record.key(), record.value(), recordTimestamp, mapping)
                : parser.parse(record.key(), record.value(), recordTimestamp);
        Rejection rejection = !result.isAccepted() ? result.rejection()
                : aheadOfClock(labels ? result.label().timestamp() : result.event().timestamp(), now);
        if (rejection == null) {
            String model = labels ? result.label().model() : result.event().model();
            int partition = context.recordMetadata().map(m -> m.partition()).orElse(-1);
            context.forward(record.withKey(model).withValue(new Parsed(record.key(), record.value(), result.event(), result.label(), null,
                    partition)));
        } else {
            counters.rejected(rejection.reason());
            context.forward(record.withKey((String) null).withValue(Parsed.rejected(record.key(), record.value(), rejection)));
        }
    }

    /** The real wall clock, also in replay: logged traffic is in the past, so a future event is as wrong there. */
    private Rejection aheadOfClock(long eventTime, long now) {
        if (maxAheadMs == Long.MAX_VALUE || eventTime - now <= maxAheadMs) {
            return null;
        }
        return new Rejection(RejectReason.TIMESTAMP_AHEAD_OF_CLOCK, "timestamp " + Instant.ofEpochMilli(eventTime) + " is "
                + io.kdrift.config.Durations.format(java.time.Duration.ofSeconds((eventTime - now) / 1000))
                + " ahead of kdrift's clock (" + Instant.ofEpochMilli(now) + "); window.maxAhead allows "
                + io.kdrift.config.Durations.format(java.time.Duration.ofMillis(maxAheadMs)));
    }
}
