package io.kdrift.drift;

import io.kdrift.event.Rejection;

/** What became of an event offered to {@link TaskWindows#add}. */
public sealed interface Admission {
    /** Counted in its window. */
    Admission ACCEPTED = new Accepted();

    /** Counted in its window. */
    record Accepted() implements Admission {
    }

    /** Its window had closed already ({@code streamTime} had passed its end plus the grace period): not counted. */
    record Late(long windowStart, long streamTime) implements Admission {
    }

    /** Its values do not fit the model's signals (a string for a numeric signal, ...): not counted. */
    record Conflict(Rejection rejection) implements Admission {
    }
}
