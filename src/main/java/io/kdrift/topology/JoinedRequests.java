package io.kdrift.topology;

import io.kdrift.event.InferencePart;
import io.kdrift.event.PredictionEvent;
import io.kdrift.inference.RequestJoin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The Kafka side of {@link RequestJoin}, in the task of the halves' model: its stores, the wall clock a punctuator
 * (every second), each prediction forwarded to the drift processor whole when both halves came, alone when one did not.
 */
final class JoinedRequests implements Processor<String, Parsed, String, Parsed> {
    static final String WAITING_STORE = "kdrift-request-waiting";
    static final String EXPIRY_STORE = "kdrift-request-expiry";
    static final String[] STORES = {WAITING_STORE, EXPIRY_STORE};

    private final EventCounters counters;
    private ProcessorContext<String, Parsed> context;
    private RequestJoin join;
    /** The timestamp of what is forwarded: the record's being processed, or the wall clock's in a punctuation. */
    private long forwardTimestamp;

    JoinedRequests(EventCounters counters) {
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, Parsed> context) {
        this.context = context;
        this.join = new RequestJoin(context.getStateStore(WAITING_STORE), context.getStateStore(EXPIRY_STORE), new RequestJoin.Output() {
            @Override
            public void joined(PredictionEvent event) {
                counters.requestJoined();
                forward(event);
            }

            @Override
            public void alone(PredictionEvent half, InferencePart part, RequestJoin.Unmatched why) {
                counters.unmatched(part, why);
                forward(half);
            }
        });
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> {
            forwardTimestamp = now;
            join.idle(now);
        });
    }

    @Override
    public void process(Record<String, Parsed> record) {
        forwardTimestamp = record.timestamp();
        InferencePart part = InferencePart.of(header(record, ParseProcessor.PART_HEADER));
        long windowMs = Long.parseLong(header(record, ParseProcessor.JOIN_WINDOW_HEADER));
        join.half(part, record.value().event(), windowMs, context.currentSystemTimeMs());
    }

    private void forward(PredictionEvent event) {
        context.forward(new Record<>(event.model(), Parsed.made(event), forwardTimestamp, new RecordHeaders()));
    }

    private static String header(Record<String, Parsed> record, String name) {
        Header h = record.headers().lastHeader(name);
        if (h == null) {
            throw new IllegalStateException("a half without its " + name + " header: kdrift's parse sets it");
        }
        return new String(h.value(), StandardCharsets.US_ASCII);
    }
}
