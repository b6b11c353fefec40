package io.kdrift.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where prediction records of another shape keep kdrift's fields (docs/inputs.md, "Any other JSON"): RFC 6901 JSON
 * Pointers into each record, or a constant model. A pointer with a {@code *} token ({@code /rows/*}{@code /score})
 * reads every element of that array: a batched record becomes one event per element; all such pointers must go
 * through the same array.
 *
 * @param model         the model id: a pointer or a constant (required: the record key of such records is often a
 *                      request id, not the model)
 * @param probabilities an object of class → probability, or an array of probabilities in the order of
 *                      {@code classes} (without {@code classes}: the classes are named by their index, 0, 1, ...)
 * @param features      an object of feature name → value, as kdrift's own {@code features}
 * @param feature       features one by one: name → pointer (added to those of {@code features})
 */
public record PredictionMapping(FieldSource model, FieldSource id, FieldSource timestamp, FieldSource prediction, FieldSource probabilities,
                                List<String> classes, FieldSource features, Map<String, FieldSource> feature, FieldSource label) {
    /** The token of a pointer that stands for every element of an array. */
    public static final String EVERY = "*";

    public PredictionMapping {
        if (model == null) {
            throw new ConfigFieldException("model", "is required: a JSON Pointer to the model id, or {constant: MODEL}");
        }
        if (model.isConstant() && !io.kdrift.event.PredictionEvent.isValidModelId(model.constant())) {
            throw new ConfigFieldException("model", "\"" + model.constant() + "\" is not a model id (1-128 characters of [A-Za-z0-9._:-])");
        }
        classes = classes == null ? null : List.copyOf(classes);
        feature = feature == null ? Map.of() : new LinkedHashMap<>(feature);
        if (prediction == null && probabilities == null && features == null && feature.isEmpty()) {
            throw new ConfigFieldException("prediction", "map at least one of prediction, probabilities, features, feature");
        }
        batch(model, pointers(id, timestamp, prediction, probabilities, features, label, feature));
    }

    /** The fields given by pointers, by their name in the configuration; constants are refused but the model's. */
    private static Map<String, FieldSource> pointers(FieldSource id, FieldSource timestamp, FieldSource prediction, FieldSource probabilities,
                                                     FieldSource features, FieldSource label, Map<String, FieldSource> feature) {
        Map<String, FieldSource> pointers = new LinkedHashMap<>();
        pointers.put("id", id);
        pointers.put("timestamp", timestamp);
        pointers.put("prediction", prediction);
        pointers.put("probabilities", probabilities);
        pointers.put("features", features);
        pointers.put("label", label);
        feature.forEach((name, source) -> pointers.put("feature." + name, source));
        pointers.values().removeIf(java.util.Objects::isNull);
        pointers.forEach((name, source) -> {
            if (source.isConstant()) {
                throw new ConfigFieldException(name, "must be a JSON Pointer; only the model may be a constant");
            }
        });
        return pointers;
    }

    /** The one array the pointers read every element of, or null; checked: at most one, and one {@code *} a pointer. */
    private static String batch(FieldSource model, Map<String, FieldSource> pointers) {
        String batch = model.isConstant() ? null : batchOf("model", model.pointer(), null);
        for (Map.Entry<String, FieldSource> e : pointers.entrySet()) {
            batch = batchOf(e.getKey(), e.getValue().pointer(), batch);
        }
        return batch;
    }

    /** The array a pointer reads every element of (its part before {@code /*}), checked against the other pointers'. */
    private static String batchOf(String field, String pointer, String batch) {
        int at = pointer.indexOf("/" + EVERY + "/");
        if (at < 0 && pointer.endsWith("/" + EVERY)) {
            at = pointer.length() - 2;
        }
        if (at < 0) {
            return batch;
        }
        if (pointer.indexOf("/" + EVERY, at + 2) >= 0 && (pointer.indexOf("/" + EVERY + "/", at + 2) >= 0 || pointer.endsWith("/" + EVERY))) {
            throw new ConfigFieldException(field, "\"" + pointer + "\" has more than one *: a record is one array of predictions");
        }
        String array = pointer.substring(0, at);
        if (batch != null && !batch.equals(array)) {
            throw new ConfigFieldException(field, "\"" + pointer + "\" reads the elements of " + array + ", another pointer those of "
                    + batch + ": a record is one array of predictions");
        }
        return array;
    }

    /** The array whose every element is a prediction ({@code /predictions} for {@code /predictions/*}{@code /score}), or null. */
    public String batch() {
        return batch(model, pointers(id, timestamp, prediction, probabilities, features, label, feature));
    }
}
