package io.kdrift.inference;

import static io.kdrift.event.PredictionEvent.KEY_SEPARATOR;

import io.kdrift.event.InferencePart;
import io.kdrift.event.PredictionEvent;
import io.kdrift.state.ExpiringState;
import io.kdrift.state.ExpiryIndex;
import io.kdrift.state.KeyedState;
import java.util.function.LongUnaryOperator;

/**
 * Joins the two halves a serving layer writes of each prediction, its request (the features) and its response (the
 * prediction), by model and id (or by id alone, where requests name no model), within a window; free of Kafka, like {@link io.kdrift.performance.LabelJoin}.
 *
 * <p>Whichever half comes first waits for the other until the join's clock has moved the window of its input on from
 * where it was when the half came (from the half's own time, when that is later), and no longer than until the
 * half's own drift window closes. The clock is the latest time of a
 * half seen: halves of other partitions may be ahead, and one dated before the clock still waits a window. When no
 * half comes, the clock runs on with the wall clock from there
 * ({@link #idle}), so that the last halves before a quiet spell do not wait for ever. A half whose partner does not
 * come within the window is handed out alone (a request scores its features, a response its prediction) and counted
 * as unmatched, never dropped; so is a half that has no id, and a second half of the same part and id while the first
 * waits (a retried request, a duplicate record).
 *
 * <p>State: the waiting halves, behind {@link KeyedState}, and the order they expire in ({@link ExpiryIndex}, in
 * buckets of a second), so that only bucket numbers are in memory: an {@link ExpiringState}, as the label join's.
 */
public final class RequestJoin {
    /** Why a half went on alone. */
    public enum Unmatched {
        /** Its partner did not come within the window. */
        EXPIRED("expired"),
        /** A half of the same part and id was waiting already. */
        DUPLICATE("duplicate"),
        /** It has no id to be joined by. */
        NO_ID("no_id");

        private final String code;

        Unmatched(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Where the join's results go. */
    public interface Output {
        /** A prediction whose request and response both came. */
        void joined(PredictionEvent event);

        /** A half that goes on alone, and why. */
        void alone(PredictionEvent half, InferencePart part, Unmatched why);
    }

    /** A half waiting for its partner, until {@code expiresAt} (join time). */
    public record Waiting(InferencePart part, PredictionEvent half, long expiresAt) {
    }

    private final ExpiringState<Waiting> waiting;
    private final Output output;
    private long clock = Long.MIN_VALUE;
    private long lastWall = Long.MIN_VALUE;
    private long clockAtLastWall = Long.MIN_VALUE;
    private boolean externalClock;

    private final LongUnaryOperator closesAt;

    /** A join whose halves wait their window, whatever their time. */
    public RequestJoin(KeyedState<Waiting> waiting, KeyedState<ExpiryIndex.ExpiryBucket> expiry, Output output) {
        this(waiting, expiry, output, t -> Long.MAX_VALUE);
    }

    /**
     * @param expiry   the store of the expiry index's buckets
     * @param closesAt when (on the join's clock) the window of a half of time t closes: a half waits no longer than
     *                 that, so that one going on alone is still counted in its window, never late because it waited
     */
    public RequestJoin(KeyedState<Waiting> waiting, KeyedState<ExpiryIndex.ExpiryBucket> expiry, Output output, LongUnaryOperator closesAt) {
        this.waiting = new ExpiringState<>(waiting, new ExpiryIndex(expiry, "r", 1000), Waiting::expiresAt);
        this.output = output;
        this.closesAt = closesAt;
    }

    /**
     * A half, of an input whose window is {@code windowMs}, read when the wall clock was {@code wallNow}; its partner, if
     * waiting, joins it and the prediction is handed out now.
     */
    public void half(InferencePart part, PredictionEvent half, long windowMs, long wallNow) {
        half(part, half, "", windowMs, wallNow);
    }

    /**
     * A half of the join scope {@code scope} (the serving layer it came from: its input): it meets only a half of the
     * same scope, model and id, so that two serving layers that reuse ids never join each other's halves.
     */
    public void half(InferencePart part, PredictionEvent half, String scope, long windowMs, long wallNow) {
        half(part, half, scope, false, windowMs, wallNow);
    }

    /**
     * A half of the join scope {@code scope}; {@code byId}: the scope's halves meet by id alone, whatever model they
     * name (a request of the Open Inference Protocol names none: it takes its response's).
     */
    public void half(InferencePart part, PredictionEvent half, String scope, boolean byId, long windowMs, long wallNow) {
        if (!externalClock) {
            clock = Math.max(clock, half.timestamp());
        }
        lastWall = wallNow;
        clockAtLastWall = clock;
        if (half.id() == null) {
            output.alone(half, part, Unmatched.NO_ID);
        } else {
            String key = (byId ? "" : half.model()) + KEY_SEPARATOR + scope + KEY_SEPARATOR + half.id();
            Waiting other = waiting.get(key);
            if (other == null) {
                // a window on from the join's clock when it came, not from its own time: records of other partitions
                // may be ahead by more than their own latency (a half dated before the clock must still wait)
                // (from its own time when that is later: an outside clock may be behind it, or not started)
                // and no later than its window's close (the join is told of a clock before the windows are: at the
                // close itself the half is still counted in its window)
                long expiresAt = Math.min(waiting.expiry(Math.max(clock, half.timestamp()) + windowMs),
                        waiting.notAfter(closesAt.applyAsLong(half.timestamp())));
                waiting.add(key, new Waiting(part, half, expiresAt));
            } else if (other.part() == part) {
                output.alone(half, part, Unmatched.DUPLICATE);
            } else {
                waiting.remove(key);
                output.joined(part == InferencePart.RESPONSE ? PredictionEvent.joined(other.half(), half) : PredictionEvent.joined(half, other.half()));
            }
        }
        expire();
    }

    /**
     * From now on the join's clock is what {@link #advanceTo} says (the task's prediction clock, the minimum over the
     * partitions that feed it), not the latest half seen: a half of a partition ahead no longer expires the others.
     */
    public void useExternalClock() {
        externalClock = true;
    }

    /** The join's clock moves on to {@code time} (never back); halves that waited out their window go on alone. */
    public void advanceTo(long time) {
        if (time > clock) {
            clock = time;
            expire();
        }
    }

    /** Whether halves may be waiting for their partner (true until the expiry of the last that waited has passed). */
    public boolean mayHaveWaiting() {
        return waiting.mayHaveWaiting();
    }

    /** The wall clock is {@code wallNow}: when no half came since the last one, the join's clock runs on with it. */
    public void idle(long wallNow) {
        if (lastWall != Long.MIN_VALUE && wallNow > lastWall) {
            clock = Math.max(clock, clockAtLastWall + (wallNow - lastWall));
            expire();
        }
    }

    private void expire() {
        waiting.expire(clock, (key, w) -> output.alone(w.half(), w.part(), Unmatched.EXPIRED));
    }
}
