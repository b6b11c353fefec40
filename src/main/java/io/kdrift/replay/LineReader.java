package io.kdrift.replay;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a file line by line as raw bytes, so that a line that is not valid UTF-8 reaches the parser as it is.
 * Scans a buffer of its own for the line ends (a byte-at-a-time stream read cost more than parsing the JSON).
 */
public final class LineReader implements Closeable {
    private final InputStream in;
    private byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean eof;

    public LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its line terminator ("\n" or "\r\n"), or null at the end. */
    public byte[] next() throws IOException {
        int scanned = position;
        while (true) {
            for (int i = scanned; i < limit; i++) {
                if (buffer[i] == '\n') {
                    byte[] line = line(position, i);
                    position = i + 1;
                    return line;
                }
            }
            scanned = limit;
            if (eof) {
                if (position == limit) {
                    return null;
                }
                byte[] line = line(position, limit); // a last line without "\n"
                position = limit;
                return line;
            }
            scanned -= position;
            fill();
        }
    }

    /** Moves the unread bytes to the front (growing the buffer for a line longer than it) and reads more. */
    private void fill() throws IOException {
        int unread = limit - position;
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, unread);
        } else if (unread == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        position = 0;
        limit = unread;
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /** True for a line of nothing but spaces and tabs (skipped by replay and baseline). */
    public static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private byte[] line(int from, int end) {
        if (end > from && buffer[end - 1] == '\r') {
            end--;
        }
        return Arrays.copyOfRange(buffer, from, end);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
