package io.kdrift.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    /** A stream that hands out at most {@code step} bytes per read, as pipes and sockets may. */
    private static InputStream trickling(byte[] data, int step) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    private static List<String> lines(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        try (LineReader r = new LineReader(in)) {
            byte[] line;
            while ((line = r.next()) != null) {
                out.add(new String(line, StandardCharsets.ISO_8859_1));
            }
            assertNull(r.next(), "stays at the end");
        }
        return out;
    }

    @Test
    void splitsOnNewlinesDropsCarriageReturnsAndKeepsALastLineWithoutNewline() throws IOException {
        String longLine = "x".repeat(200_000); // longer than the buffer
        String text = "a\r\n\nb\n" + longLine + "\nlast";
        List<String> expected = List.of("a", "", "b", longLine, "last");
        byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int step : new int[] {1, 7, 65_536, Integer.MAX_VALUE}) {
            assertEquals(expected, lines(trickling(data, step)), "reads of " + step + " bytes");
        }
        assertEquals(List.of("a"), lines(new ByteArrayInputStream("a\n".getBytes(StandardCharsets.ISO_8859_1))));
        assertEquals(List.of(), lines(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void bytesThatAreNotUtf8ArriveAsTheyAre() throws IOException {
        byte[] data = {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'};
        try (LineReader r = new LineReader(new ByteArrayInputStream(data))) {
            assertEquals(List.of((byte) '{', (byte) 0xC3, (byte) 0x28, (byte) '}'), toList(r.next()));
        }
    }

    private static List<Byte> toList(byte[] b) {
        List<Byte> out = new ArrayList<>();
        for (byte x : b) {
            out.add(x);
        }
        return out;
    }
}
