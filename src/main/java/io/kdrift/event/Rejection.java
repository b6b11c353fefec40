package io.kdrift.event;

/** A record that cannot be monitored: the reason and a human-readable detail naming what is wrong. */
public record Rejection(RejectReason reason, String detail) {
    @Override
    public String toString() {
        return reason.code() + ": " + detail;
    }
}
