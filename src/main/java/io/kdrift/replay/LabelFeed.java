package io.kdrift.replay;

import io.kdrift.codec.InputFormat;
import io.kdrift.codec.InputRecord;
import io.kdrift.event.ParseResult;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A file of labels piped into a replay in event-time order with the events: before each event, the labels dated
 * earlier. A line that is not a valid label is piped at once (its dead letter does not depend on the order).
 */
final class LabelFeed implements Closeable {
    static final String LINE_HEADER = "kdrift.replay.label.line";

    private final LineReader reader;
    private final InputFormat events;
    private final InputFormat labels;
    private final TestInputTopic<byte[], byte[]> topic;
    private byte[] next;
    private long nextTime;
    private long lines;
    private long lastLabelTime = Long.MIN_VALUE;

    /**
     * @param events the reader of the event lines: kdrift's own shape, or the input's mapping
     * @param labels the reader of the label lines
     */
    LabelFeed(InputStream in, InputFormat events, InputFormat labels, TestInputTopic<byte[], byte[]> topic) throws IOException {
        this.reader = new LineReader(in);
        this.events = events;
        this.labels = labels;
        this.topic = topic;
        advance();
    }

    /**
     * An event line's event time (its first prediction's, for a batch of another shape, {@code input.mapping}); the smallest
     * time when it is not a valid event (it needs no labels before it).
     */
    long eventTime(byte[] eventLine) {
        ParseResult r = events.read(line(eventLine)).results().get(0);
        return r.isAccepted() ? r.event().timestamp() : Long.MIN_VALUE;
    }

    /** Whether labels dated before {@code time} are still to be piped. */
    boolean dueBefore(long time) {
        return next != null && nextTime < time;
    }

    /** Pipes the labels dated before {@code time}. */
    void pipeUntil(long time) throws IOException {
        while (next != null && nextTime < time) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(LINE_HEADER, Long.toString(lines).getBytes(StandardCharsets.US_ASCII));
            topic.pipeInput(new TestRecord<>(null, next, headers, 0L));
            lastLabelTime = Math.max(lastLabelTime, nextTime);
            advance();
        }
    }

    /** The largest time of the valid labels piped so far; the smallest time before the first. */
    long lastLabelTime() {
        return lastLabelTime;
    }

    private void advance() throws IOException {
        do {
            next = reader.next();
            lines++;
        } while (next != null && LineReader.isBlank(next));
        if (next != null) {
            ParseResult r = labels.read(line(next)).results().get(0);
            nextTime = r.isAccepted() ? r.label().timestamp() : Long.MIN_VALUE;
        }
    }

    /** A line of a file as the formats read it: no topic, key, header or record timestamp. */
    private static InputRecord line(byte[] value) {
        return InputRecord.of(null, null, Map.of(), value, -1);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
