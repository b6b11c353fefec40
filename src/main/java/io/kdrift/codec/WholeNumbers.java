package io.kdrift.codec;

/** How kdrift writes numbers that are whole: as integers (a count of 3 is {@code 3}, not {@code 3.0}). */
final class WholeNumbers {
    private WholeNumbers() {
    }

    /** True when {@code v} is an integer a long holds exactly (below 10^15, where every double is still exact). */
    static boolean isWhole(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15;
    }
}
