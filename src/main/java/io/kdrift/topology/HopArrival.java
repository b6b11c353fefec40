package io.kdrift.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What a hop by model brings to a task: progress markers ({@link ProgressMarker}), passed on as such, and records, parsed
 * again as they came ({@code parse}), keyed by their model again ({@code keyed}) or by nothing.
 */
final class HopArrival implements Processor<String, byte[], String, Parsed> {
    private final String via;
    private final boolean keyed;
    private final ParseProcessor parse;
    private ProcessorContext<String, Parsed> context;

    HopArrival(String via, boolean keyed, ParseProcessor parse) {
        this.via = via;
        this.keyed = keyed;
        this.parse = parse;
    }

    @Override
    public void init(ProcessorContext<String, Parsed> context) {
        this.context = context;
        parse.init(context);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (ProgressMarker.KEY.equals(record.key())) {
            // a join task's marker comes by a way of its own (JoinByIdProcessor#wayOf)
            String task = HeaderValues.string(record.headers(), JoinByIdProcessor.JOIN_TASK_HEADER);
            String way = task == null ? via : JoinByIdProcessor.wayOf(Integer.parseInt(task));
            context.forward(record.withKey((String) null).withValue(ProgressMarker.decode(record.value(), way)));
            return;
        }
        parse.process(record.withKey(keyed ? record.key().getBytes(StandardCharsets.UTF_8) : null));
    }
}
