package io.kdrift.drift;

/** Whether a signal is binned as numbers or counted as categories. */
public enum SignalKind {
    NUMERIC, CATEGORICAL
}
