package io.kdrift.codec;

import io.kdrift.config.PredictionMapping;

/**
 * Records of another shape read through a mapping (docs/inputs.md, {@code format: mapping}): one event a prediction,
 * one per element of a batch. The record key is not the model: the mapping names it.
 */
final class MappedFormat implements InputFormat {
    private final EventParser parser;
    private final MappedShape shape;

    MappedFormat(EventParser parser, PredictionMapping mapping) {
        this.parser = parser;
        this.shape = new MappedShape(mapping);
    }

    @Override
    public Read read(InputRecord record) {
        return Read.of(parser.parseMapped(record.value(), record.timestamp(), shape));
    }
}
