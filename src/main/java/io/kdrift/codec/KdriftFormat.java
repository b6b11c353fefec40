package io.kdrift.codec;

/** kdrift's own shape (README: "What goes in"): one event a record, its model the record key or its 'model' field. */
final class KdriftFormat implements InputFormat {
    private final EventParser parser;

    KdriftFormat(EventParser parser) {
        this.parser = parser;
    }

    @Override
    public Read read(InputRecord record) {
        return Read.of(parser.parse(record.key(), record.value(), record.timestamp()));
    }
}
