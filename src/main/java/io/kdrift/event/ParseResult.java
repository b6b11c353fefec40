package io.kdrift.event;

/** What the parser makes of one record: exactly one of a prediction event, a label or a rejection. */
public final class ParseResult {
    private final PredictionEvent event;
    private final LabelEvent label;
    private final Rejection rejection;

    private ParseResult(PredictionEvent event, LabelEvent label, Rejection rejection) {
        this.event = event;
        this.label = label;
        this.rejection = rejection;
    }

    public static ParseResult accepted(PredictionEvent event) {
        return new ParseResult(event, null, null);
    }

    public static ParseResult accepted(LabelEvent label) {
        return new ParseResult(null, label, null);
    }

    public static ParseResult rejected(RejectReason reason, String detail) {
        return new ParseResult(null, null, new Rejection(reason, detail));
    }

    public boolean isAccepted() {
        return rejection == null;
    }

    /** The label, when this was a label record; else null. */
    public LabelEvent label() {
        return label;
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
        return isAccepted() ? "accepted " + (event != null ? event : label) : "rejected " + rejection;
    }
}
