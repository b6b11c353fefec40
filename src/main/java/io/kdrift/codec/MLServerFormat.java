package io.kdrift.codec;

import io.kdrift.config.InputSettings;
import io.kdrift.event.InferencePart;

/**
 * MLServer's Kafka records ({@code format: mlserver}): OIP requests and responses, the model in the
 * {@code mlserver-model} header, the id in the record key.
 */
final class MLServerFormat extends ServingFormat {
    MLServerFormat(EventParser parser, InputSettings input) {
        super(parser, input);
    }

    @Override
    Read half(InputRecord record) {
        return oip(record.value(), record, null, record.header("mlserver-model"), record.keyText(), input.encoding());
    }

    @Override
    String noModel(InferencePart part) {
        return "no mlserver-model header, no model_name";
    }
}
