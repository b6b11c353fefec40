package io.kdrift.performance;

import io.kdrift.drift.ExpiryIndex;
import io.kdrift.bytes.DataForms;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Binary form of the label join's state for the changelogged stores, beside the state it encodes (as
 * {@link io.kdrift.drift.StateCodec} for drift). The first byte is the format version.
 */
public final class PerformanceStateCodec {
    /** What this release writes; the first format. */
    private static final byte CURRENT = 1;

    private PerformanceStateCodec() {
    }

    /** A prediction waiting for its label: 89 bytes for a 3-class classifier, 38 for a regression (the key, {@code model@id}, apart). */
    public static byte[] encodePending(PendingPrediction p) {
        return DataForms.write(out -> {
            out.writeByte(CURRENT);
            out.writeLong(p.windowStart());
            out.writeLong(p.expiresAt());
            out.writeBoolean(p.labelled());
            DataForms.writeNullable(out, p.predicted());
            out.writeDouble(p.number());
            DataForms.writeStrings(out, p.classes());
            DataForms.writeDoubles(out, p.probabilities());
        });
    }

    public static PendingPrediction decodePending(byte[] bytes) {
        return DataForms.read(bytes, in -> {
            checkVersion(in);
            long windowStart = in.readLong();
            long expiresAt = in.readLong();
            boolean labelled = in.readBoolean();
            String predicted = DataForms.readNullable(in);
            double number = in.readDouble();
            String[] classes = DataForms.readStrings(in);
            double[] probabilities = DataForms.readDoubles(in);
            return new PendingPrediction(windowStart, expiresAt, predicted, number, classes, probabilities, labelled);
        });
    }

    /** A bucket of the expiry index: the keys ({@code model@id}) that expire in it. */
    public static byte[] encodeExpiryBucket(ExpiryIndex.ExpiryBucket b) {
        return DataForms.write(out -> {
            out.writeByte(CURRENT);
            DataForms.writeStrings(out, b.keys().toArray(new String[0]));
        });
    }

    public static ExpiryIndex.ExpiryBucket decodeExpiryBucket(byte[] bytes) {
        return DataForms.read(bytes, in -> {
            checkVersion(in);
            return new ExpiryIndex.ExpiryBucket(new ArrayList<>(Arrays.asList(DataForms.readStrings(in))));
        });
    }

    /** Format 2 of a waiting label: with where it and the later labels of its id came from. */
    private static final byte EARLY_LABEL_WITH_ORIGINS = 2;

    public static byte[] encodeEarlyLabel(LabelJoin.EarlyLabel l) {
        return DataForms.write(out -> {
            out.writeByte(EARLY_LABEL_WITH_ORIGINS);
            out.writeUTF(l.label());
            out.writeLong(l.expiresAt());
            writeOrigin(out, l.origin());
            out.writeInt(l.later().size());
            for (LabelJoin.WaitingLabel w : l.later()) {
                out.writeUTF(w.label());
                writeOrigin(out, w.origin());
            }
        });
    }

    /** Format 1 (label and expiry) as kdrift wrote it before, and format 2. */
    public static LabelJoin.EarlyLabel decodeEarlyLabel(byte[] bytes) {
        return DataForms.read(bytes, in -> {
            byte v = in.readByte();
            if (v == CURRENT) {
                return new LabelJoin.EarlyLabel(in.readUTF(), in.readLong());
            }
            if (v != EARLY_LABEL_WITH_ORIGINS) {
                throw new IllegalStateException("unknown waiting-label state format version " + v + " (this kdrift writes "
                        + EARLY_LABEL_WITH_ORIGINS + ")");
            }
            String label = in.readUTF();
            long expiresAt = in.readLong();
            LabelOrigin origin = readOrigin(in);
            int n = in.readInt();
            List<LabelJoin.WaitingLabel> later = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                later.add(new LabelJoin.WaitingLabel(in.readUTF(), readOrigin(in)));
            }
            return new LabelJoin.EarlyLabel(label, expiresAt, origin, List.copyOf(later));
        });
    }

    private static void writeOrigin(DataOutputStream out, LabelOrigin o) throws IOException {
        out.writeBoolean(o != null && o.topic() != null);
        if (o != null && o.topic() != null) {
            out.writeUTF(o.topic());
            out.writeInt(o.partition());
            out.writeLong(o.offset());
            out.writeLong(o.timestamp());
        }
    }

    private static LabelOrigin readOrigin(DataInputStream in) throws IOException {
        return in.readBoolean() ? new LabelOrigin(in.readUTF(), in.readInt(), in.readLong(), in.readLong()) : null;
    }

    public static byte[] encodeWindow(WindowPerformance w) {
        return DataForms.write(out -> {
            out.writeByte(CURRENT);
            writeWindow(out, w);
        });
    }

    public static WindowPerformance decodeWindow(byte[] bytes) {
        return DataForms.read(bytes, in -> {
            checkVersion(in);
            return readWindow(in);
        });
    }

    public static byte[] encodeReference(PerformanceReference r) {
        return DataForms.write(out -> {
            out.writeByte(CURRENT);
            out.writeBoolean(r.frozen);
            out.writeInt(r.windows.size());
            for (WindowPerformance w : r.windows) {
                writeWindow(out, w);
            }
        });
    }

    public static PerformanceReference decodeReference(byte[] bytes) {
        return DataForms.read(bytes, in -> {
            checkVersion(in);
            PerformanceReference r = new PerformanceReference();
            r.frozen = in.readBoolean();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                r.windows.addLast(readWindow(in));
            }
            return r;
        });
    }

    private static void writeWindow(DataOutputStream out, WindowPerformance w) throws IOException {
        out.writeLong(w.windowStart);
        out.writeLong(w.predictions);
        out.writeLong(w.withId);
        out.writeLong(w.unlabelled);
        ClassificationCounts c = w.classification;
        out.writeLong(c.labelled);
        out.writeLong(c.correct);
        out.writeLong(c.withProbabilities);
        out.writeDouble(c.logLossSum);
        out.writeDouble(c.logLossSquares);
        out.writeDouble(c.brierSum);
        for (int b = 0; b < ClassificationCounts.CALIBRATION_BINS; b++) {
            out.writeLong(c.calibrationCount[b]);
            out.writeDouble(c.calibrationConfidence[b]);
            out.writeLong(c.calibrationCorrect[b]);
        }
        out.writeInt(c.perClass.size());
        for (Map.Entry<String, long[]> e : c.perClass.entrySet()) {
            out.writeUTF(e.getKey());
            for (long v : e.getValue()) {
                out.writeLong(v);
            }
        }
        RegressionCounts r = w.regression;
        out.writeLong(r.labelled);
        out.writeDouble(r.errorSum);
        out.writeDouble(r.absoluteErrorSum);
        out.writeDouble(r.squaredErrorSum);
        out.writeDouble(r.fourthPowerSum);
    }

    private static WindowPerformance readWindow(DataInputStream in) throws IOException {
        WindowPerformance w = new WindowPerformance(in.readLong());
        w.predictions = in.readLong();
        w.withId = in.readLong();
        w.unlabelled = in.readLong();
        ClassificationCounts c = w.classification;
        c.labelled = in.readLong();
        c.correct = in.readLong();
        c.withProbabilities = in.readLong();
        c.logLossSum = in.readDouble();
        c.logLossSquares = in.readDouble();
        c.brierSum = in.readDouble();
        for (int b = 0; b < ClassificationCounts.CALIBRATION_BINS; b++) {
            c.calibrationCount[b] = in.readLong();
            c.calibrationConfidence[b] = in.readDouble();
            c.calibrationCorrect[b] = in.readLong();
        }
        int classes = in.readInt();
        for (int i = 0; i < classes; i++) {
            c.perClass.put(in.readUTF(), new long[] {in.readLong(), in.readLong(), in.readLong()});
        }
        RegressionCounts r = w.regression;
        r.labelled = in.readLong();
        r.errorSum = in.readDouble();
        r.absoluteErrorSum = in.readDouble();
        r.squaredErrorSum = in.readDouble();
        r.fourthPowerSum = in.readDouble();
        return w;
    }

    private static void checkVersion(DataInputStream in) throws IOException {
        byte v = in.readByte();
        if (v != CURRENT) {
            throw new IllegalStateException("unknown performance state format version " + v + " (this kdrift writes " + CURRENT + ")");
        }
    }
}
