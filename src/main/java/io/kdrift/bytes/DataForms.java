package io.kdrift.bytes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The binary state formats' shared pieces: records written and read with Java's data streams, nullable strings, arrays. */
public final class DataForms {
    private DataForms() {
    }

    /** Writes one record. */
    @FunctionalInterface
    public interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads one record. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    public static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static <T> T read(byte[] bytes, Reader<T> r) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return r.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt state record", e);
        }
    }

    /**
     * The string as {@link DataOutputStream#writeUTF} writes it (a length, then modified UTF-8), byte for byte. Most
     * strings kdrift stores are ASCII without a NUL, whose modified UTF-8 is their UTF-8, which the JDK encodes a whole
     * array at a time: those go that way; the others, and those too long for the format, as {@code writeUTF} does.
     */
    public static void writeUtf(DataOutputStream out, String s) throws IOException {
        int n = s.length();
        if (n <= 65535) {
            byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (utf8.length == n && noZero(utf8)) { // one byte a char: ASCII
                out.writeShort(n);
                out.write(utf8);
                return;
            }
        }
        out.writeUTF(s);
    }

    private static boolean noZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        return true;
    }

    /** A presence flag, then the string as {@link DataOutputStream#writeUTF} writes it. */
    public static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeUtf(out, s);
        }
    }

    public static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /** The length (−1 for null), then the values. */
    public static void writeDoubles(DataOutputStream out, double[] v) throws IOException {
        out.writeInt(v == null ? -1 : v.length);
        if (v != null) {
            for (double d : v) {
                out.writeDouble(d);
            }
        }
    }

    public static double[] readDoubles(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readDouble();
        }
        return v;
    }

    /** The length (−1 for null), then the strings as {@link DataOutputStream#writeUTF} writes them. */
    public static void writeStrings(DataOutputStream out, String[] v) throws IOException {
        out.writeInt(v == null ? -1 : v.length);
        if (v != null) {
            for (String s : v) {
                writeUtf(out, s);
            }
        }
    }

    public static String[] readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readUTF();
        }
        return v;
    }
}
