package io.kdrift.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.event.PredictionEvent;
import io.kdrift.result.ScoreRecord;
import io.kdrift.result.Signals;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * State written by every earlier release restores. {@code src/test/resources/state-formats/format-N} holds the
 * state of {@link StateCodecTest#traffic}'s first 700 events as the last commit writing format N wrote it
 * ({@code GoldenStateWriter.java.txt} there, run at that commit; see its README): the models, their open windows,
 * the sample chunks of learning signals (format 3 on; before, the values were inside the model) and a pinned model
 * (format 2 on). Read by today's code, the task goes on to score the remaining 500 events exactly as a task that
 * never stopped, restored once more along the way in today's format.
 */
class StateFormatsTest {
    private static final int WRITTEN_AFTER = 700;

    @ParameterizedTest(name = "format {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void stateOfEachFormatRestoresAndScoresOnAsATaskThatNeverStopped(int format) {
        List<PredictionEvent> events = StateCodecTest.traffic(1200);
        List<ScoreRecord> neverStopped = StateCodecTest.run(events, false);
        List<ScoreRecord> restored = new ArrayList<>(StateCodecTest.run(events.subList(0, WRITTEN_AFTER), false));
        StateCodecTest.Encoded state = read(format);
        assertEquals(2, state.models.size());
        assertTrue(state.models.values().stream().anyMatch(m -> m.signals.stream().anyMatch(s -> s.learner != null && s.learner.size > 0)),
                "the state has signals still learning their quantile edges");
        // go on for 100 events, restore in today's format (a restart after the upgrade), go on to the end
        restored.addAll(StateCodecTest.run(StateCodecTest.CONFIG, state, events.subList(WRITTEN_AFTER, 800), false));
        restored.addAll(StateCodecTest.run(StateCodecTest.CONFIG, state.restored(), events.subList(800, 1200), false));
        assertEquals(neverStopped.size(), restored.size());
        assertEquals(neverStopped, restored);
    }

    @ParameterizedTest(name = "format {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void olderStateReadsAsTheSameStateInTodaysFormat(int format) {
        Map<String, byte[]> old = files(format);
        Map<String, byte[]> today = files(5);
        for (Map.Entry<String, byte[]> e : old.entrySet()) {
            String name = e.getKey();
            byte[] reencoded = name.contains("model-") ? StateCodec.encodeModel(StateCodec.decodeModel(e.getValue()))
                    : name.startsWith("sample-") ? StateCodec.encodeSample(StateCodec.decodeSample(e.getValue()))
                    : StateCodec.encodeWindow(StateCodec.decodeWindow(e.getValue()));
            assertArrayEquals(today.get(name), reencoded, name + " of format " + format);
        }
    }

    @Test
    void aPinnedModelOfFormatTwoKeepsItsBaseline() {
        ModelState m = StateCodec.decodeModel(files(2).get("pinned-model-m.bin"));
        assertEquals("v1", m.baselineVersion());
        assertTrue(m.referenceFrozen);
        assertArrayEquals(new double[] {0, 0, 3, 1, 0}, m.referenceCounts(m.byName.get(Signals.PREDICTION).slot));
        assertEquals(4, m.reference.getFirst().events);
        assertEquals("v1", StateCodec.decodeWindow(files(2).get("pinned-window-m@60000.bin")).baselineVersion());
    }

    /** The task state of a format's directory, decoded by today's code. */
    private static StateCodecTest.Encoded read(int format) {
        StateCodecTest.Encoded state = new StateCodecTest.Encoded();
        files(format).forEach((name, bytes) -> {
            String key = name.substring(name.indexOf('-') + 1, name.length() - ".bin".length());
            if (name.startsWith("model-")) {
                state.models.put(key, StateCodec.decodeModel(bytes));
            } else if (name.startsWith("window-")) {
                state.windows.put(key, StateCodec.decodeWindow(bytes));
            } else if (name.startsWith("sample-")) {
                state.samples.put(key, StateCodec.decodeSample(bytes));
            }
        });
        return state;
    }

    private static Map<String, byte[]> files(int format) {
        try (Stream<Path> files = Files.list(Path.of(StateFormatsTest.class.getResource("/state-formats/format-" + format).toURI()))) {
            Map<String, byte[]> out = new TreeMap<>();
            for (Path p : files.toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    out.put(p.getFileName().toString(), in.readAllBytes());
                }
            }
            assertTrue(out.size() >= 4, "golden files of format " + format + ": " + out.keySet());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
