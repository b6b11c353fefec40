package io.kdrift.drift;

import io.kdrift.stats.CategoryIndex;
import io.kdrift.stats.NumericBinning;

/**
 * What a model remembers about one of its signals across windows: its kind, its slot in the window
 * count arrays, and its bins (numeric edges, possibly still being learned, or the category index).
 */
public final class SignalState {
    final String name;
    final int slot;
    final SignalKind kind;
    NumericBinning binning;
    QuantileLearner learner;
    final CategoryIndex categories;
    /** A feature's name as the parser last gave it (its canonical string), for {@link ModelState#feature}; not stored. */
    String featureNameSeen;

    SignalState(String name, int slot, SignalKind kind, NumericBinning binning, QuantileLearner learner, CategoryIndex categories) {
        this.name = name;
        this.slot = slot;
        this.kind = kind;
        this.binning = binning;
        this.learner = learner;
        this.categories = categories;
    }

    public String name() {
        return name;
    }

    /** Label of a bin, for explanations. */
    public String binLabel(int index) {
        return kind == SignalKind.CATEGORICAL ? categories.name(index) : binning.label(index);
    }
}
