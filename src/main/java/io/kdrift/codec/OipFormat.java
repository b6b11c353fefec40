package io.kdrift.codec;

import io.kdrift.config.InputSettings;
import io.kdrift.event.InferencePart;

/**
 * Open Inference Protocol requests and responses as written to a topic ({@code format: oip}), JSON or protobuf; the
 * part configured, or (JSON) said by the record: its inputs make it a request.
 */
final class OipFormat extends ServingFormat {
    private final InferencePart part;

    OipFormat(EventParser parser, InputSettings input) {
        super(parser, input);
        this.part = input.part() == null ? null : InferencePart.of(input.part());
    }

    @Override
    Read half(InputRecord record) {
        return oip(record.value(), record, part, null, null, input.encoding());
    }
}
