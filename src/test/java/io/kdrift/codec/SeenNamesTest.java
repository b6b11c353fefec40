package io.kdrift.codec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeenNamesTest {
    /** Names are compared one by one up to 16, then through a table that grows: every way finds every repeat. */
    @Test
    void aRepeatedNameIsFoundBeforeAndAfterTheSetTakesOver() {
        SeenNames seen = new SeenNames();
        for (int i = 0; i < 300; i++) {
            assertTrue(seen.add("f" + i), "f" + i);
            // a new String each time: equal names, not the same object
            assertFalse(seen.add(new String("f" + i)), "f" + i + " again");
            assertFalse(seen.add("f" + (i / 2)), "f" + i / 2 + " again");
        }
        assertTrue(seen.add("f300"));
        assertFalse(seen.add("f0"));
        assertFalse(seen.add("f299"));
    }
}
