package io.kdrift.event;

/** How kdrift writes numbers that are whole: as integers (a count of 3 is {@code 3}, not {@code 3.0}). */
public final class WholeNumbers {
    private WholeNumbers() {
    }

    /** True when {@code v} is an integer a long holds exactly (below 10^15, where every double is still exact). */
    public static boolean isWhole(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15;
    }

    /** {@code v} as text: {@code 3} for a whole number, as Java writes a double otherwise. */
    public static String text(double v) {
        return isWhole(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
