package io.kdrift.codec;

import io.kdrift.config.InputSettings;
import io.kdrift.config.LabelMapping;

/**
 * The one place that knows which reader reads which format: a new format is a class implementing {@link InputFormat}
 * and a line here (and its name in {@link InputSettings}'s list of formats).
 */
public final class InputFormats {
    private InputFormats() {
    }

    /** The reader of an input's records, as its {@code format} says. */
    public static InputFormat of(InputSettings input, EventParser parser) {
        return switch (input.format()) {
            case InputSettings.MAPPING -> new MappedFormat(parser, input.mapping());
            case InputSettings.OIP -> new OipFormat(parser, input);
            case InputSettings.KSERVE -> new KServeFormat(parser, input);
            case InputSettings.MLSERVER -> new MLServerFormat(parser, input);
            case InputSettings.SELDON -> new SeldonFormat(parser, input);
            default -> new KdriftFormat(parser);
        };
    }

    /** The reader of label records: kdrift's own label shape, or another through {@code mapping} (null: none). */
    public static InputFormat labels(EventParser parser, LabelMapping mapping) {
        return new LabelFormat(parser, mapping);
    }

    /** The reader of kdrift's own events (records of the hop by model, reference files). */
    public static InputFormat events(EventParser parser) {
        return new KdriftFormat(parser);
    }

    /** The reader of the serving halves kdrift writes to its hop by id. */
    public static InputFormat halves(EventParser parser) {
        return new HalfFormat(parser);
    }
}
