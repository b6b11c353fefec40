package io.kdrift.topology;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns a rejected event back into its original record (key and value bytes as received) with headers
 * that say why: {@value #REASON} (machine-readable), {@value #DETAIL} (for people), and where it came
 * from ({@value #SOURCE_TOPIC}, {@value #SOURCE_PARTITION}, {@value #SOURCE_OFFSET}, {@value #SOURCE_TIMESTAMP}).
 */
final class DeadLetterProcessor implements Processor<String, Parsed, byte[], byte[]> {
    static final String REASON = "kdrift.reason";
    static final String DETAIL = "kdrift.detail";
    static final String SOURCE_TOPIC = "kdrift.source.topic";
    static final String SOURCE_PARTITION = "kdrift.source.partition";
    static final String SOURCE_OFFSET = "kdrift.source.offset";
    /** The input record's own timestamp (epoch ms): the dead letter itself carries the time it was written. */
    static final String SOURCE_TIMESTAMP = "kdrift.source.timestamp";

    private ProcessorContext<byte[], byte[]> context;

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Parsed> record) {
        Parsed p = record.value();
        // stamped with the wall clock, like every record kdrift writes: the original time goes in a header
        Record<byte[], byte[]> out = new Record<>(p.rawKey(), p.rawValue(), context.currentSystemTimeMs(), record.headers());
        Headers h = out.headers();
        h.remove(REASON).remove(DETAIL).remove(SOURCE_TIMESTAMP);
        h.add(SOURCE_TIMESTAMP, HeaderValues.utf8(record.timestamp()));
        h.add(REASON, HeaderValues.utf8(p.rejection().reason().code()));
        h.add(DETAIL, HeaderValues.utf8(p.rejection().detail()));
        RecordMetadata meta = context.recordMetadata().orElse(null);
        // events that went through the repartition topic already carry their original source
        if (meta != null && h.lastHeader(SOURCE_TOPIC) == null) {
            h.add(SOURCE_TOPIC, HeaderValues.utf8(meta.topic()));
            h.add(SOURCE_PARTITION, HeaderValues.utf8(meta.partition()));
            h.add(SOURCE_OFFSET, HeaderValues.utf8(meta.offset()));
        }
        context.forward(out);
    }
}
