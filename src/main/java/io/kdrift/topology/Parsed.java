package io.kdrift.topology;

import io.kdrift.event.LabelEvent;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.Rejection;

/**
 * An input record as it travels between kdrift's processors (in memory, never serialised): the
 * original bytes, kept for the dead-letter topic, and either the event (a prediction, or a label from a label
 * topic) or why it was rejected.
 */
record Parsed(byte[] rawKey, byte[] rawValue, PredictionEvent event, LabelEvent label, Rejection rejection) {
    static Parsed rejected(byte[] rawKey, byte[] rawValue, Rejection rejection) {
        return new Parsed(rawKey, rawValue, null, null, rejection);
    }

    boolean isRejected() {
        return rejection != null;
    }
}
