package io.kdrift.topology;

import io.kdrift.event.EventParser;
import io.kdrift.event.ParseResult;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Parses and validates input records. Forwards accepted events keyed by model id, rejected ones with
 * their reason (the record key is then the original one); counts rejections.
 */
final class ParseProcessor implements Processor<byte[], byte[], String, Parsed> {
    private final EventParser parser;
    private final EventCounters counters;
    private final boolean useRecordTimestamp;
    private ProcessorContext<String, Parsed> context;

    /**
     * @param useRecordTimestamp false for replay, where records carry no timestamp of their own and an
     *                           event without a 'timestamp' field is rejected
     */
    ParseProcessor(EventParser parser, EventCounters counters, boolean useRecordTimestamp) {
        this.parser = parser;
        this.counters = counters;
        this.useRecordTimestamp = useRecordTimestamp;
    }

    @Override
    public void init(ProcessorContext<String, Parsed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ParseResult result = parser.parse(record.key(), record.value(), useRecordTimestamp ? record.timestamp() : -1);
        if (result.isAccepted()) {
            String model = result.event().model();
            context.forward(record.withKey(model).withValue(new Parsed(record.key(), record.value(), result.event(), null))
                    .withTimestamp(result.event().timestamp()));
        } else {
            counters.rejected(result.rejection().reason());
            context.forward(record.withKey((String) null).withValue(Parsed.rejected(record.key(), record.value(), result.rejection())));
        }
    }
}
