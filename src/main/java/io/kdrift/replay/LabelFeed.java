package io.kdrift.replay;

import io.kdrift.codec.EventParser;
import io.kdrift.codec.MappedShape;
import io.kdrift.config.LabelMapping;
import io.kdrift.config.PredictionMapping;
import io.kdrift.event.ParseResult;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
    private final EventParser parser;
    private final LabelMapping mapping;
    private final MappedShape inputShape;
    private final TestInputTopic<byte[], byte[]> topic;
    private byte[] next;
    private long nextTime;
    private long lines;
    private long lastLabelTime = Long.MIN_VALUE;

    /**
     * @param mapping      where labels of another shape keep their fields (labels.mapping), or null
     * @param inputMapping where the events of another shape keep theirs (input.mapping), or null
     */
    LabelFeed(InputStream in, EventParser parser, LabelMapping mapping, PredictionMapping inputMapping, TestInputTopic<byte[], byte[]> topic)
            throws IOException {
        this.inputShape = inputMapping == null ? null : new MappedShape(inputMapping);
        this.reader = new LineReader(in);
        this.parser = parser;
        this.mapping = mapping;
        this.topic = topic;
        advance();
    }

    /**
     * An event line's event time (its first prediction's, for a batch of another shape, {@code input.mapping}); the smallest
     * time when it is not a valid event (it needs no labels before it).
     */
    long eventTime(byte[] eventLine) {
        ParseResult r = inputShape == null ? parser.parse(null, eventLine, -1) : parser.parseMapped(eventLine, -1, inputShape).get(0);
        return r.isAccepted() ? r.event().timestamp() : Long.MIN_VALUE;
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
            ParseResult r = parser.parseLabel(null, next, -1, mapping);
            nextTime = r.isAccepted() ? r.label().timestamp() : Long.MIN_VALUE;
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
