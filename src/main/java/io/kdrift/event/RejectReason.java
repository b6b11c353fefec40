package io.kdrift.event;

/**
 * Why an input record was sent to the dead-letter topic. {@link #code()} is the machine-readable reason
 * written to the record's {@code kdrift.reason} header and used as the {@code reason} label of the
 * rejected-events counter.
 */
public enum RejectReason {
    EMPTY_RECORD("empty_record", "the record value is null or empty"),
    OVERSIZE_RECORD("oversize_record", "the record is larger than limits.maxEventBytes"),
    INVALID_UTF8("invalid_utf8", "the record is not valid UTF-8"),
    INVALID_JSON("invalid_json", "the record is not well-formed JSON"),
    NOT_AN_OBJECT("not_an_object", "the JSON value is not an object"),
    TRAILING_DATA("trailing_data", "more data follows the JSON object"),
    DUPLICATE_FIELD("duplicate_field", "a field appears twice in the event, its probabilities or its features"),
    TOO_DEEP("too_deep", "the JSON nests deeper than allowed"),
    OVERSIZE_STRING("oversize_string", "a string is longer than limits.maxStringLength"),
    TOO_MANY_ENTRIES("too_many_entries", "features or probabilities have more entries than limits.maxEntries"),
    MISSING_MODEL("missing_model", "no record key and no 'model' field"),
    INVALID_MODEL("invalid_model", "the model id is not 1-128 characters of [A-Za-z0-9._:-]"),
    MODEL_MISMATCH("model_mismatch", "the record key and the 'model' field name different models"),
    INVALID_TIMESTAMP("invalid_timestamp", "'timestamp' is neither epoch milliseconds nor an ISO-8601 string"),
    TIMESTAMP_OUT_OF_RANGE("timestamp_out_of_range", "'timestamp' is before 1970 or after 9999"),
    MISSING_TIMESTAMP("missing_timestamp", "no 'timestamp' field and no record timestamp to fall back on"),
    NO_SIGNALS("no_signals", "none of 'prediction', 'probabilities', 'features' is present"),
    INVALID_PREDICTION("invalid_prediction", "'prediction' is neither a number nor a string"),
    NON_FINITE_NUMBER("non_finite_number", "a number is NaN or infinite"),
    INVALID_PROBABILITIES("invalid_probabilities", "'probabilities' is not a non-empty object of numbers"),
    PROBABILITY_OUT_OF_RANGE("probability_out_of_range", "a probability is outside [0, 1]"),
    PROBABILITIES_NOT_NORMALIZED("probabilities_not_normalized", "the probabilities do not sum to 1 ± 1e-3"),
    INVALID_FEATURES("invalid_features", "'features' is not an object"),
    INVALID_FEATURE("invalid_feature", "a feature value is not a number, string, boolean or null"),
    INVALID_LABEL("invalid_label", "'label' is neither a string nor a number"),
    INVALID_ID("invalid_id", "'id' is neither a string nor an integer"),
    MISSING_ID("missing_id", "a label without the 'id' of its prediction"),
    MISSING_LABEL("missing_label", "a label record without 'label'"),
    LABEL_FOR_UNKNOWN_PREDICTION("label_for_unknown_prediction",
            "no prediction of that model and id came within labels.waitForPrediction, or its labels.horizon had passed"),
    DUPLICATE_LABEL("duplicate_label", "the prediction has its label already (the first one counts)"),
    LABEL_NOT_A_NUMBER("label_not_a_number", "the label of a numeric prediction is not a number"),
    SIGNAL_TYPE_CONFLICT("signal_type_conflict", "a signal's value has another type than before (number vs category)"),
    TIMESTAMP_AHEAD_OF_CLOCK("timestamp_ahead_of_clock", "'timestamp' is further ahead of kdrift's wall clock than window.maxAhead"),
    INVALID_TENSOR("invalid_tensor", "an inference request's or response's tensors do not fit: shape, datatype and data disagree, a "
            + "configured tensor is missing, or the rows of its tensors differ in number"),
    INVALID_ENVELOPE("invalid_envelope", "what the serving layer writes around the payload is missing or wrong: CloudEvent attributes, "
            + "headers, the topic name"),
    INVALID_PROTOBUF("invalid_protobuf", "the record is not the protobuf message of the Open Inference Protocol its input expects");

    private final String code;
    private final String description;

    RejectReason(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }
}
