package io.kdrift.bytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class DataFormsTest {
    /**
     * Stored state is read back with {@link java.io.DataInputStream#readUTF}: the faster writer must give what
     * {@link java.io.DataOutputStream#writeUTF} gives, byte for byte, for every kind of string.
     */
    @Test
    void stringsAreWrittenAsWriteUtfWritesThem() {
        String[] strings = {"", "model-17@1767600000000", "a\u0000b", "\u0000", "café", "bäseline-é", "日本語", "emoji \uD83D\uDE00",
            "\u007F", "\u0080", "x".repeat(65535), "é".repeat(30000)};
        for (String s : strings) {
            byte[] expected = DataForms.write(out -> out.writeUTF(s));
            assertArrayEquals(expected, DataForms.write(out -> DataForms.writeUtf(out, s)), s.length() > 20 ? s.substring(0, 20) + "…" : s);
            assertEquals(s, DataForms.read(expected, in -> in.readUTF()));
        }
    }

    /** What writeUTF cannot write (over 65,535 bytes of modified UTF-8), the faster writer refuses as it does. */
    @Test
    void aStringTooLongForTheFormatIsRefusedAsWriteUtfRefusesIt() {
        for (String s : new String[] {"x".repeat(65536), "é".repeat(40000)}) {
            assertThrows(UncheckedIOException.class, () -> DataForms.write(out -> out.writeUTF(s)));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> DataForms.write(out -> DataForms.writeUtf(out, s)));
            assertEquals(java.io.UTFDataFormatException.class, e.getCause().getClass());
        }
    }
}
