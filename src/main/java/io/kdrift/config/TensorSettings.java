package io.kdrift.config;

import java.util.List;
import java.util.Map;

/**
 * Which tensors of an Open Inference Protocol request and response (or which parts of KServe's V1 instances and
 * predictions) become which of kdrift's signals (docs/inputs.md).
 *
 * @param features      the request's inputs that are features (default: all); an input of shape [N] or [N, 1] is one
 *                      feature named as the input (MLServer's pandas codec writes a column so)
 * @param columns       names of the columns of an input of shape [N, k] ({@code input-0: [age, income, ...]}); without
 *                      them column j of input x is the feature {@code x.j}. For KServe V1, the key {@code instances}
 *                      names the columns of instances written as arrays
 * @param prediction    the response's output that is the prediction (a number or, for BYTES, a class); default: the
 *                      only output, when it has one value per row
 * @param probabilities the response's output of shape [N, C] holding each class's probability
 * @param classes       the names of the C classes, in order (of probabilities, or of KServe V1 predictions that are
 *                      arrays); without them the classes are named 0, 1, ...
 */
public record TensorSettings(List<String> features, Map<String, List<String>> columns, String prediction, String probabilities,
                             List<String> classes) {
    public static final TensorSettings DEFAULT = new TensorSettings(null, null, null, null, null);

    public TensorSettings {
        features = features == null ? null : List.copyOf(features);
        columns = columns == null ? Map.of() : Map.copyOf(columns);
        classes = classes == null ? null : List.copyOf(classes);
    }
}
