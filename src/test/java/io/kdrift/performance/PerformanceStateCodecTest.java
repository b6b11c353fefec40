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
}
