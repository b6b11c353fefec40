package io.kdrift.event;

/** What the parser makes of one record: exactly one of an event or a rejection. */
public final class ParseResult {
    private final PredictionEvent event;
    private final Rejection rejection;

    private ParseResult(PredictionEvent event, Rejection rejection) {
        this.event = event;
        this.rejection = rejection;
    }

    public static ParseResult accepted(PredictionEvent event) {
        return new ParseResult(event, null);
    }

    public static ParseResult rejected(RejectReason reason, String detail) {
        return new ParseResult(null, new Rejection(reason, detail));
    }

    public boolean isAccepted() {
        return event != null;
    }

    /** The event; null when rejected. */
    public PredictionEvent event() {
        return event;
    }

    /** The rejection; null when accepted. */
    public Rejection rejection() {
        return rejection;
    }

    @Override
    public String toString() {
        return isAccepted() ? "accepted " + event : "rejected " + rejection;
    }
}
