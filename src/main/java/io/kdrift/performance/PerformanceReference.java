package io.kdrift.performance;

import java.util.ArrayDeque;
import java.util.Deque;

/** A model's performance reference: its last final windows (rolling), or its first ones, then frozen (fixed). */
public final class PerformanceReference {
    final Deque<WindowPerformance> windows = new ArrayDeque<>();
    boolean frozen;

    public int size() {
        return windows.size();
    }

    ClassificationCounts classification() {
        ClassificationCounts sum = new ClassificationCounts();
        windows.forEach(w -> sum.addAll(w.classification));
        return sum;
    }

    RegressionCounts regression() {
        RegressionCounts sum = new RegressionCounts();
        windows.forEach(w -> sum.addAll(w.regression));
        return sum;
    }
}
