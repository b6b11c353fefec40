package io.kdrift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CategoryIndexTest {
    @Test
    void numbersCategoriesInFirstSeenOrderUpToTheCapThenOther() {
        CategoryIndex idx = new CategoryIndex(2);
        assertEquals(2, idx.indexOf("b"));
        assertEquals(3, idx.indexOf("a"));
        assertEquals(2, idx.indexOf("b"));
        assertEquals(CategoryIndex.OTHER_INDEX, idx.indexOf("c"));
        assertEquals(CategoryIndex.OTHER_INDEX, idx.indexOf("d"));
        assertEquals(4, idx.size());
        assertEquals(List.of("b", "a"), idx.categories());
        assertEquals("__other__", idx.name(CategoryIndex.OTHER_INDEX));
    }

    @Test
    void restoreKeepsIndices() {
        CategoryIndex idx = CategoryIndex.restore(5, List.of("x", "y"));
        assertEquals(3, idx.indexOf("y"));
        assertEquals(4, idx.indexOf("z"));
    }
}
