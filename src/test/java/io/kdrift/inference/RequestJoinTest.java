package io.kdrift.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kdrift.event.FeatureValue;
import io.kdrift.event.InferencePart;
import io.kdrift.event.PredictionEvent;
import io.kdrift.state.ExpiryIndex;
import io.kdrift.state.KeyedState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestJoinTest {
    private static final long WINDOW = 60_000;
    private final Map<String, RequestJoin.Waiting> waiting = new HashMap<>();
    private final Map<String, ExpiryIndex.ExpiryBucket> expiry = new HashMap<>();
    private final List<String> out = new ArrayList<>();

    private RequestJoin join() {
        return new RequestJoin(KeyedState.over(waiting), KeyedState.over(expiry), new RequestJoin.Output() {
            @Override
            public void joined(PredictionEvent e) {
                out.add("joined " + e.id() + " x=" + e.featureNumber(0) + " y=" + e.predictionCategory() + " t=" + e.timestamp());
            }

            @Override
            public void alone(PredictionEvent half, InferencePart part, RequestJoin.Unmatched why) {
                out.add(part.code() + " " + half.id() + " " + why.code());
            }
        });
    }

    private static PredictionEvent request(String id, long t, double x) {
        return new PredictionEvent("m", id, t, false, Double.NaN, null, null, null, new String[] {"x"}, new FeatureValue[] {FeatureValue.NUMBER},
                new double[] {x}, new String[1], null);
    }

    private static PredictionEvent response(String id, long t, String y) {
        return new PredictionEvent("m", id, t, true, Double.NaN, y, null, null, null, null, null, null, null);
    }

    @Test
    void eitherHalfMayComeFirstAndThePredictionHasTheRequestsTime() {
        RequestJoin j = join();
        j.half(InferencePart.REQUEST, request("a", 1_000, 1.5), WINDOW, 0);
        j.half(InferencePart.RESPONSE, response("b", 1_010, "no"), WINDOW, 0);
        j.half(InferencePart.RESPONSE, response("a", 1_007, "yes"), WINDOW, 0);
        j.half(InferencePart.REQUEST, request("b", 1_002, 2.5), WINDOW, 0);
        assertEquals(List.of("joined a x=1.5 y=yes t=1000", "joined b x=2.5 y=no t=1002"), out);
        assertEquals(Map.of(), waiting, "nothing waits");
    }

    @Test
    void aHalfWaitsForTheWindowByTheLatestTimeOfAHalfThenGoesOnAlone() {
        RequestJoin j = join();
        j.half(InferencePart.REQUEST, request("a", 0, 1), WINDOW, 0);
        j.half(InferencePart.REQUEST, request("b", 59_000, 1), WINDOW, 0);
        assertEquals(List.of(), out);
        j.half(InferencePart.REQUEST, request("c", 60_000, 1), WINDOW, 0);
        assertEquals(List.of("request a expired"), out, "a's window ended at 60 s");
        j.half(InferencePart.RESPONSE, response("a", 60_001, "late"), WINDOW, 0);
        assertEquals(1, out.size(), "a response after its request went on alone waits for a request itself");
        j.idle(58_000);
        assertEquals(1, out.size(), "58 s of wall clock since the last half (60.001 s): the join's clock is at 118.001 s, b's window ends at 119 s");
        j.idle(59_000);
        assertEquals(List.of("request a expired", "request b expired"), out);
        j.idle(61_000);
        assertEquals(List.of("request a expired", "request b expired", "request c expired", "response a expired"), out,
                "c at 120 s, the response at 120.001 s rounded up to the end of its second");
    }

    /** Halves of other partitions may be ahead: found on a real broker, a request dated before the clock expired at once. */
    @Test
    void aHalfDatedBeforeTheClockStillWaitsAWholeWindow() {
        RequestJoin j = join();
        j.half(InferencePart.RESPONSE, response("later", 90_000, "y"), WINDOW, 0);
        j.half(InferencePart.REQUEST, request("early", 0, 1), WINDOW, 0);
        j.half(InferencePart.REQUEST, request("later", 89_990, 2), WINDOW, 0);
        j.half(InferencePart.RESPONSE, response("early", 7, "n"), WINDOW, 0);
        assertEquals(List.of("joined later x=2.0 y=y t=89990", "joined early x=1.0 y=n t=0"), out);
    }

    /** A gateway's requests name no model: joined by id alone, each takes its response's model; by model, ids of two models never meet. */
    @Test
    void byIdARequestWithoutAModelTakesItsResponsesAndByModelIdsOfTwoModelsNeverMeet() {
        RequestJoin j = join();
        PredictionEvent noModel = new PredictionEvent(null, "a", 1_000, false, Double.NaN, null, null, null, new String[] {"x"},
                new FeatureValue[] {FeatureValue.NUMBER}, new double[] {4.5}, new String[1], null);
        List<PredictionEvent> joined = new ArrayList<>();
        RequestJoin byId = new RequestJoin(KeyedState.over(waiting), KeyedState.over(expiry), new RequestJoin.Output() {
            @Override
            public void joined(PredictionEvent e) {
                joined.add(e);
            }

            @Override
            public void alone(PredictionEvent half, InferencePart part, RequestJoin.Unmatched why) {
                out.add(part.code() + " " + half.id() + " " + why.code());
            }
        });
        byId.half(InferencePart.REQUEST, noModel, "gw", true, WINDOW, 0);
        byId.half(InferencePart.RESPONSE, new PredictionEvent("iris-b", "a", 1_007, true, Double.NaN, "virginica", null, null, null, null, null, null,
                null), "gw", true, WINDOW, 0);
        assertEquals(1, joined.size());
        assertEquals("iris-b", joined.get(0).model());
        assertEquals(4.5, joined.get(0).featureNumber(0));
        assertEquals(1_000, joined.get(0).timestamp());
        // by model and id: a request of model m and a response of model n with the same id are two serving layers' own
        j.half(InferencePart.REQUEST, request("b", 0, 1), "s", false, WINDOW, 0);
        j.half(InferencePart.RESPONSE, new PredictionEvent("n", "b", 3, true, Double.NaN, "y", null, null, null, null, null, null, null), "s", false,
                WINDOW, 0);
        assertEquals(List.of(), out, "both wait");
        assertEquals(2, waiting.size());
    }

    @Test
    void aSecondHalfOfTheSamePartAndAHalfWithoutIdGoOnAlone() {
        RequestJoin j = join();
        j.half(InferencePart.REQUEST, request("a", 0, 1), WINDOW, 0);
        j.half(InferencePart.REQUEST, request("a", 1, 2), WINDOW, 0);
        j.half(InferencePart.RESPONSE, response(null, 2, "y"), WINDOW, 0);
        j.half(InferencePart.RESPONSE, response("a", 3, "y"), WINDOW, 0);
        assertEquals(List.of("request a duplicate", "response null no_id", "joined a x=1.0 y=y t=0"), out, "the first request joins");
    }

    @Test
    void whatWaitsIsInTheStoresAndAJoinStartedOnThemCarriesOn() {
        join().half(InferencePart.REQUEST, request("a", 0, 1.5), WINDOW, 0);
        RequestJoin restarted = join();
        restarted.half(InferencePart.RESPONSE, response("a", 5, "y"), WINDOW, 0);
        restarted.half(InferencePart.REQUEST, request("b", 10, 1), WINDOW, 0);
        restarted.half(InferencePart.REQUEST, request("c", 70_000, 1), WINDOW, 0);
        assertEquals(List.of("joined a x=1.5 y=y t=0", "request b expired"), out);
    }

    @Test
    void aHalfWaitsNoLongerThanItsWindowIsOpen() {
        // windows of a minute, closed 30 s after their end; the clock is at 69 s when the request of 59.5 s comes
        RequestJoin join = new RequestJoin(KeyedState.over(waiting), KeyedState.over(expiry), new RequestJoin.Output() {
            @Override
            public void joined(PredictionEvent e) {
                out.add("joined " + e.id());
            }

            @Override
            public void alone(PredictionEvent half, InferencePart part, RequestJoin.Unmatched why) {
                out.add(part.code() + " " + half.id() + " " + why.code());
            }
        }, t -> t - Math.floorMod(t, 60_000L) + 90_000);
        join.useExternalClock();
        join.advanceTo(69_000);
        join.half(InferencePart.REQUEST, request("a", 59_500, 1), 30_000, 0);
        join.half(InferencePart.REQUEST, request("b", 61_000, 1), 30_000, 0);
        join.advanceTo(89_999);
        assertEquals(List.of(), out);
        join.advanceTo(90_000);
        assertEquals(List.of("request a expired"), out, "at its window's close, not at 99 s");
        join.advanceTo(98_999);
        assertEquals(List.of("request a expired"), out);
        join.advanceTo(99_000);
        assertEquals(List.of("request a expired", "request b expired"), out, "b's window closes at 150 s: it waits its 30 s");
    }
}
