package io.kdrift.codec;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.kdrift.config.FieldSource;
import io.kdrift.config.PredictionMapping;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A prediction mapping (docs/inputs.md) compiled once, not for every record: each pointer parsed, and for a batch, the
 * array and each field's pointer within an element.
 */
public final class MappedShape {
    final PredictionMapping mapping;
    /** The array of a batch, or null. */
    final JsonPointer batch;
    final String constantModel;
    final Field model;
    final Field id;
    final Field timestamp;
    final Field prediction;
    final Field probabilities;
    final Field features;
    final Field label;
    final Map<String, Field> feature = new LinkedHashMap<>();
    final List<String> classes;

    /** Where one field is: in the record, or in each element of the batch. */
    static final class Field {
        private final String pointer;
        private final JsonPointer inRecord;
        private final JsonPointer inElement;

        Field(String pointer, String batch) {
            this.pointer = pointer;
            boolean perElement = batch != null && pointer.startsWith(batch + "/" + PredictionMapping.EVERY);
            this.inElement = perElement ? JsonPointer.compile(pointer.substring(batch.length() + 2)) : null;
            this.inRecord = perElement ? null : JsonPointer.compile(pointer);
        }

        /** The value in the record, or in {@code element} of its batch; a missing node where there is none. */
        JsonNode at(JsonNode record, JsonNode element) {
            return inElement != null ? element.at(inElement) : record.at(inRecord);
        }

        /** The pointer as it reads in element {@code index} (the {@code *} replaced), for messages. */
        String where(int index) {
            if (inElement == null || index < 0) {
                return pointer;
            }
            int star = pointer.indexOf("/" + PredictionMapping.EVERY);
            return pointer.substring(0, star + 1) + index + pointer.substring(star + 2);
        }
    }

    public MappedShape(PredictionMapping mapping) {
        this.mapping = mapping;
        String array = mapping.batch();
        this.batch = array == null ? null : JsonPointer.compile(array);
        this.constantModel = mapping.model().isConstant() ? mapping.model().constant() : null;
        this.model = constantModel != null ? null : field(mapping.model(), array);
        this.id = field(mapping.id(), array);
        this.timestamp = field(mapping.timestamp(), array);
        this.prediction = field(mapping.prediction(), array);
        this.probabilities = field(mapping.probabilities(), array);
        this.features = field(mapping.features(), array);
        this.label = field(mapping.label(), array);
        mapping.feature().forEach((name, source) -> feature.put(name, field(source, array)));
        this.classes = mapping.classes();
    }

    private static Field field(FieldSource source, String batch) {
        return source == null ? null : new Field(source.pointer(), batch);
    }
}
