package io.kdrift.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.codec.BaselineJson;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.event.RejectReason;
import io.kdrift.replay.BaselineBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code kdrift baseline}'s counting and its JSON; expected counts are worked out by hand from the events. */
class BaselineTest {
    private static final KdriftConfig CONFIG = ConfigLoader.parse("""
            reference: {mode: pinned}
            binning:
              numeric: {type: quantile, bins: 4, sample: 200}
              signals:
                feature.x: {type: edges, edges: [0, 1, 2]}
            """, "test.yaml");

    private static Baseline.Signal signal(Baseline b, String name) {
        return b.signals().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + b));
    }

    private static List<Baseline> build(String... events) {
        BaselineBuilder builder = new BaselineBuilder(CONFIG);
        for (String e : events) {
            assertNull(builder.add(e.getBytes(StandardCharsets.UTF_8)), e);
        }
        return builder.build("2026-11-23T00:00:00Z");
    }

    @Test
    void countsEveryEventOfAModelInTheLayoutOfItsBins() {
        List<Baseline> baselines = build(
                "{\"model\":\"m\",\"features\":{\"x\":-1,\"c\":\"red\"},\"probabilities\":{\"a\":0.8,\"b\":0.2},\"label\":\"a\"}",
                "{\"model\":\"m\",\"features\":{\"x\":0.5,\"c\":\"blue\"},\"probabilities\":{\"a\":0.7,\"b\":0.3},\"label\":\"b\"}",
                "{\"model\":\"m\",\"features\":{\"x\":2,\"c\":\"red\"},\"probabilities\":{\"a\":0.5,\"b\":0.5}}",
                "{\"model\":\"m\",\"features\":{\"x\":7,\"c\":null}}",
                "{\"model\":\"other\",\"prediction\":1.5}");
        assertEquals(List.of("m", "other"), baselines.stream().map(Baseline::model).toList());
        Baseline m = baselines.get(0);
        assertEquals(4, m.events());
        // x: missing 0, underflow 1 (-1), [0,1) 1 (0.5), [1,2] 1 (2, the upper edge), overflow 1 (7)
        Baseline.Signal x = signal(m, "feature.x");
        assertArrayEquals(new double[] {0, 1, 2}, x.edges());
        assertArrayEquals(new double[] {0, 1, 1, 1, 1}, x.counts());
        // c: null (missing) in the fourth event, then red 2, blue 1 in order of appearance
        Baseline.Signal c = signal(m, "feature.c");
        assertEquals(List.of("red", "blue"), c.categories());
        assertArrayEquals(new double[] {1, 0, 2, 1}, c.counts());
        // probabilities: soft counts a 0.8+0.7+0.5, b 0.2+0.3+0.5
        assertArrayEquals(new double[] {0, 0, 2.0, 1.0}, signal(m, "probabilities").counts(), 1e-12);
        // log loss of the two labelled events: −ln 0.8 − ln 0.3
        assertEquals(2, m.logLossCount());
        assertEquals(-Math.log(0.8) - Math.log(0.3), m.logLossSum(), 1e-12);
    }

    @Test
    void quantileEdgesAreLearnedFromTheBaselineEvenWithFewerValuesThanTheSample() {
        Baseline b = build("{\"model\":\"q\",\"prediction\":3}", "{\"model\":\"q\",\"prediction\":1}",
                "{\"model\":\"q\",\"prediction\":5}", "{\"model\":\"q\",\"prediction\":2}", "{\"model\":\"q\",\"prediction\":4}").get(0);
        Baseline.Signal p = signal(b, "prediction");
        // numpy.quantile([1,2,3,4,5], [0, .25, .5, .75, 1]) = [1, 2, 3, 4, 5]
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, p.edges());
        assertArrayEquals(new double[] {0, 0, 1, 1, 1, 2, 0}, p.counts());
    }

    @Test
    void eventsTheMonitorWouldRejectAreRejectedWithTheirReason() {
        BaselineBuilder builder = new BaselineBuilder(CONFIG);
        assertEquals(RejectReason.INVALID_JSON, builder.add("{\"model\":".getBytes(StandardCharsets.UTF_8)).reason());
        assertNull(builder.add("{\"model\":\"m\",\"prediction\":\"yes\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(RejectReason.SIGNAL_TYPE_CONFLICT,
                builder.add("{\"model\":\"m\",\"features\":{\"x\":\"text\"}}".getBytes(StandardCharsets.UTF_8)).reason());
    }

    @Test
    void theJsonReadsBackToTheSameBaselineAndTheVersionFollowsTheContent() {
        Baseline b = build("{\"model\":\"m\",\"features\":{\"x\":0.5,\"c\":\"red\"},\"probabilities\":{\"a\":0.8,\"b\":0.2},\"label\":\"a\"}").get(0);
        byte[] json = BaselineJson.toJson(b);
        Baseline back = BaselineJson.parse(new String(json, StandardCharsets.UTF_8));
        assertArrayEquals(json, BaselineJson.toJson(back));
        assertEquals(b.version(), build("{\"model\":\"m\",\"features\":{\"x\":0.5,\"c\":\"red\"},\"probabilities\":{\"a\":0.8,\"b\":0.2},\"label\":\"a\"}")
                .get(0).version(), "same data, same version");
        assertNotEquals(b.version(), build("{\"model\":\"m\",\"features\":{\"x\":1.5,\"c\":\"red\"},\"probabilities\":{\"a\":0.8,\"b\":0.2},\"label\":\"a\"}")
                .get(0).version());
    }

    @Test
    void aBaselineWrittenByHandNeedsNoVersionAndItsErrorsNameTheField() {
        Baseline b = BaselineJson.parse("{\"model\":\"m\",\"signals\":[{\"signal\":\"label\",\"kind\":\"categorical\",\"counts\":{\"yes\":3,\"no\":1}}]}");
        assertEquals(16, b.version().length());
        assertArrayEquals(new double[] {0, 0, 3, 1}, b.signals().get(0).counts());
        assertMessage("signals[0] (p).counts: 3 edges make 2 bins, but there are 1 counts",
                "{\"model\":\"m\",\"signals\":[{\"signal\":\"p\",\"kind\":\"numeric\",\"edges\":[0,1,2],\"counts\":[1]}]}");
        assertMessage("signals[0] (p).overflow: a count must be a number ≥ 0, got -2",
                "{\"model\":\"m\",\"signals\":[{\"signal\":\"p\",\"kind\":\"numeric\",\"edges\":[0,1],\"counts\":[1],\"overflow\":-2}]}");
        assertMessage("signals[0] (p).kind: \"histogram\" is neither numeric nor categorical",
                "{\"model\":\"m\",\"signals\":[{\"signal\":\"p\",\"kind\":\"histogram\"}]}");
        assertMessage("model: missing", "{\"signals\":[]}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BaselineJson.parse("{")).getMessage().startsWith("not JSON"));
    }

    private static void assertMessage(String expected, String json) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> BaselineJson.parse(json)).getMessage());
    }
}
