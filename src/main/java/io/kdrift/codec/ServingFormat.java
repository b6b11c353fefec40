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
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What the formats of serving layers share (docs/inputs.md): a record is one half of an inference, a request or a
 * response, of N rows (the first dimension of its tensors). Each row becomes an event of kdrift's own shape, a
 * request's holding the features and a response's the prediction, read and checked by {@link EventParser} like kdrift's
 * own events; the two halves are joined later by model and id. A record that does not fit gives one rejection naming
 * the format and the field. Each format is a subclass: {@link OipFormat}, {@link KServeFormat}, {@link MLServerFormat},
 * {@link SeldonFormat}.
 */
abstract class ServingFormat implements InputFormat {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final EventParser parser;
    final InputSettings input;
    final TensorSettings tensors;
    final String format;

    ServingFormat(EventParser parser, InputSettings input) {
        this.parser = parser;
        this.input = input;
        this.tensors = input.tensors();
        this.format = input.format();
    }

    @Override
    public final Read read(InputRecord record) {
        try {
            return half(record);
        } catch (EventParser.Reject r) {
            // the reason names the format, also where the record is not even JSON
            return new Read(null, List.of(ParseResult.rejected(r.reason, r.getMessage().startsWith(format) ? r.getMessage()
                    : format + ": " + r.getMessage())));
        }
    }

    /** The half a record is; a record that does not fit as a whole throws {@link EventParser.Reject}. */
    abstract Read half(InputRecord record);

    /** What the envelope says of a record before its payload is read. */
    record Envelope(InferencePart part, String model, String id, long timestamp) {
    }

    /**
     * An OIP payload: {@code part} when known before (else the JSON says it), {@code envelopeModel} and
     * {@code envelopeId} what the envelope says (header, topic, key), each second to the input's configuration.
     */
    Read oip(byte[] value, InputRecord source, InferencePart part, String envelopeModel, String envelopeId, String encoding) {
        String where = format + " " + encoding;
        if (encoding.equals(InputSettings.PROTOBUF)) {
            return oipProtobuf(value, source, part, envelopeModel, envelopeId, where);
        }
        JsonNode body = parser.tree(value);
        return oipJson(body, source, part, envelopeModel, envelopeId, source.timestamp(), where);
    }

    Read oipJson(JsonNode body, InputRecord source, InferencePart part, String envelopeModel, String envelopeId, long time, String where) {
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

    private Read oipProtobuf(byte[] value, InputRecord source, InferencePart part, String envelopeModel, String envelopeId, String where) {
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

    /** The rows of an OIP request (features) or response (prediction, probabilities). */
    Read rows(Envelope e, List<OipTensor> list, String where) {
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
        return new Read(e.part(), out);
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
    JsonNode classes(JsonNode probabilities) {
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
    static ObjectNode row(Envelope e, int i, int n) {
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
    void requireModel(Envelope e, String where) {
        if (e.model() == null && !(input.joinsById() && e.part() == InferencePart.REQUEST && e.id() != null)) {
            throw new EventParser.Reject(RejectReason.MISSING_MODEL, where + ": the record names no model (" + noModel(e.part())
                    + "): give the input a model");
        }
    }

    /** What a record that names no model lacks, for the reason of its rejection. */
    String noModel(InferencePart part) {
        return part == InferencePart.REQUEST ? "no model_name, and no id to take its response's by" : "no model_name";
    }

    String header(InputRecord source) {
        return input.idHeader() == null ? null : source.header(input.idHeader());
    }

    static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : node.isIntegralNumber() ? node.asText() : null;
    }

    static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }
}
