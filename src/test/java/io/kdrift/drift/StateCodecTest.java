package io.kdrift.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.codec.BaselineJson;
import io.kdrift.codec.EventParser;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.demo.SyntheticTraffic;
import io.kdrift.event.PredictionEvent;
import io.kdrift.result.ScoreRecord;
import io.kdrift.result.ScoreStatus;
import io.kdrift.state.KeyedState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The state must survive encoding whole: a run that encodes and decodes every piece of state after
 * every event (as a restore from the changelog would) scores exactly like a run that never does.
 */
class StateCodecTest {
    static final KdriftConfig CONFIG = ConfigLoader.parse("""
            window: {size: 1m, grace: 0s}
            reference: {mode: rolling, windows: 3}
            scoring: {minCount: 5}
            binning:
              numeric: {type: quantile, bins: 6, sample: 520}  # nine sample chunks of 64
              maxCategories: 2
            """, "test.yaml");

    /**
     * Runs the task's windowing over the events; with {@code roundTrip}, the task is restored after each event
     * from its state encoded and decoded (as a restart restores it from the changelogs).
     */
    static List<ScoreRecord> run(List<PredictionEvent> events, boolean roundTrip) {
        return run(CONFIG, new Encoded(), events, roundTrip);
    }

    static List<ScoreRecord> run(KdriftConfig config, Encoded state, List<PredictionEvent> events, boolean roundTrip) {
        List<ScoreRecord> out = new ArrayList<>();
        TaskWindows task = new TaskWindows(config, state.stores(), TaskWindows.Output.everyRecord((model, score) -> out.add(score)), true, 0);
        for (PredictionEvent e : events) {
            assertEquals(Admission.ACCEPTED, task.add(e.model(), e, 0));
            if (roundTrip) {
                state = state.restored();
                task = new TaskWindows(config, state.stores(), TaskWindows.Output.everyRecord((model, score) -> out.add(score)), true, 0);
            }
        }
        return out;
    }

    /** A task's state as objects, and {@link #restored} from their bytes: every value encoded, decoded, and re-encoded to the same bytes. */
    static final class Encoded {
        final Map<String, ModelState> models = new HashMap<>();
        final Map<String, WindowState> windows = new HashMap<>();
        final Map<String, Long> clock = new HashMap<>();
        final Map<String, SampleChunk> samples = new HashMap<>();

        TaskWindows.Stores stores() {
            return new TaskWindows.Stores(KeyedState.over(models), KeyedState.over(windows), KeyedState.over(clock), KeyedState.over(samples), null);
        }

        Encoded restored() {
            Encoded back = new Encoded();
            models.forEach((k, v) -> back.models.put(k, roundTripModel(v)));
            windows.forEach((k, v) -> back.windows.put(k, roundTripWindow(v)));
            back.clock.putAll(clock);
            samples.forEach((k, v) -> {
                byte[] bytes = StateCodec.encodeSample(v);
                back.samples.put(k, StateCodec.decodeSample(bytes));
                assertArrayEquals(bytes, StateCodec.encodeSample(back.samples.get(k)), "sample chunk re-encodes to the same bytes");
            });
            return back;
        }
    }

    /** Sample chunks as the changelog keeps them: encoded bytes by key. */
    private static final class ChunkStore implements ModelState.SampleStore {
        final Map<String, byte[]> bytes = new HashMap<>();
        /** Every put encodes the chunk as it is then. */
        long writes;

        @Override
        public SampleChunk get(String model, String version, int slot, int chunk) {
            byte[] b = bytes.get(model + "/" + version + "/" + slot + "/" + chunk);
            return b == null ? null : StateCodec.decodeSample(b);
        }

        @Override
        public void put(String model, String version, int slot, int chunk, SampleChunk value) {
            bytes.put(model + "/" + version + "/" + slot + "/" + chunk, StateCodec.encodeSample(value));
            writes++;
        }

        @Override
        public long writes() {
            return writes;
        }

        @Override
        public void delete(String model, String version, int slot, int chunk) {
            bytes.remove(model + "/" + version + "/" + slot + "/" + chunk);
        }
    }

    static ModelState roundTripModel(ModelState m) {
        byte[] bytes = StateCodec.encodeModel(m);
        ModelState back = StateCodec.decodeModel(bytes);
        assertArrayEquals(bytes, StateCodec.encodeModel(back), "model state re-encodes to the same bytes");
        return back;
    }

    static WindowState roundTripWindow(WindowState w) {
        byte[] bytes = StateCodec.encodeWindow(w);
        WindowState back = StateCodec.decodeWindow(bytes);
        assertArrayEquals(bytes, StateCodec.encodeWindow(back), "window state re-encodes to the same bytes");
        return back;
    }

    /** Two models' events, alternating every 400 ms from 2026-01-05T08:00Z, with a drift five minutes in. */
    static List<PredictionEvent> traffic(int n) {
        SyntheticTraffic traffic = new SyntheticTraffic(7, 1_767_600_000_000L + 5 * 60_000);
        EventParser parser = new EventParser();
        List<PredictionEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long ts = 1_767_600_000_000L + i * 400L;
            events.add(parser.parse(null, i % 2 == 0 ? traffic.churnEvent(ts) : traffic.priceEvent(ts), -1).event());
        }
        return events;
    }

    @Test
    void encodingTheStateAfterEveryEventChangesNoScore() {
        List<PredictionEvent> events = traffic(1200);
        List<ScoreRecord> direct = run(events, false);
        List<ScoreRecord> restored = run(events, true);
        assertTrue(direct.size() > 50, "enough windows closed: " + direct.size());
        assertTrue(direct.stream().anyMatch(r -> r.status() == ScoreStatus.OK));
        assertEquals(direct, restored);
    }

    @Test
    void aPinnedModelWithARetiredBaselineSurvivesEncoding() {
        BaselineStates engine = new BaselineStates(CONFIG);
        Baseline b1 = BaselineJson.parse("{\"model\":\"m\",\"version\":\"v1\",\"events\":4,\"signals\":["
                + "{\"signal\":\"prediction\",\"kind\":\"numeric\",\"edges\":[0,1,2],\"counts\":[3,1]}]}");
        Baseline b2 = BaselineJson.parse("{\"model\":\"m\",\"version\":\"v2\",\"events\":2,\"signals\":["
                + "{\"signal\":\"label\",\"kind\":\"categorical\",\"counts\":{\"x\":2}}]}");
        ModelState first = engine.install(b1, null);
        WindowState open = new EventBinner(CONFIG).newWindow(first, 60_000);
        ModelState second = engine.install(b2, first);
        ChunkStore chunks = new ChunkStore();
        second.retireAfter(first, java.util.Set.of("v1"), chunks);
        ModelState back = roundTripModel(second);
        assertEquals("v2", back.baselineVersion());
        WindowState openBack = roundTripWindow(open);
        assertEquals("v1", openBack.baselineVersion());
        ModelState generation = back.generationOf(openBack);
        assertEquals("v1", generation.baselineVersion(), "the open window is closed against the baseline it was binned with");
        assertArrayEquals(new double[] {0, 0, 3, 1, 0}, generation.referenceCounts(0));
        back.dropRetiredExcept(java.util.Set.of(), chunks);
        assertEquals(false, back.retiredBaselines());
    }

    @Test
    void stateWrittenBeforePinnedBaselinesIsStillRead() {
        // format 1 = format 4 without the trailing baseline fields (a false "present" flag each) and, in a
        // window, without the stream time after them; format 3 = format 4 without the stream time
        WindowState w = new WindowState(120_000);
        w.recordStreamTime(150_000);
        byte[] v4 = StateCodec.encodeWindow(w);
        assertEquals(150_000, StateCodec.decodeWindow(v4).streamTime());
        byte[] v3 = java.util.Arrays.copyOf(v4, v4.length - 8);
        v3[0] = 3;
        assertEquals(120_000, StateCodec.decodeWindow(v3).start());
        assertEquals(Long.MIN_VALUE, StateCodec.decodeWindow(v3).streamTime(), "no stream time: the stored clock alone gives it");
        byte[] v1 = java.util.Arrays.copyOf(v4, v4.length - 9);
        v1[0] = 1;
        assertEquals(120_000, StateCodec.decodeWindow(v1).start());
        ModelState m = new ModelState("m");
        byte[] m2 = StateCodec.encodeModel(m);
        byte[] m1 = java.util.Arrays.copyOf(m2, m2.length - 2);
        m1[0] = 1;
        assertArrayEquals(m2, StateCodec.encodeModel(StateCodec.decodeModel(m1)));
    }

    /**
     * The open window is written straight into an exact-size array; its bytes must be those of the format as
     * {@link java.io.DataOutputStream} writes it (as inside a model), built here field by field.
     */
    @Test
    void aWindowEncodesToTheDocumentedFormatByteForByte() throws java.io.IOException {
        for (String version : new String[] {null, "3f9a0c12de45", "bäseline-é"}) {
            WindowState w = new WindowState(1_767_600_000_000L, 42, new double[][] {{1, 2.5, 0}, null, {7}, null}, 3.25, 17);
            w.baselineVersion = version;
            w.recordStreamTime(1_767_600_090_000L);
            java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
            try (java.io.DataOutputStream out = new java.io.DataOutputStream(expected)) {
                out.writeByte(5); // the state format (5: the window itself is as in format 4)
                out.writeLong(1_767_600_000_000L);
                out.writeLong(42);
                out.writeDouble(3.25);
                out.writeLong(17);
                out.writeInt(3); // trailing empty slots are not written
                out.writeInt(3);
                out.writeDouble(1);
                out.writeDouble(2.5);
                out.writeDouble(0);
                out.writeInt(-1);
                out.writeInt(1);
                out.writeDouble(7);
                out.writeBoolean(version != null);
                if (version != null) {
                    out.writeUTF(version);
                }
                out.writeLong(1_767_600_090_000L);
            }
            assertArrayEquals(expected.toByteArray(), StateCodec.encodeWindow(w), String.valueOf(version));
            WindowState back = StateCodec.decodeWindow(StateCodec.encodeWindow(w));
            assertEquals(version, back.baselineVersion());
            assertEquals(42, back.events());
            assertEquals(1_767_600_090_000L, back.streamTime());
        }
    }
}
