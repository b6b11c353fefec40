package io.kdrift.codec;

/**
 * A serving layer's half in kdrift's own shape, as kdrift itself writes it to the hop by id: a request may name no
 * model (it takes its response's). Not a format users configure.
 */
final class HalfFormat implements InputFormat {
    private final EventParser parser;

    HalfFormat(EventParser parser) {
        this.parser = parser;
    }

    @Override
    public Read read(InputRecord record) {
        return Read.of(parser.parseHalf(record.value(), record.timestamp()));
    }
}
