package io.kdrift.codec;

import io.kdrift.event.InferencePart;
import io.kdrift.event.ParseResult;
import java.util.List;

/**
 * How the records of one format become kdrift's events (or labels): one implementation per format, each in a file of
 * its own, chosen by {@link InputFormats#of}. A reader never throws on bad input: a record, or a prediction within it,
 * that does not fit is a rejection whose reason names the format and the field.
 */
public interface InputFormat {
    /** The events (or labels) of one record, or the reasons it (or a prediction within it) was refused. */
    Read read(InputRecord record);

    /**
     * What one record held: its results, one per prediction (a batch gives several); and, for a serving layer's
     * record, which half of an inference it is (null when the record was refused as a whole, and for other formats).
     */
    record Read(InferencePart part, List<ParseResult> results) {
        public static Read of(ParseResult result) {
            return new Read(null, List.of(result));
        }

        public static Read of(List<ParseResult> results) {
            return new Read(null, results);
        }
    }
}
