package io.kdrift.event;

/** The kind of a feature's value in one event. */
public enum FeatureValue {
    NUMBER, CATEGORY, MISSING
}
