package io.kdrift.codec;

import io.kdrift.config.LabelMapping;

/** Label records (docs/performance.md): kdrift's own label shape, or another read through {@code labels.mapping}. */
final class LabelFormat implements InputFormat {
    private final EventParser parser;
    private final LabelMapping mapping;

    LabelFormat(EventParser parser, LabelMapping mapping) {
        this.parser = parser;
        this.mapping = mapping;
    }

    @Override
    public Read read(InputRecord record) {
        return Read.of(parser.parseLabel(record.key(), record.value(), record.timestamp(), mapping));
    }
}
