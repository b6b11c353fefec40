package io.kdrift.config;

/**
 * Where a label record of another shape keeps what kdrift needs (docs/performance.md): JSON Pointers for the prediction's
 * id and the label (required), for its time and model (optional: else the record's timestamp and key), or a constant model.
 */
public record LabelMapping(FieldSource model, FieldSource id, FieldSource label, FieldSource timestamp) {
    public LabelMapping {
        if (id == null) {
            throw new ConfigFieldException("id", "is required: the JSON Pointer to the id of the prediction the label is the truth of");
        }
        if (label == null) {
            throw new ConfigFieldException("label", "is required: the JSON Pointer to the label");
        }
        if (id.isConstant()) {
            throw new ConfigFieldException("id", "must be a JSON Pointer, not a constant");
        }
        if (label.isConstant()) {
            throw new ConfigFieldException("label", "must be a JSON Pointer, not a constant");
        }
        if (timestamp != null && timestamp.isConstant()) {
            throw new ConfigFieldException("timestamp", "must be a JSON Pointer, not a constant");
        }
        if (model != null && model.isConstant() && !io.kdrift.event.PredictionEvent.isValidModelId(model.constant())) {
            throw new ConfigFieldException("model", "\"" + model.constant() + "\" is not a model id (1-128 characters of [A-Za-z0-9._:-])");
        }
    }
}
