package io.kdrift.testing;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Property-style testing with plain JUnit: runs a check on many generated cases, each from its own
 * seed, and names the seed of a failing case so that it can be replayed alone.
 */
public final class RandomCases {
    private RandomCases() {
    }

    public static void forEach(long baseSeed, int cases, Consumer<SplittableRandom> check) {
        for (int i = 0; i < cases; i++) {
            long seed = baseSeed + i;
            try {
                check.accept(new SplittableRandom(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("case with seed " + seed + " failed: " + e.getMessage(), e);
            }
        }
    }
}
