package io.kdrift.event;

import java.util.Arrays;

/**
 * One validated prediction event (README: "What goes in"). Arrays rather than maps: the per-event path reads them in
 * order and never looks anything up by name. Instances are immutable once built by {@link EventParser}.
 */
public final class PredictionEvent {
    /** The longest model id. */
    public static final int MAX_MODEL_ID_LENGTH = 128;
    private final String model;
    private final long timestamp;
    private final boolean hasPrediction;
    private final double predictionNumber;
    private final String predictionCategory;
    private final String[] classes;
    private final double[] probabilities;
    private final String[] featureNames;
    private final FeatureValue[] featureKinds;
    private final double[] featureNumbers;
    private final String[] featureCategories;
    private final String label;
    private final String id;

    public PredictionEvent(String model, String id, long timestamp, boolean hasPrediction, double predictionNumber,
                    String predictionCategory, String[] classes, double[] probabilities, String[] featureNames,
                    FeatureValue[] featureKinds, double[] featureNumbers, String[] featureCategories, String label) {
        this.model = model;
        this.id = id;
        this.timestamp = timestamp;
        this.hasPrediction = hasPrediction;
        this.predictionNumber = predictionNumber;
        this.predictionCategory = predictionCategory;
        this.classes = classes;
        this.probabilities = probabilities;
        this.featureNames = featureNames;
        this.featureKinds = featureKinds;
        this.featureNumbers = featureNumbers;
        this.featureCategories = featureCategories;
        this.label = label;
    }

    /**
     * The model id; null only for a serving layer's request that names none, on its way to the response it joins
     * (io.kdrift.config.InputSettings#joinsById): never for an event that is scored.
     */
    public String model() {
        return model;
    }

    /** The prediction's id (a request id), which a label arriving later names; null when the event has none. */
    public String id() {
        return id;
    }

    /** Event time, epoch milliseconds. */
    public long timestamp() {
        return timestamp;
    }

    public boolean hasPrediction() {
        return hasPrediction;
    }

    /** True when the prediction is a class (a string), false when it is a number. */
    public boolean predictionIsCategory() {
        return predictionCategory != null;
    }

    public double predictionNumber() {
        return predictionNumber;
    }

    public String predictionCategory() {
        return predictionCategory;
    }

    public boolean hasProbabilities() {
        return classes != null;
    }

    public int classCount() {
        return classes == null ? 0 : classes.length;
    }

    public String className(int i) {
        return classes[i];
    }

    public double probability(int i) {
        return probabilities[i];
    }

    /** max(probabilities): the model's confidence. */
    public double confidence() {
        double max = 0;
        for (double p : probabilities) {
            max = Math.max(max, p);
        }
        return max;
    }

    /** The probability given to {@code cls}, or 0 if it is not among the classes. */
    public double probabilityOf(String cls) {
        for (int i = 0; i < classes.length; i++) {
            if (classes[i].equals(cls)) {
                return probabilities[i];
            }
        }
        return 0;
    }

    public int featureCount() {
        return featureNames == null ? 0 : featureNames.length;
    }

    public String featureName(int i) {
        return featureNames[i];
    }

    public FeatureValue featureKind(int i) {
        return featureKinds[i];
    }

    public double featureNumber(int i) {
        return featureNumbers[i];
    }

    public String featureCategory(int i) {
        return featureCategories[i];
    }

    /** Ground-truth label as a string (numbers in canonical form), or null. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return "PredictionEvent{model=" + model + ", timestamp=" + timestamp
                + (hasPrediction ? ", prediction=" + (predictionCategory != null ? predictionCategory : predictionNumber) : "")
                + (classes != null ? ", classes=" + Arrays.toString(classes) + ", p=" + Arrays.toString(probabilities) : "")
                + (featureNames != null ? ", features=" + Arrays.toString(featureNames) : "")
                + (label != null ? ", label=" + label : "") + "}";
    }

    /**
     * One prediction from the two halves a serving layer writes: the features of its request, the prediction and
     * probabilities of its response; the request's id and time (when the prediction was asked for).
     */
    public static PredictionEvent joined(PredictionEvent request, PredictionEvent response) {
        // a request of the Open Inference Protocol may name no model: the response it joined does
        String model = request.model != null ? request.model : response.model;
        return new PredictionEvent(model, request.id, request.timestamp, response.hasPrediction, response.predictionNumber, response.predictionCategory,
                response.classes, response.probabilities, request.featureNames, request.featureKinds,
                request.featureNumbers, request.featureCategories, request.label != null ? request.label : response.label);
    }

    /**
     * What joins a model id to the rest of a state key (a window's start, a join's scope and id): never a character of a
     * model id ({@link #isValidModelId}), so the model is everything before the first one.
     */
    public static final char KEY_SEPARATOR = '@';

    /** True for 1–128 characters of [A-Za-z0-9._:-] (README: "What goes in"). */
    public static boolean isValidModelId(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_MODEL_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
