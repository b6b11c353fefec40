package io.kdrift.drift;

/** Access to a model's other open windows, for values buffered while quantile edges were learned. */
@FunctionalInterface
public interface OpenWindows {
    /** The model's open window starting at {@code start} (to be updated), or null if it has closed. */
    WindowState window(long start);
}
