package io.kdrift.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Categories of one categorical signal, numbered in the order first seen, up to a cap; later new
 * categories are all counted under {@value #OTHER}. Index 0 is {@value #MISSING}, index 1 is
 * {@value #OTHER}, real categories start at 2. Reference and current windows share one index, so their
 * count vectors line up bin for bin.
 */
public final class CategoryIndex {
    public static final String MISSING = "__missing__";
    public static final String OTHER = "__other__";
    public static final int MISSING_INDEX = 0;
    public static final int OTHER_INDEX = 1;

    private final int maxCategories;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    public CategoryIndex(int maxCategories) {
        if (maxCategories < 1) {
            throw new IllegalArgumentException("maxCategories must be at least 1, got " + maxCategories);
        }
        this.maxCategories = maxCategories;
        names.add(MISSING);
        names.add(OTHER);
    }

    /** The index of a category, adding it while under the cap. */
    public int indexOf(String category) {
        Integer idx = indexByName.get(category);
        if (idx != null) {
            return idx;
        }
        if (indexByName.size() >= maxCategories) {
            return OTHER_INDEX;
        }
        int next = names.size();
        indexByName.put(category, next);
        names.add(category);
        return next;
    }

    /** Number of bins: missing, other, and the categories seen. */
    public int size() {
        return names.size();
    }

    public String name(int index) {
        return names.get(index);
    }

    public int maxCategories() {
        return maxCategories;
    }

    /** The real categories in index order (without missing and other). */
    public List<String> categories() {
        return List.copyOf(names.subList(2, names.size()));
    }

    /** Rebuilds an index from its stored categories, in their original order. */
    public static CategoryIndex restore(int maxCategories, List<String> categories) {
        CategoryIndex index = new CategoryIndex(maxCategories);
        for (String c : categories) {
            index.indexByName.put(c, index.names.size());
            index.names.add(c);
        }
        return index;
    }
}
