package io.kdrift.topology;

import io.kdrift.event.PredictionEvent;
import io.kdrift.event.Rejection;

/**
 * An input record as it travels between kdrift's processors (in memory, never serialised): the
 * original bytes, kept for the dead-letter topic, and either the event or why it was rejected.
 */
record Parsed(byte[] rawKey, byte[] rawValue, PredictionEvent event, Rejection rejection) {
    static Parsed rejected(byte[] rawKey, byte[] rawValue, Rejection rejection) {
        return new Parsed(rawKey, rawValue, null, rejection);
    }

    boolean isRejected() {
        return rejection != null;
    }
}
