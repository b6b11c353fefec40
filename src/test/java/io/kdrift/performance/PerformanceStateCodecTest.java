package io.kdrift.performance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PerformanceStateCodecTest {
    @Test
    void aPendingPredictionRoundTripsAndItsSizeIsKnown() {
        PendingPrediction p = new PendingPrediction(1_767_600_000_000L, 1_767_686_400_000L, "stay", Double.NaN,
                new String[] {"stay", "downgrade", "churn"}, new double[] {0.87, 0.10, 0.03}, false);
        byte[] bytes = PerformanceStateCodec.encodePending(p);
        PendingPrediction back = PerformanceStateCodec.decodePending(bytes);
        assertEquals(p.windowStart(), back.windowStart());
        assertEquals(p.expiresAt(), back.expiresAt());
        assertEquals("stay", back.predicted());
        assertArrayEquals(p.classes(), back.classes());
        assertArrayEquals(p.probabilities(), back.probabilities());
        // version 1 + two times 8 + labelled 1 + class 1+2+4 + number 8 + classes 4 + (2+4)+(2+9)+(2+5) + probabilities 4 + 3·8
        assertEquals(1 + 16 + 1 + 7 + 8 + 4 + 24 + 4 + 24, bytes.length);
        PendingPrediction regression = new PendingPrediction(0, 1, null, 412_000.5, null, null, true);
        byte[] small = PerformanceStateCodec.encodePending(regression);
        assertEquals(1 + 16 + 1 + 1 + 8 + 4 + 4, small.length);
        assertEquals(412_000.5, PerformanceStateCodec.decodePending(small).number());
        assertTrue(PerformanceStateCodec.decodePending(small).labelled());
        // once labelled, only its window and expiry stay (a second label is a duplicate until then): 35 bytes, not 93
        PendingPrediction labelled = PerformanceStateCodec.decodePending(PerformanceStateCodec.encodePending(p.asLabelled()));
        assertEquals(1 + 16 + 1 + 1 + 8 + 4 + 4, PerformanceStateCodec.encodePending(p.asLabelled()).length);
        assertTrue(labelled.labelled());
        assertEquals(p.windowStart(), labelled.windowStart());
        assertEquals(p.expiresAt(), labelled.expiresAt());
    }

    @Test
    void windowsAndReferencesRoundTripToTheSameMetrics() {
        WindowPerformance w = new WindowPerformance(60_000);
        w.predictions = 5;
        w.withId = 4;
        w.unlabelled = 1;
        w.classification.add(null, "a", new String[] {"a", "b"}, new double[] {0.8, 0.2});
        w.classification.add("b", "a", null, null);
        w.regression.add(3, 2.5);
        WindowPerformance back = PerformanceStateCodec.decodeWindow(PerformanceStateCodec.encodeWindow(w));
        assertEquals(w.classification.metrics(), back.classification.metrics());
        assertEquals(w.regression.metrics(), back.regression.metrics());
        assertEquals(5, back.predictions());
        assertEquals(4, back.withId());
        assertEquals(1, back.unlabelled());
        assertArrayEquals(PerformanceStateCodec.encodeWindow(w), PerformanceStateCodec.encodeWindow(back));
        PerformanceReference r = new PerformanceReference();
        r.windows.add(w);
        r.windows.add(back);
        r.frozen = true;
        byte[] bytes = PerformanceStateCodec.encodeReference(r);
        assertArrayEquals(bytes, PerformanceStateCodec.encodeReference(PerformanceStateCodec.decodeReference(bytes)));
        LabelJoin.EarlyLabel l = new LabelJoin.EarlyLabel("churn", 99);
        assertEquals(l, PerformanceStateCodec.decodeEarlyLabel(PerformanceStateCodec.encodeEarlyLabel(l)));
        LabelJoin.EarlyLabel withOrigins = new LabelJoin.EarlyLabel("churn", 99, new LabelOrigin("labels", 2, 41, 1_767_600_000_000L),
                List.of(new LabelJoin.WaitingLabel("stay", new LabelOrigin("labels-2", 0, 7, 5)), new LabelJoin.WaitingLabel("churn", null)));
        assertEquals(withOrigins, PerformanceStateCodec.decodeEarlyLabel(PerformanceStateCodec.encodeEarlyLabel(withOrigins)));
        // what kdrift wrote before (format 1: the label and its expiry) still reads
        byte[] formatOne = io.kdrift.bytes.DataForms.write(out -> {
            out.writeByte(1);
            out.writeUTF("churn");
            out.writeLong(99);
        });
        assertEquals(l, PerformanceStateCodec.decodeEarlyLabel(formatOne));
    }

    /**
     * Format 2 of a window keeps what its estimate needs (the calibration data, every prediction's probabilities) and
     * the estimate made; format 1, as kdrift wrote it before, still reads, as a window that cannot be estimated now.
     */
    @Test
    void aWindowKeepsWhatItsEstimateNeedsAndFormatOneStillReads() {
        String[] ab = {"a", "b"};
        WindowPerformance w = new WindowPerformance(60_000);
        w.predicted(new PendingPrediction(60_000, 0, null, Double.NaN, ab, new double[] {0.7, 0.3}, false));
        w.predicted(new PendingPrediction(60_000, 0, "b", Double.NaN, ab, new double[] {0.45, 0.55}, false));
        w.classification.add(null, "a", ab, new double[] {0.7, 0.3});
        w.estimated = true;
        w.estimatedAccuracy = 0.61;
        w.estimatedAccuracyError = 0.02;
        WindowPerformance back = PerformanceStateCodec.decodeWindow(PerformanceStateCodec.encodeWindow(w));
        assertEquals(2, back.predictions());
        assertEquals(2, back.probabilities.predictions());
        assertArrayEquals(w.probabilities.byClass.get("b"), back.probabilities.byClass.get("b"));
        assertArrayEquals(w.classification.oneVsRest.get("a"), back.classification.oneVsRest.get("a"));
        assertEquals(w.classification.brierSquares, back.classification.brierSquares);
        assertTrue(back.estimated);
        assertEquals(0.61, back.estimatedAccuracy);
        assertEquals(0.02, back.estimatedAccuracyError);
        PerformanceReference r = new PerformanceReference();
        r.windows.add(w);
        PerformanceReference rBack = PerformanceStateCodec.decodeReference(PerformanceStateCodec.encodeReference(r));
        assertArrayEquals(w.classification.oneVsRest.get("b"), rBack.classification().oneVsRest.get("b"), "the calibration map's data");

        assertEquals(w.probabilities.byPredicted.keySet(), back.probabilities.byPredicted.keySet());
        assertArrayEquals(w.probabilities.byPredicted.get("b").get("a"), back.probabilities.byPredicted.get("b").get("a"));
        // format 1: version 1 and the window's counts, without the 45 bytes of an empty format 2 tail
        WindowPerformance old = new WindowPerformance(0);
        old.predictions = 3;
        old.classification.add("a", "b", null, null);
        byte[] two = PerformanceStateCodec.encodeWindow(old);
        byte[] one = java.util.Arrays.copyOf(two, two.length - 45);
        one[0] = 1;
        WindowPerformance read = PerformanceStateCodec.decodeWindow(one);
        assertEquals(old.classification.metrics(), read.classification.metrics());
        assertEquals(3, read.predictions());
        assertTrue(read.estimated, "its predictions' probabilities were not kept: not estimated now on a part of them");
        assertTrue(Double.isNaN(read.estimatedAccuracy));
    }
}
