package io.kdrift.drift;

import io.kdrift.bytes.DataForms;
import io.kdrift.stats.CategoryIndex;
import io.kdrift.stats.NumericBinning;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compact binary form of {@link ModelState} and {@link WindowState} for the changelogged stores. It is
 * written only when Kafka Streams commits (never per event), so it favours size and exactness (doubles
 * bit for bit) over readability. The first byte is a format version; every earlier version is still read.
 */
public final class StateCodec {
    /** State formats, each named after what it added; every one is still read (golden files in src/test/resources/state-formats). */
    private static final byte FORMAT_INITIAL = 1;
    /** Pinned baselines: the baseline version of a model and of a window, a model's retired baselines. */
    private static final byte FORMAT_PINNED_BASELINES = 2;
    /** The learning values of quantile signals in chunks of their own store, no longer inside the model. */
    private static final byte FORMAT_SAMPLE_CHUNKS = 3;
    /** A window carries the task's stream time. */
    private static final byte FORMAT_WINDOW_STREAM_TIME = 4;
    /**
     * A model carries its held windows (kept out of the reference while an alert fires), its last re-baseline and the
     * values of its segment keys.
     */
    private static final byte FORMAT_REFERENCE_HOLD = 5;
    /** What this release writes. */
    private static final byte CURRENT = FORMAT_REFERENCE_HOLD;
    private static final byte NUMERIC = 0;
    private static final byte CATEGORICAL = 1;

    private StateCodec() {
    }

    /**
     * The open window is encoded at every commit it changed in, so it is written straight into an array of
     * exactly its size, without a stream call per number or a growing buffer.
     */
    public static byte[] encodeWindow(WindowState w) {
        return windowBytes(w, true);
    }

    /** A window in the state format, with the format version in front when it is a record of its own. */
    private static byte[] windowBytes(WindowState w, boolean versioned) {
        byte[] baseline = w.baselineVersion == null ? null : modifiedUtf8(w.baselineVersion);
        int slots = usedSlots(w);
        int size = (versioned ? 1 : 0) + 8 + 8 + 8 + 8 + 4 + 1 + (baseline == null ? 0 : baseline.length) + 8;
        for (int i = 0; i < slots; i++) {
            size += 4 + (w.counts[i] == null ? 0 : 8 * w.counts[i].length);
        }
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(size);
        if (versioned) {
            out.put(CURRENT);
        }
        out.putLong(w.start()).putLong(w.events).putDouble(w.logLossSum).putLong(w.logLossCount).putInt(slots);
        for (int i = 0; i < slots; i++) {
            double[] c = w.counts[i];
            if (c == null) {
                out.putInt(-1);
            } else {
                out.putInt(c.length);
                for (double d : c) {
                    out.putDouble(d);
                }
            }
        }
        out.put((byte) (baseline == null ? 0 : 1));
        if (baseline != null) {
            out.put(baseline);
        }
        out.putLong(w.streamTime);
        return out.array();
    }

    /** The string as {@link DataOutputStream#writeUTF} writes it (its length, then modified UTF-8), as {@link DataForms#readNullable} reads it. */
    private static byte[] modifiedUtf8(String s) {
        return DataForms.write(out -> DataForms.writeUtf(out, s));
    }

    private static int usedSlots(WindowState w) {
        int slots = w.counts.length;
        while (slots > 0 && w.counts[slots - 1] == null) {
            slots--;
        }
        return slots;
    }

    public static WindowState decodeWindow(byte[] bytes) {
        return DataForms.read(bytes, in -> {
            return readWindow(in, checkVersion(in.readByte()));
        });
    }

    /** A sample chunk: written at every commit while its signal learns, so sized exactly, with no stream in between. */
    public static byte[] encodeSample(SampleChunk c) {
        int n = c.count();
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(1 + 4 + n * 16);
        out.put(CURRENT).putInt(n);
        for (int i = 0; i < n; i++) {
            out.putDouble(c.value(i)).putLong(c.windowStart(i));
        }
        return out.array();
    }

    public static SampleChunk decodeSample(byte[] bytes) {
        return DataForms.read(bytes, in -> {
            checkVersion(in.readByte());
            int n = in.readInt();
            double[] values = new double[n];
            long[] starts = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = in.readDouble();
                starts[i] = in.readLong();
            }
            return SampleChunk.of(values, starts);
        });
    }

    public static byte[] encodeModel(ModelState m) {
        return DataForms.write(out -> {
            out.writeByte(CURRENT);
            writeModel(out, m);
        });
    }

    private static void writeModel(DataOutputStream out, ModelState m) throws IOException {
        DataForms.writeUtf(out, m.model);
        out.writeBoolean(m.referenceFrozen);
        out.writeBoolean(m.hasLogLoss);
        out.writeInt(m.signals.size());
        for (SignalState s : m.signals) {
            DataForms.writeUtf(out, s.name);
            if (s.kind == SignalKind.NUMERIC) {
                out.writeByte(NUMERIC);
                out.writeBoolean(s.binning != null);
                if (s.binning != null) {
                    DataForms.writeDoubles(out, s.binning.edges());
                }
                out.writeBoolean(s.learner != null);
                if (s.learner != null) {
                    // the values themselves are in their chunks (encodeSample)
                    QuantileLearner l = s.learner;
                    out.writeInt(l.target);
                    out.writeInt(l.bins);
                    out.writeInt(l.size);
                }
            } else {
                out.writeByte(CATEGORICAL);
                out.writeInt(s.categories.maxCategories());
                List<String> categories = s.categories.categories();
                out.writeInt(categories.size());
                for (String c : categories) {
                    DataForms.writeUtf(out, c);
                }
            }
        }
        out.writeInt(m.reference.size());
        for (WindowState w : m.reference) {
            writeWindow(out, w);
        }
        out.writeLong(m.lastActiveWindow);
        out.writeLong(m.lastQuietWindow);
        DataForms.writeNullable(out, m.baselineVersion);
        out.writeBoolean(m.retired != null);
        if (m.retired != null) {
            writeModel(out, m.retired);
        }
        out.writeInt(m.heldWindows);
        out.writeLong(m.heldSince);
        out.writeLong(m.rebaselinedAt);
        out.writeInt(m.segmentValues.size());
        for (java.util.Map.Entry<String, CategoryIndex> e : m.segmentValues.entrySet()) {
            DataForms.writeUtf(out, e.getKey());
            out.writeInt(e.getValue().maxCategories());
            List<String> values = e.getValue().categories();
            out.writeInt(values.size());
            for (String v : values) {
                DataForms.writeUtf(out, v);
            }
        }
    }

    public static ModelState decodeModel(byte[] bytes) {
        return DataForms.read(bytes, in -> readModel(in, checkVersion(in.readByte())));
    }

    private static ModelState readModel(DataInputStream in, byte version) throws IOException {
        ModelState m = new ModelState(in.readUTF());
        m.referenceFrozen = in.readBoolean();
        m.hasLogLoss = in.readBoolean();
        int signals = in.readInt();
        for (int slot = 0; slot < signals; slot++) {
            String name = in.readUTF();
            byte kind = in.readByte();
            if (kind == NUMERIC) {
                NumericBinning binning = in.readBoolean() ? NumericBinning.ofEdges(DataForms.readDoubles(in)) : null;
                QuantileLearner learner = null;
                if (in.readBoolean()) {
                    int target = in.readInt();
                    int bins = in.readInt();
                    int size = in.readInt();
                    double[] values = new double[Math.max(size, Math.min(target, 64))];
                    long[] starts = new long[values.length];
                    boolean inline = version < FORMAT_SAMPLE_CHUNKS;
                    if (inline) {
                        for (int i = 0; i < size; i++) {
                            values[i] = in.readDouble();
                            starts[i] = in.readLong();
                        }
                    }
                    learner = new QuantileLearner(target, bins, values, starts, size);
                    m.samplesToLoad |= !inline && size > 0;
                    m.samplesInline |= inline && size > 0;
                }
                m.addSignal(new SignalState(name, slot, SignalKind.NUMERIC, binning, learner, null));
            } else {
                int max = in.readInt();
                int n = in.readInt();
                List<String> categories = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    categories.add(in.readUTF());
                }
                m.addSignal(new SignalState(name, slot, SignalKind.CATEGORICAL, null, null, CategoryIndex.restore(max, categories)));
            }
        }
        int windows = in.readInt();
        for (int i = 0; i < windows; i++) {
            m.reference.addLast(readWindow(in, version));
        }
        m.lastActiveWindow = in.readLong();
        m.lastQuietWindow = in.readLong();
        if (version >= FORMAT_PINNED_BASELINES) {
            m.baselineVersion = DataForms.readNullable(in);
            if (in.readBoolean()) {
                m.retired = readModel(in, version);
            }
        }
        if (version >= FORMAT_REFERENCE_HOLD) {
            m.heldWindows = in.readInt();
            m.heldSince = in.readLong();
            m.rebaselinedAt = in.readLong();
            int keys = in.readInt();
            for (int k = 0; k < keys; k++) {
                String name = in.readUTF();
                int max = in.readInt();
                int n = in.readInt();
                List<String> values = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    values.add(in.readUTF());
                }
                m.segmentValues.put(name, CategoryIndex.restore(max, values));
            }
        }
        return m;
    }

    private static void writeWindow(DataOutputStream out, WindowState w) throws IOException {
        out.write(windowBytes(w, false));
    }

    private static WindowState readWindow(DataInputStream in, byte version) throws IOException {
        long start = in.readLong();
        long events = in.readLong();
        double logLossSum = in.readDouble();
        long logLossCount = in.readLong();
        int slots = in.readInt();
        double[][] counts = new double[Math.max(slots, 1)][];
        for (int i = 0; i < slots; i++) {
            counts[i] = DataForms.readDoubles(in);
        }
        WindowState w = new WindowState(start, events, counts, logLossSum, logLossCount);
        if (version >= FORMAT_PINNED_BASELINES) {
            w.baselineVersion = DataForms.readNullable(in);
        }
        if (version >= FORMAT_WINDOW_STREAM_TIME) {
            w.streamTime = in.readLong();
        }
        return w;
    }

    private static byte checkVersion(byte v) {
        if (v < FORMAT_INITIAL || v > CURRENT) {
            throw new IllegalStateException("unknown state format version " + v + " (this kdrift writes " + CURRENT + ")");
        }
        return v;
    }

}
