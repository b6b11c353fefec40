package io.kdrift.topology;

import io.kdrift.drift.ScoreRecord;

/** What the drift processor sends on: a score record of a closed window, or an event it had to reject. */
record Emitted(ScoreRecord score, Parsed rejected) {
}
