package io.kdrift.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kdrift.config.InputSettings;
import io.kdrift.event.InferencePart;
import io.kdrift.event.ParseResult;
import io.kdrift.event.RejectReason;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * KServe's payload-logger CloudEvents ({@code format: kserve}): binary mode (ce_ headers, the payload as value) or
 * structured (one JSON object); a V2 (OIP) payload, or V1's instances and predictions.
 */
final class KServeFormat extends ServingFormat {
    /** KServe's event types end so. */
    private static final String REQUEST_TYPE = ".request";
    private static final String RESPONSE_TYPE = ".response";

    KServeFormat(EventParser parser, InputSettings input) {
        super(parser, input);
    }

    @Override
    String noModel(InferencePart part) {
        return "no inferenceservicename";
    }

    /** A KServe payload-logger CloudEvent: binary mode (ce_ headers, the payload as value) or structured (one JSON object). */
    @Override
    Read half(InputRecord source) {
        byte[] value = source.value();
        String type;
        String ceId;
        String time;
        String service;
        String component;
        JsonNode data;
        String mode;
        if (source.header("ce_type") != null || source.header("ce_specversion") != null) {
            mode = "kserve binary";
            type = source.header("ce_type");
            ceId = source.header("ce_id");
            time = source.header("ce_time");
            service = source.header("ce_inferenceservicename");
            component = source.header("ce_component");
            data = parser.tree(value);
        } else {
            mode = "kserve structured";
            JsonNode event = parser.tree(value);
            if (!event.has("specversion")) {
                throw new EventParser.Reject(RejectReason.INVALID_ENVELOPE, "kserve: neither a binary-mode CloudEvent (ce_type header) nor a "
                        + "structured one (no 'specversion')");
            }
            type = text(event.path("type"));
            ceId = text(event.path("id"));
            time = text(event.path("time"));
            service = text(event.path("inferenceservicename"));
            component = text(event.path("component"));
            if (event.has("data_base64")) {
                byte[] decoded;
                try {
                    decoded = Base64.getDecoder().decode(event.path("data_base64").asText());
                } catch (IllegalArgumentException e) {
                    throw new EventParser.Reject(RejectReason.INVALID_ENVELOPE, mode + ": data_base64 is not base64: " + e.getMessage());
                }
                data = parser.tree(decoded);
            } else {
                data = event.path("data");
                if (!data.isObject()) {
                    throw new EventParser.Reject(RejectReason.INVALID_ENVELOPE, mode + ": 'data' is " + (data.isMissingNode() ? "missing"
                            : "not an object"));
                }
            }
        }
        InferencePart part = type == null ? null : type.endsWith(REQUEST_TYPE) ? InferencePart.REQUEST
                : type.endsWith(RESPONSE_TYPE) ? InferencePart.RESPONSE : null;
        if (part == null) {
            throw new EventParser.Reject(RejectReason.INVALID_ENVELOPE, mode + ": type " + (type == null ? "is missing" : "\"" + type
                    + "\" is not org.kubeflow.serving.inference.request or .response"));
        }
        long timestamp = source.timestamp();
        if (time != null) {
            try {
                timestamp = OffsetDateTime.parse(time).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new EventParser.Reject(RejectReason.INVALID_TIMESTAMP, mode + ": time \"" + time + "\" is not an RFC 3339 time");
            }
        }
        // a transformer logs too: its records are another model's, not the predictor's
        String model = service == null || component == null || component.isEmpty() || component.equals("predictor") ? service
                : service + ":" + component;
        String id = first(header(source), ceId);
        if (data.has("inputs") || data.has("outputs")) {
            return oipJson(data, source, part, first(input.model(), model), id, timestamp, mode + " v2");
        }
        Envelope envelope = new Envelope(part, first(input.model(), model), id, timestamp);
        return part == InferencePart.REQUEST ? v1Instances(envelope, data, mode + " v1") : v1Predictions(envelope, data, mode + " v1");
    }

    /** KServe V1 {@code {"instances": [...]}}: a row an object of features, an array of columns, or one value. */
    private Read v1Instances(Envelope e, JsonNode data, String where) {
        requireModel(e, where);
        JsonNode instances = batch(data, "instances", where);
        List<String> names = tensors.columns().get("instances");
        List<ParseResult> rows = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            JsonNode instance = instances.get(i);
            ObjectNode features = NODES.objectNode();
            if (instance.isObject()) {
                features.setAll((ObjectNode) instance);
            } else if (instance.isArray()) {
                if (names != null && names.size() != instance.size()) {
                    rows.add(ParseResult.rejected(RejectReason.INVALID_TENSOR, where + " instances[" + i + "] has " + instance.size()
                            + " values for " + names.size() + " columns (tensors.columns.instances)"));
                    continue;
                }
                for (int j = 0; j < instance.size(); j++) {
                    features.set(names != null ? names.get(j) : "instances." + j, instance.get(j));
                }
            } else {
                features.set("instances", instance);
            }
            ObjectNode row = row(e, i, instances.size());
            row.set("features", features);
            rows.add(parser.row(row, e.timestamp(), where + " instances[" + i + "]"));
        }
        return new Read(e.part(), rows);
    }

    /** KServe V1 {@code {"predictions": [...]}}: a row a prediction, an array of probabilities, or an object. */
    private Read v1Predictions(Envelope e, JsonNode data, String where) {
        requireModel(e, where);
        JsonNode predictions = batch(data, "predictions", where);
        List<ParseResult> rows = new ArrayList<>();
        for (int i = 0; i < predictions.size(); i++) {
            JsonNode p = predictions.get(i);
            ObjectNode row = row(e, i, predictions.size());
            if (p.isObject()) {
                if (tensors.prediction() != null && p.has(tensors.prediction())) {
                    row.set("prediction", p.get(tensors.prediction()));
                }
                if (tensors.probabilities() != null && p.has(tensors.probabilities())) {
                    JsonNode probs = p.get(tensors.probabilities());
                    row.set("probabilities", probs.isArray() ? classes(probs) : probs);
                }
                if (!row.has("prediction") && !row.has("probabilities")) {
                    rows.add(ParseResult.rejected(RejectReason.INVALID_TENSOR, where + " predictions[" + i + "] is an object without "
                            + (tensors.prediction() == null && tensors.probabilities() == null ? "tensors.prediction or tensors.probabilities configured"
                            : "the fields tensors.prediction / tensors.probabilities name")));
                    continue;
                }
            } else if (p.isArray()) {
                row.set("probabilities", classes(p));
            } else {
                row.set("prediction", p);
            }
            rows.add(parser.row(row, e.timestamp(), where + " predictions[" + i + "]"));
        }
        return new Read(e.part(), rows);
    }

    private static JsonNode batch(JsonNode data, String field, String where) {
        JsonNode list = data.path(field);
        if (!list.isArray() || list.isEmpty()) {
            throw new EventParser.Reject(RejectReason.INVALID_TENSOR, where + ": '" + field + "' is " + (list.isMissingNode() ? "missing"
                    : list.isArray() ? "empty" : "not an array"));
        }
        return list;
    }

}
