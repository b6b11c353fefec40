package io.kdrift.testing;

import com.google.protobuf.ByteString;
import io.kdrift.codec.oip.GrpcPredictV2.ModelInferRequest;

import io.kdrift.event.EventLimits;
import io.kdrift.event.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A corpus of bad input records, one or more for every reason the parser gives, sized to the limits in force. */
public final class BadRecords {
    /** One bad record: what it is, its key and value bytes (either may be null), and the reason it must get. */
    public record Bad(String name, byte[] key, byte[] value, RejectReason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    private BadRecords() {
    }

    public static List<Bad> corpus(EventLimits limits) {
        List<Bad> c = new ArrayList<>();
        String longString = "x".repeat(limits.maxStringLength() + 1);
        StringBuilder features = new StringBuilder();
        for (int i = 0; i <= limits.maxEntries(); i++) {
            features.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        String deep = "[".repeat(limits.maxDepth() + 4) + "]".repeat(limits.maxDepth() + 4);
        add(c, "null value", null, RejectReason.EMPTY_RECORD);
        add(c, "empty value", "", RejectReason.EMPTY_RECORD);
        add(c, "white space", "   ", RejectReason.EMPTY_RECORD);
        add(c, "oversize record", "{\"model\":\"m\",\"prediction\":\"" + "y".repeat(limits.maxEventBytes()) + "\"}", RejectReason.OVERSIZE_RECORD);
        add(c, "truncated JSON", "{\"model\":\"m\",\"prediction\":1", RejectReason.INVALID_JSON);
        add(c, "unquoted keys", "{model:\"m\"}", RejectReason.INVALID_JSON);
        add(c, "not JSON", "not json at all", RejectReason.INVALID_JSON);
        add(c, "array", "[1,2]", RejectReason.NOT_AN_OBJECT);
        add(c, "number", "42", RejectReason.NOT_AN_OBJECT);
        add(c, "JSON null", "null", RejectReason.NOT_AN_OBJECT);
        add(c, "trailing data", "{\"model\":\"m\",\"prediction\":1} {}", RejectReason.TRAILING_DATA);
        add(c, "duplicate field", "{\"model\":\"m\",\"prediction\":1,\"prediction\":2}", RejectReason.DUPLICATE_FIELD);
        add(c, "duplicate unknown field", "{\"model\":\"m\",\"prediction\":1,\"requestId\":1,\"requestId\":2}", RejectReason.DUPLICATE_FIELD);
        add(c, "duplicate class", "{\"model\":\"m\",\"probabilities\":{\"a\":0.5,\"b\":0.25,\"a\":0.25}}", RejectReason.DUPLICATE_FIELD);
        add(c, "duplicate feature", "{\"model\":\"m\",\"features\":{\"x\":1,\"y\":2,\"x\":3}}", RejectReason.DUPLICATE_FIELD);
        add(c, "deep nesting", "{\"model\":\"m\",\"prediction\":1,\"x\":" + deep + "}", RejectReason.TOO_DEEP);
        add(c, "oversize string", "{\"model\":\"m\",\"prediction\":\"" + longString + "\"}", RejectReason.OVERSIZE_STRING);
        add(c, "oversize feature name", "{\"model\":\"m\",\"features\":{\"" + longString + "\":1}}", RejectReason.OVERSIZE_STRING);
        add(c, "too many features", "{\"model\":\"m\",\"features\":{" + features + "}}", RejectReason.TOO_MANY_ENTRIES);
        add(c, "missing model", "{\"prediction\":1}", RejectReason.MISSING_MODEL);
        add(c, "model with a space", "{\"model\":\"has space\",\"prediction\":1}", RejectReason.INVALID_MODEL);
        add(c, "empty model", "{\"model\":\"\",\"prediction\":1}", RejectReason.INVALID_MODEL);
        add(c, "model too long", "{\"model\":\"" + "m".repeat(129) + "\",\"prediction\":1}", RejectReason.INVALID_MODEL);
        add(c, "numeric model", "{\"model\":42,\"prediction\":1}", RejectReason.INVALID_MODEL);
        add(c, "unknown timestamp format", "{\"model\":\"m\",\"timestamp\":\"yesterday\",\"prediction\":1}", RejectReason.INVALID_TIMESTAMP);
        add(c, "timestamp without offset", "{\"model\":\"m\",\"timestamp\":\"2026-01-05T09:00:00\",\"prediction\":1}", RejectReason.INVALID_TIMESTAMP);
        add(c, "boolean timestamp", "{\"model\":\"m\",\"timestamp\":true,\"prediction\":1}", RejectReason.INVALID_TIMESTAMP);
        add(c, "negative timestamp", "{\"model\":\"m\",\"timestamp\":-5,\"prediction\":1}", RejectReason.TIMESTAMP_OUT_OF_RANGE);
        add(c, "huge timestamp", "{\"model\":\"m\",\"timestamp\":99999999999999999999,\"prediction\":1}", RejectReason.TIMESTAMP_OUT_OF_RANGE);
        add(c, "no signal", "{\"model\":\"m\",\"timestamp\":1}", RejectReason.NO_SIGNALS);
        add(c, "empty features only", "{\"model\":\"m\",\"features\":{}}", RejectReason.NO_SIGNALS);
        add(c, "array prediction", "{\"model\":\"m\",\"prediction\":[1]}", RejectReason.INVALID_PREDICTION);
        add(c, "boolean prediction", "{\"model\":\"m\",\"prediction\":true}", RejectReason.INVALID_PREDICTION);
        add(c, "NaN", "{\"model\":\"m\",\"prediction\":NaN}", RejectReason.NON_FINITE_NUMBER);
        add(c, "number overflowing to Infinity", "{\"model\":\"m\",\"prediction\":1e999}", RejectReason.NON_FINITE_NUMBER);
        add(c, "-Infinity feature", "{\"model\":\"m\",\"features\":{\"x\":-Infinity}}", RejectReason.NON_FINITE_NUMBER);
        add(c, "probabilities as array", "{\"model\":\"m\",\"probabilities\":[0.5,0.5]}", RejectReason.INVALID_PROBABILITIES);
        add(c, "empty probabilities", "{\"model\":\"m\",\"probabilities\":{}}", RejectReason.INVALID_PROBABILITIES);
        add(c, "probability as string", "{\"model\":\"m\",\"probabilities\":{\"a\":\"0.5\",\"b\":0.5}}", RejectReason.INVALID_PROBABILITIES);
        add(c, "negative probability", "{\"model\":\"m\",\"probabilities\":{\"a\":-0.5,\"b\":1.5}}", RejectReason.PROBABILITY_OUT_OF_RANGE);
        add(c, "probabilities summing to 0.99", "{\"model\":\"m\",\"probabilities\":{\"a\":0.5,\"b\":0.49}}", RejectReason.PROBABILITIES_NOT_NORMALIZED);
        add(c, "features as array", "{\"model\":\"m\",\"features\":[1,2]}", RejectReason.INVALID_FEATURES);
        add(c, "nested feature", "{\"model\":\"m\",\"features\":{\"x\":{\"y\":1}}}", RejectReason.INVALID_FEATURE);
        add(c, "array feature", "{\"model\":\"m\",\"features\":{\"x\":[1]}}", RejectReason.INVALID_FEATURE);
        add(c, "feature without a name", "{\"model\":\"m\",\"features\":{\"\":1}}", RejectReason.INVALID_FEATURE);
        add(c, "boolean label", "{\"model\":\"m\",\"prediction\":1,\"label\":true}", RejectReason.INVALID_LABEL);
        add(c, "object label", "{\"model\":\"m\",\"prediction\":1,\"label\":{}}", RejectReason.INVALID_LABEL);
        add(c, "object id", "{\"model\":\"m\",\"id\":{\"request\":1},\"prediction\":1}", RejectReason.INVALID_ID);
        add(c, "fractional id", "{\"model\":\"m\",\"id\":1.5,\"prediction\":1}", RejectReason.INVALID_ID);
        add(c, "boolean id", "{\"model\":\"m\",\"id\":true,\"prediction\":1}", RejectReason.INVALID_ID);
        byte[] utf8 = "{\"model\":\"m\",\"prediction\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[utf8.length - 1];
        int cut = indexOf(utf8, (byte) 0xC3);
        System.arraycopy(utf8, 0, broken, 0, cut + 1);
        System.arraycopy(utf8, cut + 2, broken, cut + 1, utf8.length - cut - 2);
        c.add(new Bad("invalid UTF-8 in a string", null, broken, RejectReason.INVALID_UTF8));
        c.add(new Bad("invalid UTF-8 key", new byte[] {(byte) 0xFF, (byte) 0xFE}, utf8("{\"prediction\":1}"), RejectReason.INVALID_UTF8));
        c.add(new Bad("key contradicting the model field", utf8("a"), utf8("{\"model\":\"b\",\"prediction\":1}"), RejectReason.MODEL_MISMATCH));
        return c;
    }

    /** Label records (docs/performance.md) of every kind of bad, each with the reason the label parser gives. */
    public static List<Bad> labels(EventLimits limits) {
        List<Bad> c = new ArrayList<>();
        add(c, "label: null value", null, RejectReason.EMPTY_RECORD);
        add(c, "label: an array", "[1]", RejectReason.NOT_AN_OBJECT);
        add(c, "label: broken JSON", "{\"model\":\"m\",\"id\":\"a\",", RejectReason.INVALID_JSON);
        add(c, "label: oversize", "{\"pad\":\"" + "x".repeat(limits.maxEventBytes()) + "\"}", RejectReason.OVERSIZE_RECORD);
        add(c, "label: no id", "{\"model\":\"m\",\"label\":\"ok\",\"timestamp\":1}", RejectReason.MISSING_ID);
        add(c, "label: object id", "{\"model\":\"m\",\"id\":{},\"label\":\"ok\",\"timestamp\":1}", RejectReason.INVALID_ID);
        add(c, "label: no label", "{\"model\":\"m\",\"id\":\"a\",\"timestamp\":1}", RejectReason.MISSING_LABEL);
        add(c, "label: boolean label", "{\"model\":\"m\",\"id\":\"a\",\"label\":true,\"timestamp\":1}", RejectReason.INVALID_LABEL);
        add(c, "label: no model, no key", "{\"id\":\"a\",\"label\":\"ok\",\"timestamp\":1}", RejectReason.MISSING_MODEL);
        add(c, "label: bad model", "{\"model\":\"a b\",\"id\":\"a\",\"label\":\"ok\",\"timestamp\":1}", RejectReason.INVALID_MODEL);
        add(c, "label: bad timestamp", "{\"model\":\"m\",\"id\":\"a\",\"label\":\"ok\",\"timestamp\":\"yesterday\"}",
                RejectReason.INVALID_TIMESTAMP);
        add(c, "label: duplicate field", "{\"model\":\"m\",\"id\":\"a\",\"id\":\"b\",\"label\":\"ok\",\"timestamp\":1}",
                RejectReason.DUPLICATE_FIELD);
        return c;
    }

    /** Where {@link #mappedLabels} keep their fields: labels.mapping as a user of another label shape writes it. */
    public static final String LABEL_MAPPING = "{model: /meta/model, id: /request/id, label: /outcome/0/class, timestamp: /resolvedAt}";

    /** Label records of another shape (read through {@link #LABEL_MAPPING}) of every kind of bad, with the reason. */
    public static List<Bad> mappedLabels(EventLimits limits) {
        List<Bad> c = new ArrayList<>();
        String meta = "\"meta\":{\"model\":\"m\"}";
        String request = "\"request\":{\"id\":\"a\"}";
        String outcome = "\"outcome\":[{\"class\":\"ok\"}]";
        add(c, "mapped label: null value", null, RejectReason.EMPTY_RECORD);
        add(c, "mapped label: an array", "[1]", RejectReason.NOT_AN_OBJECT);
        add(c, "mapped label: broken JSON", "{" + meta + ",", RejectReason.INVALID_JSON);
        add(c, "mapped label: trailing data", "{" + meta + "," + request + "," + outcome + "} {}", RejectReason.TRAILING_DATA);
        add(c, "mapped label: oversize", "{\"pad\":\"" + "x".repeat(limits.maxEventBytes()) + "\"}", RejectReason.OVERSIZE_RECORD);
        add(c, "mapped label: nothing at the id's pointer", "{" + meta + ",\"request\":{}," + outcome + "}", RejectReason.MISSING_ID);
        add(c, "mapped label: id is an object", "{" + meta + ",\"request\":{\"id\":{}}," + outcome + "}", RejectReason.INVALID_ID);
        add(c, "mapped label: no label at its pointer", "{" + meta + "," + request + ",\"outcome\":[]}", RejectReason.MISSING_LABEL);
        add(c, "mapped label: label is an array", "{" + meta + "," + request + ",\"outcome\":[{\"class\":[1]}]}",
                RejectReason.INVALID_LABEL);
        add(c, "mapped label: no model, no key", "{" + request + "," + outcome + "}", RejectReason.MISSING_MODEL);
        add(c, "mapped label: model is a number", "{\"meta\":{\"model\":7}," + request + "," + outcome + "}", RejectReason.INVALID_MODEL);
        add(c, "mapped label: bad model", "{\"meta\":{\"model\":\"a b\"}," + request + "," + outcome + "}", RejectReason.INVALID_MODEL);
        add(c, "mapped label: bad timestamp", "{" + meta + "," + request + "," + outcome + ",\"resolvedAt\":\"yesterday\"}",
                RejectReason.INVALID_TIMESTAMP);
        add(c, "mapped label: NaN timestamp", "{" + meta + "," + request + "," + outcome + ",\"resolvedAt\":NaN}", RejectReason.NON_FINITE_NUMBER);
        add(c, "mapped label: duplicate field", "{" + meta + "," + request + "," + request + "," + outcome + "}", RejectReason.DUPLICATE_FIELD);
        return c;
    }

    /** Where {@link #mappedPredictions} keep their fields: input.mapping of a batched shape. */
    public static final String PREDICTION_MAPPING = "{model: /model, id: /rows/*/id, timestamp: /at, prediction: /rows/*/y, "
            + "probabilities: /rows/*/p, classes: [a, b], features: /rows/*/x, label: /rows/*/truth}";

    /** Prediction records of a batched shape (read through {@link #PREDICTION_MAPPING}) of every kind of bad, with the reason. */
    public static List<Bad> mappedPredictions(EventLimits limits) {
        List<Bad> c = new ArrayList<>();
        String head = "\"model\":\"m\",\"at\":1767603600000,";
        add(c, "mapped: null value", null, RejectReason.EMPTY_RECORD);
        add(c, "mapped: an array", "[1]", RejectReason.NOT_AN_OBJECT);
        add(c, "mapped: broken JSON", "{" + head, RejectReason.INVALID_JSON);
        add(c, "mapped: oversize", "{\"pad\":\"" + "x".repeat(limits.maxEventBytes()) + "\"}", RejectReason.OVERSIZE_RECORD);
        add(c, "mapped: duplicate field", "{" + head + "\"model\":\"n\",\"rows\":[{\"y\":1}]}", RejectReason.DUPLICATE_FIELD);
        add(c, "mapped: no batch array", "{" + head + "\"rows\":{}}", RejectReason.NO_SIGNALS);
        add(c, "mapped: an empty batch", "{" + head + "\"rows\":[]}", RejectReason.NO_SIGNALS);
        add(c, "mapped: too many predictions", "{" + head + "\"rows\":[" + "{\"y\":1},".repeat(limits.maxEntries()) + "{\"y\":1}]}",
                RejectReason.TOO_MANY_ENTRIES);
        add(c, "mapped: no model", "{\"at\":1,\"rows\":[{\"y\":1}]}", RejectReason.MISSING_MODEL);
        add(c, "mapped: bad model", "{\"model\":\"a b\",\"at\":1,\"rows\":[{\"y\":1}]}", RejectReason.INVALID_MODEL);
        add(c, "mapped: bad time", "{\"model\":\"m\",\"at\":\"noon\",\"rows\":[{\"y\":1}]}", RejectReason.INVALID_TIMESTAMP);
        add(c, "mapped: nothing to score", "{" + head + "\"rows\":[{\"id\":\"r\"}]}", RejectReason.NO_SIGNALS);
        add(c, "mapped: object prediction", "{" + head + "\"rows\":[{\"y\":{}}]}", RejectReason.INVALID_PREDICTION);
        add(c, "mapped: probabilities not for the classes", "{" + head + "\"rows\":[{\"p\":[0.2,0.3,0.5]}]}", RejectReason.INVALID_PROBABILITIES);
        add(c, "mapped: probabilities that do not sum to 1", "{" + head + "\"rows\":[{\"p\":[0.2,0.3]}]}", RejectReason.PROBABILITIES_NOT_NORMALIZED);
        add(c, "mapped: probability out of range", "{" + head + "\"rows\":[{\"p\":[1.5,-0.5]}]}", RejectReason.PROBABILITY_OUT_OF_RANGE);
        add(c, "mapped: features not an object", "{" + head + "\"rows\":[{\"x\":[1]}]}", RejectReason.INVALID_FEATURES);
        add(c, "mapped: bad feature", "{" + head + "\"rows\":[{\"x\":{\"f\":[1]}}]}", RejectReason.INVALID_FEATURE);
        add(c, "mapped: NaN feature", "{" + head + "\"rows\":[{\"x\":{\"f\":NaN}}]}", RejectReason.NON_FINITE_NUMBER);
        add(c, "mapped: bad label", "{" + head + "\"rows\":[{\"y\":1,\"truth\":{}}]}", RejectReason.INVALID_LABEL);
        add(c, "mapped: bad id", "{" + head + "\"rows\":[{\"y\":1,\"id\":true}]}", RejectReason.INVALID_ID);
        return c;
    }

    /** A serving layer's record of some kind of bad: the input it is read by (YAML), the record as a replay envelope line. */
    public record BadServing(String name, String input, String envelope, RejectReason reason) {
    }

    private static final String OIP = "{topic: t, format: oip, model: m}";
    private static final String OIP_PROTOBUF = "{topic: t, format: oip, encoding: protobuf, part: request, model: m}";
    private static final String KSERVE = "{topic: t, format: kserve, tensors: {columns: {instances: [a, b]}}}";

    /** Records of every serving-layer format of every kind of bad, with the reason (docs/inputs.md). */
    public static List<BadServing> servingLayers() {
        List<BadServing> c = new ArrayList<>();
        String f64 = "\"datatype\":\"FP64\"";
        serving(c, "oip: not JSON", OIP, value("{\"inputs\":"), RejectReason.INVALID_JSON);
        serving(c, "oip: empty", OIP, value(""), RejectReason.EMPTY_RECORD);
        serving(c, "oip: neither inputs nor outputs", OIP, value("{\"id\":\"1\"}"), RejectReason.INVALID_TENSOR);
        serving(c, "oip: inputs not an array", OIP, value("{\"inputs\":{}}"), RejectReason.INVALID_TENSOR);
        serving(c, "oip: a tensor without a name", OIP, value("{\"inputs\":[{\"shape\":[1]," + f64 + ",\"data\":[1]}]}"),
                RejectReason.INVALID_TENSOR);
        serving(c, "oip: data that does not fill the shape", OIP, value("{\"inputs\":[{\"name\":\"a\",\"shape\":[2]," + f64 + ",\"data\":[1]}]}"),
                RejectReason.INVALID_TENSOR);
        serving(c, "oip: three dimensions", OIP, value("{\"inputs\":[{\"name\":\"a\",\"shape\":[1,1,1]," + f64 + ",\"data\":[1]}]}"),
                RejectReason.INVALID_TENSOR);
        serving(c, "oip: inputs of different rows", OIP, value("{\"inputs\":[{\"name\":\"a\",\"shape\":[2]," + f64 + ",\"data\":[1,2]},"
                + "{\"name\":\"b\",\"shape\":[1]," + f64 + ",\"data\":[1]}]}"), RejectReason.INVALID_TENSOR);
        serving(c, "oip: a feature value that is an object", OIP, value("{\"inputs\":[{\"name\":\"a\",\"shape\":[1],\"datatype\":\"BYTES\","
                + "\"data\":[{}]}]}"), RejectReason.INVALID_FEATURE);
        serving(c, "oip: a NaN feature", OIP, value("{\"inputs\":[{\"name\":\"a\",\"shape\":[1]," + f64 + ",\"data\":[NaN]}]}"),
                RejectReason.NON_FINITE_NUMBER);
        serving(c, "oip: a configured input missing", "{topic: t, format: oip, model: m, tensors: {features: [x]}}",
                value("{\"inputs\":[{\"name\":\"a\",\"shape\":[1]," + f64 + ",\"data\":[1]}]}"), RejectReason.INVALID_TENSOR);
        serving(c, "oip: a request of no model", "{topic: t, format: oip}", value("{\"inputs\":[{\"name\":\"a\",\"shape\":[1]," + f64
                + ",\"data\":[1]}]}"), RejectReason.MISSING_MODEL);
        serving(c, "oip: a model name that is no model id", "{topic: t, format: oip}", value("{\"model_name\":\"a b\",\"outputs\":[{\"name\":\"y\","
                + "\"shape\":[1]," + f64 + ",\"data\":[1]}]}"), RejectReason.INVALID_MODEL);
        serving(c, "oip: two outputs, none configured", OIP, value("{\"outputs\":[{\"name\":\"y\",\"shape\":[1]," + f64 + ",\"data\":[1]},"
                + "{\"name\":\"z\",\"shape\":[1]," + f64 + ",\"data\":[1]}]}"), RejectReason.INVALID_TENSOR);
        serving(c, "oip: probabilities that do not sum to 1", OIP, value("{\"outputs\":[{\"name\":\"p\",\"shape\":[1,2]," + f64
                + ",\"data\":[0.2,0.3]}]}"), RejectReason.PROBABILITIES_NOT_NORMALIZED);
        serving(c, "oip: a probability out of range", OIP, value("{\"outputs\":[{\"name\":\"p\",\"shape\":[1,2]," + f64
                + ",\"data\":[1.5,-0.5]}]}"), RejectReason.PROBABILITY_OUT_OF_RANGE);
        serving(c, "oip: probabilities not for the classes", "{topic: t, format: oip, model: m, tensors: {probabilities: p, classes: [a, b, c]}}",
                value("{\"outputs\":[{\"name\":\"p\",\"shape\":[1,2]," + f64 + ",\"data\":[0.5,0.5]}]}"), RejectReason.INVALID_PROBABILITIES);
        serving(c, "oip: a prediction that is an object", OIP, value("{\"outputs\":[{\"name\":\"y\",\"shape\":[1],\"datatype\":\"BYTES\","
                + "\"data\":[{}]}]}"), RejectReason.INVALID_PREDICTION);
        serving(c, "oip protobuf: not a ModelInferRequest", OIP_PROTOBUF, bytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}),
                RejectReason.INVALID_PROTOBUF);
        serving(c, "oip protobuf: larger than limits.maxEventBytes", OIP_PROTOBUF, bytes(ModelInferRequest.newBuilder()
                .setId("x".repeat(EventLimits.DEFAULT.maxEventBytes())).build().toByteArray()), RejectReason.OVERSIZE_RECORD);
        serving(c, "oip protobuf: raw contents for some inputs", OIP_PROTOBUF, bytes(ModelInferRequest.newBuilder()
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("a").setDatatype("FP64").addShape(1))
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("b").setDatatype("FP64").addShape(1))
                .addRawInputContents(ByteString.copyFrom(new byte[8])).build().toByteArray()), RejectReason.INVALID_TENSOR);
        serving(c, "oip protobuf: raw bytes that are no whole FP64", OIP_PROTOBUF, bytes(ModelInferRequest.newBuilder()
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("a").setDatatype("FP64").addShape(1))
                .addRawInputContents(ByteString.copyFrom(new byte[7])).build().toByteArray()), RejectReason.INVALID_TENSOR);
        serving(c, "oip protobuf: FP16 in typed contents", OIP_PROTOBUF, bytes(ModelInferRequest.newBuilder()
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("a").setDatatype("FP16").addShape(1)).build().toByteArray()),
                RejectReason.INVALID_TENSOR);
        serving(c, "kserve: no CloudEvent", KSERVE, value("{\"instances\":[[1,2]]}"), RejectReason.INVALID_ENVELOPE);
        serving(c, "kserve: another event type", KSERVE, "{\"topic\":\"t\",\"headers\":{\"ce_type\":\"com.example.other\","
                + "\"ce_inferenceservicename\":\"m\"},\"value\":{\"instances\":[[1,2]]}}", RejectReason.INVALID_ENVELOPE);
        serving(c, "kserve: a time that is no time", KSERVE, "{\"topic\":\"t\",\"headers\":{\"ce_type\":\"org.kubeflow.serving.inference.request\","
                + "\"ce_inferenceservicename\":\"m\",\"ce_time\":\"noon\"},\"value\":{\"instances\":[[1,2]]}}", RejectReason.INVALID_TIMESTAMP);
        serving(c, "kserve: no inference service", KSERVE, "{\"topic\":\"t\",\"headers\":{\"ce_type\":\"org.kubeflow.serving.inference.request\"},"
                + "\"value\":{\"instances\":[[1,2]]}}", RejectReason.MISSING_MODEL);
        serving(c, "kserve: structured without data", KSERVE, value("{\"specversion\":\"1.0\",\"type\":\"org.kubeflow.serving.inference.request\","
                + "\"inferenceservicename\":\"m\"}"), RejectReason.INVALID_ENVELOPE);
        serving(c, "kserve: structured data_base64 that is no base64", KSERVE, value("{\"specversion\":\"1.0\","
                + "\"type\":\"org.kubeflow.serving.inference.request\",\"inferenceservicename\":\"m\",\"data_base64\":\"%%%\"}"),
                RejectReason.INVALID_ENVELOPE);
        serving(c, "kserve: instances not an array", KSERVE, "{\"topic\":\"t\",\"headers\":{\"ce_type\":\"org.kubeflow.serving.inference.request\","
                + "\"ce_inferenceservicename\":\"m\"},\"value\":{\"instances\":{}}}", RejectReason.INVALID_TENSOR);
        serving(c, "kserve: an instance of other columns", KSERVE, "{\"topic\":\"t\",\"headers\":{\"ce_type\":"
                + "\"org.kubeflow.serving.inference.request\",\"ce_inferenceservicename\":\"m\"},\"value\":{\"instances\":[[1,2,3]]}}",
                RejectReason.INVALID_TENSOR);
        serving(c, "kserve: a prediction object, nothing configured", KSERVE, "{\"topic\":\"t\",\"headers\":{\"ce_type\":"
                + "\"org.kubeflow.serving.inference.response\",\"ce_inferenceservicename\":\"m\"},\"value\":{\"predictions\":[{\"y\":1}]}}",
                RejectReason.INVALID_TENSOR);
        serving(c, "seldon: a topic that is not a model's", "{pattern: '.*', format: seldon, encoding: json}", value("{\"inputs\":[{\"name\":\"a\","
                + "\"shape\":[1]," + f64 + ",\"data\":[1]}]}"), RejectReason.INVALID_ENVELOPE);
        serving(c, "seldon: a seldon-infer-type of no known kind", "{pattern: '.*', format: seldon}", "{\"topic\":\"s.d.model.m.inputs\","
                + "\"headers\":{\"seldon-infer-type\":\"xml/inferModelRequest\"},\"value\":{\"inputs\":[]}}", RejectReason.INVALID_ENVELOPE);
        serving(c, "mlserver: no mlserver-model header, no model_name", "{topic: t, format: mlserver}", value("{\"inputs\":[{\"name\":\"a\","
                + "\"shape\":[1]," + f64 + ",\"data\":[1]}]}"), RejectReason.MISSING_MODEL);
        return c;
    }

    private static void serving(List<BadServing> c, String name, String input, String envelope, RejectReason reason) {
        c.add(new BadServing(name, input, envelope, reason));
    }

    /** An envelope of topic t whose value is {@code text} as it is. */
    private static String value(String text) {
        return "{\"topic\":\"t\",\"timestamp\":1767603600000,\"value\":" + quote(text) + "}";
    }

    private static String bytes(byte[] value) {
        return "{\"topic\":\"t\",\"timestamp\":1767603600000,\"valueBase64\":\"" + java.util.Base64.getEncoder().encodeToString(value) + "\"}";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void add(List<Bad> c, String name, String value, RejectReason reason) {
        c.add(new Bad(name, null, value == null ? null : utf8(value), reason));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException();
    }
}
