package io.kdrift.performance;

import io.kdrift.bytes.DataForms;
import io.kdrift.state.ExpiryIndex;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
            DataForms.writeUtf(out, l.label());
            out.writeLong(l.expiresAt());
            writeOrigin(out, l.origin());
            out.writeInt(l.later().size());
            for (LabelJoin.WaitingLabel w : l.later()) {
                DataForms.writeUtf(out, w.label());
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
            DataForms.writeUtf(out, o.topic());
            out.writeInt(o.partition());
            out.writeLong(o.offset());
            out.writeLong(o.timestamp());
        }
    }

    private static LabelOrigin readOrigin(DataInputStream in) throws IOException {
        return in.readBoolean() ? new LabelOrigin(in.readUTF(), in.readInt(), in.readLong(), in.readLong()) : null;
    }

    /**
     * Format 2 of a window (and of a reference's windows): with what its performance is estimated from (the calibration
     * data of its labelled predictions, the probabilities of all of them) and the estimate made when it closed.
     */
    private static final byte WINDOW_WITH_ESTIMATES = 2;

    public static byte[] encodeWindow(WindowPerformance w) {
        return DataForms.write(out -> {
            out.writeByte(WINDOW_WITH_ESTIMATES);
            writeWindow(out, w);
            writeEstimates(out, w);
        });
    }

    /** Format 1, as kdrift wrote it before (nothing to estimate from: the window is not estimated), and format 2. */
    public static WindowPerformance decodeWindow(byte[] bytes) {
        return DataForms.read(bytes, in -> {
            boolean estimates = windowVersion(in);
            WindowPerformance w = readWindow(in);
            if (estimates) {
                readEstimates(in, w);
            } else {
                w.estimated = true; // its predictions' probabilities were not kept: it cannot be estimated now
            }
            return w;
        });
    }

    public static byte[] encodeReference(PerformanceReference r) {
        return DataForms.write(out -> {
            out.writeByte(WINDOW_WITH_ESTIMATES);
            out.writeBoolean(r.frozen);
            out.writeInt(r.windows.size());
            for (WindowPerformance w : r.windows) {
                writeWindow(out, w);
                writeEstimates(out, w);
            }
        });
    }

    /** Format 1 (its windows without calibration data: the map learns from the windows that come) and format 2. */
    public static PerformanceReference decodeReference(byte[] bytes) {
        return DataForms.read(bytes, in -> {
            boolean estimates = windowVersion(in);
            PerformanceReference r = new PerformanceReference();
            r.frozen = in.readBoolean();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                WindowPerformance w = readWindow(in);
                if (estimates) {
                    readEstimates(in, w);
                }
                r.windows.addLast(w);
            }
            return r;
        });
    }

    private static boolean windowVersion(DataInputStream in) throws IOException {
        byte v = in.readByte();
        if (v != CURRENT && v != WINDOW_WITH_ESTIMATES) {
            throw new IllegalStateException("unknown performance window state format version " + v + " (this kdrift writes "
                    + WINDOW_WITH_ESTIMATES + ")");
        }
        return v == WINDOW_WITH_ESTIMATES;
    }

    private static void writeEstimates(DataOutputStream out, WindowPerformance w) throws IOException {
        ClassificationCounts c = w.classification;
        out.writeDouble(c.brierSquares);
        writeArrays(out, c.oneVsRest);
        out.writeLong(w.probabilities.predictions);
        writeArrays(out, w.probabilities.byClass);
        out.writeInt(w.probabilities.byPredicted.size());
        for (Map.Entry<String, Map<String, double[]>> e : w.probabilities.byPredicted.entrySet()) {
            DataForms.writeUtf(out, e.getKey());
            writeArrays(out, e.getValue());
        }
        out.writeBoolean(w.estimated);
        out.writeDouble(w.estimatedAccuracy);
        out.writeDouble(w.estimatedAccuracyError);
    }

    private static void readEstimates(DataInputStream in, WindowPerformance w) throws IOException {
        ClassificationCounts c = w.classification;
        c.brierSquares = in.readDouble();
        readArrays(in, c.oneVsRest);
        w.probabilities.predictions = in.readLong();
        readArrays(in, w.probabilities.byClass);
        int predictedClasses = in.readInt();
        for (int i = 0; i < predictedClasses; i++) {
            String predicted = in.readUTF();
            Map<String, double[]> row = new TreeMap<>();
            readArrays(in, row);
            w.probabilities.byPredicted.put(predicted, row);
        }
        w.estimated = in.readBoolean();
        w.estimatedAccuracy = in.readDouble();
        w.estimatedAccuracyError = in.readDouble();
    }

    /** Arrays by class name: only the non-zero values, as (index, value), most of a class's bins being empty. */
    private static void writeArrays(DataOutputStream out, Map<String, double[]> byClass) throws IOException {
        out.writeInt(byClass.size());
        for (Map.Entry<String, double[]> e : byClass.entrySet()) {
            DataForms.writeUtf(out, e.getKey());
            double[] v = e.getValue();
            out.writeShort(v.length);
            int nonZero = 0;
            for (double x : v) {
                nonZero += x != 0 ? 1 : 0;
            }
            out.writeShort(nonZero);
            for (int i = 0; i < v.length; i++) {
                if (v[i] != 0) {
                    out.writeShort(i);
                    out.writeDouble(v[i]);
                }
            }
        }
    }

    private static void readArrays(DataInputStream in, Map<String, double[]> byClass) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            double[] v = new double[in.readShort()];
            int nonZero = in.readShort();
            for (int j = 0; j < nonZero; j++) {
                int at = in.readShort();
                v[at] = in.readDouble();
            }
            byClass.put(name, v);
        }
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
            DataForms.writeUtf(out, e.getKey());
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
