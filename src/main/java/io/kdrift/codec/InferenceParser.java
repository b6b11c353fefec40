package io.kdrift.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kdrift.codec.oip.GrpcPredictV2.InferTensorContents;
import io.kdrift.codec.oip.GrpcPredictV2.ModelInferRequest;
import io.kdrift.codec.oip.GrpcPredictV2.ModelInferResponse;
import io.kdrift.config.InputSettings;
import io.kdrift.config.TensorSettings;
import io.kdrift.event.InferencePart;
import io.kdrift.event.ParseResult;
import io.kdrift.event.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what serving layers write (docs/inputs.md): Open Inference Protocol requests and responses (JSON or protobuf),
 * KServe's payload-logger CloudEvents (binary or structured mode; V1 or V2 payload), MLServer's Kafka records and
 * Seldon Core v2's model topics. A record is one half of an inference, a request or a response, of N rows (the first
 * dimension of its tensors): each row becomes an event of kdrift's own shape, a request's holding the features and a
 * response's the prediction, read and checked by {@link EventParser} like kdrift's own events; the two halves are
 * joined later by model and id. A record that does not fit gives one rejection naming the format and the field.
 */
public final class InferenceParser {
    /** KServe's event types end so. */
    private static final String REQUEST_TYPE = ".request";
    private static final String RESPONSE_TYPE = ".response";
    /** Seldon Core v2's topics: {@code <prefix>.<namespace>.model.<model>.inputs|outputs}. */
    private static final Pattern SELDON_TOPIC = Pattern.compile(".*\\.model\\.([^.]+)\\.(inputs|outputs)");
    /** The header in which Seldon's gateway says a record's encoding and part. */
    static final String SELDON_TYPE_HEADER = "seldon-infer-type";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final EventParser parser;
    private final InputSettings input;
    private final TensorSettings tensors;
    private final String format;

    public InferenceParser(EventParser parser, InputSettings input) {
        this.parser = parser;
        this.input = input;
        this.tensors = input.tensors();
        this.format = input.format();
    }

    /** A record as the formats read it: its value, and where the formats keep the rest. */
    public record Source(String topic, byte[] key, Map<String, byte[]> headers, long timestamp) {
        String header(String name) {
            byte[] v = headers.get(name);
            return v == null ? null : new String(v, StandardCharsets.UTF_8);
        }

        String keyText() {
            return key == null || key.length == 0 ? null : new String(key, StandardCharsets.UTF_8);
        }
    }

    /**
     * One record: its part and its rows, each an event of one row or the reason the record (or that row) was refused; a
     * record refused as a whole gives one rejection and no part.
     */
    public record Half(InferencePart part, List<ParseResult> rows) {
        static Half rejected(RejectReason reason, String detail) {
            return new Half(null, List.of(ParseResult.rejected(reason, detail)));
        }
    }

    /** What the envelope says of a record before its payload is read. */
    private record Envelope(InferencePart part, String model, String id, long timestamp) {
    }

    public Half parse(byte[] value, Source source) {
        try {
            return switch (format) {
                case InputSettings.KSERVE -> kserve(value, source);
                case InputSettings.MLSERVER -> oip(value, source, null, source.header("mlserver-model"), source.keyText(), input.encoding());
                case InputSettings.SELDON -> seldon(value, source);
                default -> oip(value, source, input.part() == null ? null : InferencePart.of(input.part()), null, null, input.encoding());
            };
        } catch (EventParser.Reject r) {
            // the reason names the format, also where the record is not even JSON
            return Half.rejected(r.reason, r.getMessage().startsWith(format) ? r.getMessage() : format + ": " + r.getMessage());
        }
    }

    private Half seldon(byte[] value, Source source) {
        Matcher m = SELDON_TOPIC.matcher(source.topic() == null ? "" : source.topic());
        if (!m.matches()) {
            throw new EventParser.Reject(RejectReason.INVALID_ENVELOPE, "seldon: topic " + source.topic()
                    + " is not <prefix>.<namespace>.model.<model>.inputs|outputs, which says the model and the part");
        }
        InferencePart part = m.group(2).equals("inputs") ? InferencePart.REQUEST : InferencePart.RESPONSE;
        String encoding = input.encoding();
        // Seldon's gateway says what a record is in a header: json/inferModelRequest, proto/InferModelResponse, ...
        String type = source.header(SELDON_TYPE_HEADER);
        if (type != null) {
            int slash = type.indexOf('/');
            String kind = slash < 0 ? "" : type.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
            encoding = type.startsWith("json/") ? InputSettings.JSON : type.startsWith("proto/") ? InputSettings.PROTOBUF : null;
            part = kind.equals("infermodelrequest") ? InferencePart.REQUEST : kind.equals("infermodelresponse") ? InferencePart.RESPONSE : null;
            if (encoding == null || part == null) {
                throw new EventParser.Reject(RejectReason.INVALID_ENVELOPE, "seldon: header " + SELDON_TYPE_HEADER + " \"" + type
                        + "\" is not json|proto/inferModelRequest|Response");
            }
        }
        return oip(value, source, part, m.group(1), source.keyText(), encoding);
    }

    /**
     * An OIP payload: {@code part} when known before (else the JSON says it), {@code envelopeModel} and
     * {@code envelopeId} what the envelope says (header, topic, key), each second to the input's configuration.
     */
    private Half oip(byte[] value, Source source, InferencePart part, String envelopeModel, String envelopeId, String encoding) {
        String where = format + " " + encoding;
        if (encoding.equals(InputSettings.PROTOBUF)) {
            return oipProtobuf(value, source, part, envelopeModel, envelopeId, where);
        }
        JsonNode body = parser.tree(value);
        return oipJson(body, source, part, envelopeModel, envelopeId, source.timestamp(), where);
    }

    private Half oipJson(JsonNode body, Source source, InferencePart part, String envelopeModel, String envelopeId, long time, String where) {
        boolean hasInputs = body.has("inputs");
        boolean hasOutputs = body.has("outputs");
        if (part == null) {
            // a request may name the outputs it wants ("outputs": [{"name": ...}]): its inputs make it a request
            if (!hasInputs && !hasOutputs) {
                throw new EventParser.Reject(RejectReason.INVALID_TENSOR, where + ": the record has neither inputs (a request) nor outputs (a response)");
            }
            part = hasInputs ? InferencePart.REQUEST : InferencePart.RESPONSE;
        }
        String field = part == InferencePart.REQUEST ? "inputs" : "outputs";
        JsonNode list = body.path(field);
        if (!list.isArray() || list.isEmpty()) {
            throw new EventParser.Reject(RejectReason.INVALID_TENSOR, where + " " + part.code() + ": '" + field + "' is "
                    + (list.isMissingNode() ? "missing" : list.isArray() ? "empty" : "not an array"));
        }
        List<OipTensor> tensorList = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            tensorList.add(OipTensor.fromJson(list.get(i), where + " " + part.code() + " " + field + "[" + i + "]"));
        }
        String model = first(input.model(), envelopeModel, text(body.path("model_name")));
        String id = first(header(source), envelopeId, text(body.path("id")));
        return rows(new Envelope(part, model, id, time), tensorList, where);
    }

    private Half oipProtobuf(byte[] value, Source source, InferencePart part, String envelopeModel, String envelopeId, String where) {
        if (value == null || value.length == 0) {
            throw new EventParser.Reject(RejectReason.EMPTY_RECORD, where + ": the record value is " + (value == null ? "null" : "empty"));
        }
        parser.checkSize(value);
        List<OipTensor> list;
        String model;
        String id;
        try {
            if (part == InferencePart.REQUEST) {
                ModelInferRequest r = ModelInferRequest.parseFrom(value);
                list = protobufTensors(where + " request inputs", r.getInputsCount(), r.getRawInputContentsList(), i -> {
                    ModelInferRequest.InferInputTensor t = r.getInputs(i);
                    return new ProtobufTensor(t.getName(), t.getDatatype(), t.getShapeList(), t.getContents());
                });
                model = r.getModelName();
                id = r.getId();
            } else {
                ModelInferResponse r = ModelInferResponse.parseFrom(value);
                list = protobufTensors(where + " response outputs", r.getOutputsCount(), r.getRawOutputContentsList(), i -> {
                    ModelInferResponse.InferOutputTensor t = r.getOutputs(i);
                    return new ProtobufTensor(t.getName(), t.getDatatype(), t.getShapeList(), t.getContents());
                });
                model = r.getModelName();
                id = r.getId();
            }
        } catch (InvalidProtocolBufferException e) {
            throw new EventParser.Reject(RejectReason.INVALID_PROTOBUF, where + ": not a ModelInfer" + (part == InferencePart.REQUEST ? "Request"
                    : "Response") + ": " + e.getMessage());
        }
        if (list.isEmpty()) {
            throw OipTensor.reject(where + " " + part.code() + ": no " + (part == InferencePart.REQUEST ? "inputs" : "outputs"));
        }
        return rows(new Envelope(part, first(input.model(), envelopeModel, model), first(header(source), envelopeId, id),
                source.timestamp()), list, where);
    }

    /** What a request's input and a response's output tensor have alike (protoc gives them no common type). */
    private record ProtobufTensor(String name, String datatype, List<Long> shape, InferTensorContents contents) {
    }

    /**
     * The {@code count} tensors of a protobuf message: each with its typed contents, or, when the message has raw
     * contents, each with its raw contents (as many as tensors: the protocol's rule).
     */
    private static List<OipTensor> protobufTensors(String where, int count, List<ByteString> raw, IntFunction<ProtobufTensor> tensor) {
        if (!raw.isEmpty() && raw.size() != count) {
            throw OipTensor.reject(where + ": " + raw.size() + " raw contents for " + count + " tensors");
        }
        List<OipTensor> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ProtobufTensor t = tensor.apply(i);
            list.add(OipTensor.fromProtobuf(t.name(), t.datatype(), t.shape(), t.contents(), raw.isEmpty() ? null : raw.get(i), where + "[" + i + "]"));
        }
        return list;
    }

    /** A KServe payload-logger CloudEvent: binary mode (ce_ headers, the payload as value) or structured (one JSON object). */
    private Half kserve(byte[] value, Source source) {
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
    private Half v1Instances(Envelope e, JsonNode data, String where) {
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
        return new Half(e.part(), rows);
    }

    /** KServe V1 {@code {"predictions": [...]}}: a row a prediction, an array of probabilities, or an object. */
    private Half v1Predictions(Envelope e, JsonNode data, String where) {
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
        return new Half(e.part(), rows);
    }

    private static JsonNode batch(JsonNode data, String field, String where) {
        JsonNode list = data.path(field);
        if (!list.isArray() || list.isEmpty()) {
            throw new EventParser.Reject(RejectReason.INVALID_TENSOR, where + ": '" + field + "' is " + (list.isMissingNode() ? "missing"
                    : list.isArray() ? "empty" : "not an array"));
        }
        return list;
    }

    /** The rows of an OIP request (features) or response (prediction, probabilities). */
    private Half rows(Envelope e, List<OipTensor> list, String where) {
        String in = where + " " + e.part().code();
        requireModel(e, in);
        int n = list.get(0).rows();
        for (OipTensor t : list) {
            if (t.rows() != n) {
                throw OipTensor.reject(in + ": '" + list.get(0).name() + "' has " + n + " rows, '" + t.name() + "' " + t.rows()
                        + ": the first dimension is the batch");
            }
        }
        List<ObjectNode> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(row(e, i, n));
        }
        if (e.part() == InferencePart.REQUEST) {
            features(list, rows, in);
        } else {
            outputs(list, rows, in);
        }
        List<ParseResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(parser.row(rows.get(i), e.timestamp(), n == 1 ? in : in + " row " + i, e.model() == null));
        }
        return new Half(e.part(), out);
    }

    private void features(List<OipTensor> list, List<ObjectNode> rows, String where) {
        List<OipTensor> chosen = new ArrayList<>();
        if (tensors.features() == null) {
            chosen.addAll(list);
        } else {
            for (String name : tensors.features()) {
                chosen.add(named(list, name, "input", "tensors.features", where));
            }
        }
        List<ObjectNode> features = new ArrayList<>(rows.size());
        for (ObjectNode row : rows) {
            features.add(row.putObject("features"));
        }
        for (OipTensor t : chosen) {
            List<String> names = tensors.columns().get(t.name());
            int width = t.width();
            if (names != null && names.size() != width) {
                throw OipTensor.reject(where + ": input '" + t.name() + "' has " + width + " columns, tensors.columns names " + names.size());
            }
            for (int i = 0; i < rows.size(); i++) {
                for (int j = 0; j < width; j++) {
                    String name = names != null ? names.get(j) : width == 1 ? t.name() : t.name() + "." + j;
                    features.get(i).set(name, t.at(i, j));
                }
            }
        }
    }

    private void outputs(List<OipTensor> list, List<ObjectNode> rows, String where) {
        OipTensor prediction = tensors.prediction() == null ? null : named(list, tensors.prediction(), "output", "tensors.prediction", where);
        OipTensor probabilities = tensors.probabilities() == null ? null
                : named(list, tensors.probabilities(), "output", "tensors.probabilities", where);
        if (prediction == null && probabilities == null) {
            if (list.size() > 1) {
                throw OipTensor.reject(where + ": " + list.size() + " outputs, and neither tensors.prediction nor tensors.probabilities names one");
            }
            if (list.get(0).width() == 1) {
                prediction = list.get(0);
            } else {
                probabilities = list.get(0);
            }
        }
        if (prediction != null && prediction.width() != 1) {
            throw OipTensor.reject(where + ": output '" + prediction.name() + "' (the prediction) has " + prediction.width()
                    + " values a row, not one");
        }
        for (int i = 0; i < rows.size(); i++) {
            if (prediction != null) {
                rows.get(i).set("prediction", prediction.at(i, 0));
            }
            if (probabilities != null) {
                com.fasterxml.jackson.databind.node.ArrayNode p = NODES.arrayNode();
                for (int c = 0; c < probabilities.width(); c++) {
                    p.add(probabilities.at(i, c));
                }
                rows.get(i).set("probabilities", classes(p));
            }
        }
    }

    /** Probabilities in class order as kdrift's object of class → probability: the configured classes, or the indexes. */
    private JsonNode classes(JsonNode probabilities) {
        List<String> names = tensors.classes();
        if (names != null && names.size() != probabilities.size()) {
            throw new EventParser.Reject(RejectReason.INVALID_PROBABILITIES, format + ": " + probabilities.size() + " probabilities for "
                    + names.size() + " classes (tensors.classes)");
        }
        ObjectNode named = NODES.objectNode();
        for (int i = 0; i < probabilities.size(); i++) {
            named.set(names != null ? names.get(i) : Integer.toString(i), probabilities.get(i));
        }
        return named;
    }

    private static OipTensor named(List<OipTensor> list, String name, String kind, String setting, String where) {
        for (OipTensor t : list) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw OipTensor.reject(where + ": no " + kind + " '" + name + "' (" + setting + ")");
    }

    /**
     * The start of row {@code i} of {@code n}: model, id and time. A row of a batch has the id {@code <id>/<i>}, so that
     * labels can name it; a record of one row keeps the id.
     */
    private static ObjectNode row(Envelope e, int i, int n) {
        ObjectNode row = NODES.objectNode();
        if (e.model() != null) {
            row.put("model", e.model());
        }
        if (e.id() != null) {
            row.put("id", n == 1 ? e.id() : e.id() + "/" + i);
        }
        if (e.timestamp() >= 0) {
            row.put("timestamp", e.timestamp());
        }
        return row;
    }

    /**
     * A record that names no model is refused, but for a request with an id of an input that joins by id: it takes its
     * response's model.
     */
    private void requireModel(Envelope e, String where) {
        if (e.model() == null && !(input.joinsById() && e.part() == InferencePart.REQUEST && e.id() != null)) {
            throw new EventParser.Reject(RejectReason.MISSING_MODEL, where + ": the record names no model ("
                    + switch (format) {
                        case InputSettings.KSERVE -> "no inferenceservicename";
                        case InputSettings.MLSERVER -> "no mlserver-model header, no model_name";
                        default -> e.part() == InferencePart.REQUEST ? "no model_name, and no id to take its response's by" : "no model_name";
                    } + "): give the input a model");
        }
    }

    private String header(Source source) {
        return input.idHeader() == null ? null : source.header(input.idHeader());
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : node.isIntegralNumber() ? node.asText() : null;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }
}
