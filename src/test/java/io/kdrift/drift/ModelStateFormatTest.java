package io.kdrift.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kdrift.stats.CategoryIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What format 5 added to a model's state survives a restart: the held windows, the last re-baseline, the segment values. */
class ModelStateFormatTest {
    @Test
    void heldWindowsRebaselineAndSegmentValuesRoundTrip() {
        ModelState m = new ModelState("churn-v3");
        m.heldWindows = 7;
        m.heldSince = 1_767_600_000_000L;
        m.rebaselinedAt = 1_767_700_000_000L;
        CategoryIndex regions = new CategoryIndex(2);
        regions.indexOf("eu");
        regions.indexOf("us");
        regions.indexOf("ap"); // over the cap: __other__
        m.segmentValues.put("region", regions);
        ModelState back = StateCodec.decodeModel(StateCodec.encodeModel(m));
        assertEquals(7, back.heldWindows);
        assertEquals(1_767_600_000_000L, back.heldSince);
        assertEquals(1_767_700_000_000L, back.rebaselinedAt);
        assertEquals(List.of("eu", "us"), back.segmentValues.get("region").categories());
        assertEquals(2, back.segmentValues.get("region").maxCategories());
        assertEquals(CategoryIndex.OTHER_INDEX, back.segmentValues.get("region").indexOf("ap"), "the cap holds after a restart");
    }
}
