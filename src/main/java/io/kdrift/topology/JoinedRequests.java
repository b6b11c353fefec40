package io.kdrift.topology;

import io.kdrift.config.InputSettings;
import io.kdrift.config.KdriftConfig;
import io.kdrift.drift.WindowClock;
import io.kdrift.event.InferencePart;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.RejectReason;
import io.kdrift.event.Rejection;
import io.kdrift.inference.RequestJoin;
import io.kdrift.time.Channel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The Kafka side of {@link RequestJoin} for the drift processor's task: its stores, and each prediction handed on whole
 * when both halves came, alone when one did not. Its clock is the task's prediction clock ({@link #advanceTo}), so that
 * a half is never expired because another partition ran ahead.
 */
final class JoinedRequests {
    static final String WAITING_STORE = "kdrift-request-waiting";
    static final String EXPIRY_STORE = "kdrift-request-expiry";
    static final String[] STORES = {WAITING_STORE, EXPIRY_STORE};

    private final RequestJoin join;
    private final ProcessorContext<?, ?> context;
    private final KdriftConfig config;
    /** Each topic's join scope, as its input gives it. */
    private final Map<String, Scope> scopes = new HashMap<>();

    /** A join scope (InputSettings#joinScope), and whether its halves meet by id alone (InputSettings#joinsById). */
    private record Scope(String name, boolean byId) {
    }

    /**
     * @param stores  the names of the stores of the waiting halves and of their expiry index
     * @param windows the drift windows: a half waits no longer than its window is open
     * @param admit   told of each prediction the join hands on, whole or alone
     * @param refuse  told of a request that goes on alone without a model (its response never came, or it came again
     *                while it waited): it cannot be scored, and goes to the dead-letter topic
     */
    JoinedRequests(ProcessorContext<?, ?> context, String[] stores, KdriftConfig config, EventCounters counters, WindowClock windows,
                   Consumer<PredictionEvent> admit, BiConsumer<PredictionEvent, Rejection> refuse) {
        this.context = context;
        this.config = config;
        this.join = new RequestJoin(context.getStateStore(stores[0]), context.getStateStore(stores[1]), new RequestJoin.Output() {
            @Override
            public void joined(PredictionEvent event) {
                counters.requestJoined();
                admit.accept(event);
            }

            @Override
            public void alone(PredictionEvent half, InferencePart part, RequestJoin.Unmatched why) {
                counters.unmatched(part, why);
                if (half.model() != null) {
                    admit.accept(half);
                    return;
                }
                counters.rejected(RejectReason.MISSING_MODEL);
                refuse.accept(half, new Rejection(RejectReason.MISSING_MODEL, "a request that names no model (id " + half.id() + "), "
                        + (why == RequestJoin.Unmatched.DUPLICATE ? "sent again while the first waited for its response"
                        : "whose response, which names it, did not come within the input's joinWindow")
                        + ": give the input a model to score such requests alone"));
            }
        }, t -> windows.closeTime(windows.windowStart(t)));
        join.useExternalClock();
    }

    /** Whether the record is a half of a serving layer's prediction (its part is in a header). */
    static boolean isHalf(Record<String, Parsed> record) {
        return record.headers().lastHeader(ParseProcessor.PART_HEADER) != null;
    }

    void half(Record<String, Parsed> record, long wallNow) {
        InferencePart part = InferencePart.of(header(record, ParseProcessor.PART_HEADER));
        long windowMs = Long.parseLong(header(record, ParseProcessor.JOIN_WINDOW_HEADER));
        // the topic it was read from: its channel's after the hop, the record's own in replay (no hop, one channel)
        Channel from = record.value().channel();
        String topic = from != null && !Channel.REPLAY.equals(from.via()) ? from.topic() : context.recordMetadata().map(m -> m.topic()).orElse("");
        Scope scope = scopes.computeIfAbsent(topic, this::scopeOf);
        join.half(part, record.value().event(), scope.name(), scope.byId(), windowMs, wallNow);
    }

    /** The join scope of the input that reads {@code topic} (InputSettings#joinScope). */
    private Scope scopeOf(String topic) {
        for (int i = 0; i < config.inputs().size(); i++) {
            InputSettings in = config.inputs().get(i);
            if (in.reads(topic)) {
                return new Scope(in.joinScope(i), in.joinsById());
            }
        }
        return new Scope("", false);
    }

    /** Whether halves may be waiting for their partner. */
    boolean mayHaveWaiting() {
        return join.mayHaveWaiting();
    }

    /** The task's prediction clock moved: halves that waited out their window go on alone. */
    void advanceTo(long clock) {
        join.advanceTo(clock);
    }

    private static String header(Record<String, Parsed> record, String name) {
        Header h = record.headers().lastHeader(name);
        if (h == null) {
            throw new IllegalStateException("a half without its " + name + " header: kdrift's parse sets it");
        }
        return new String(h.value(), StandardCharsets.US_ASCII);
    }
}
