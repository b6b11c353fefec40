package io.kdrift.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.kdrift.codec.oip.GrpcPredictV2.InferTensorContents;
import io.kdrift.codec.oip.GrpcPredictV2.ModelInferRequest;
import io.kdrift.codec.oip.GrpcPredictV2.ModelInferResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Iris predictions as each serving layer writes them, built from the specifications (not from kdrift's output): the
 * Open Inference Protocol's JSON (one input per feature as MLServer's pandas codec writes, or one [N, 4] input) and
 * protobuf messages (typed contents and raw little-endian contents), KServe's payload-logger CloudEvents in binary
 * mode (ce_ headers, a V1 body as in KServe's logger sample) and structured mode (a V2 body), MLServer's Kafka records
 * (mlserver-model header, the key the request id) and Seldon Core v2's topics. Each record is a replay envelope line
 * (docs/inputs.md): topic, key, headers, timestamp, value.
 */
public final class ServingRecords {
    public static final List<String> FEATURES = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
    public static final List<String> CLASSES = List.of("setosa", "versicolor", "virginica");
    public static final String MODEL = "iris";
    /** The tensor settings that read these records (docs/inputs.md): outputs predict and predict_proba, input-0's columns. */
    public static final String TENSORS = "tensors: {prediction: predict, probabilities: predict_proba, classes: [setosa, versicolor, virginica], "
            + "columns: {input-0: [sepal_length, sepal_width, petal_length, petal_width], "
            + "instances: [sepal_length, sepal_width, petal_length, petal_width]}}";
    /** A response is written this long after its request. */
    public static final long LATENCY_MS = 7;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServingRecords() {
    }

    /** One prediction: its id, the time it was asked for, four features, the class and the three probabilities. */
    public record Prediction(String id, long at, double[] features, String cls, double[] probabilities) {
    }

    /**
     * {@code n} predictions in requests of {@code batch} rows, each request at its own time (a batch shares it); the
     * petal length grows from the 60th percent of them on.
     */
    public static List<Prediction> predictions(int n, int batch, long seed) {
        return predictions(n, batch, seed, Instant.parse("2026-01-05T09:00:00Z").toEpochMilli());
    }

    /** The same, from {@code t0}. */
    public static List<Prediction> predictions(int n, int batch, long seed, long t0) {
        return predictions(n, batch, seed, t0, 800);
    }

    /** The same, {@code msPerPrediction} apart (a batch at the time of its first). */
    public static List<Prediction> predictions(int n, int batch, long seed, long t0, long msPerPrediction) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long at = t0 + (i / batch) * msPerPrediction * batch;
            boolean shifted = i > n * 6 / 10;
            double[] f = {round(4.5 + r.nextDouble() * 3), round(2 + r.nextDouble() * 2), round((shifted ? 4 : 1) + r.nextDouble() * 3),
                round(0.1 + r.nextDouble() * 2)};
            int cls = r.nextInt(3);
            double top = Math.round((0.5 + r.nextDouble() * 0.4) * 1000) / 1000.0;
            double second = Math.round((1 - top) * 0.6 * 1000) / 1000.0;
            double[] p = new double[3];
            p[cls] = top;
            p[(cls + 1) % 3] = second;
            p[(cls + 2) % 3] = 1 - top - second;
            out.add(new Prediction("req-" + i, at, f, CLASSES.get(cls), p));
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** kdrift's own shape. */
    public static String nativeLine(Prediction p) {
        return nativeLine(p, MODEL);
    }

    /** kdrift's own shape, of {@code model}. */
    public static String nativeLine(Prediction p, String model) {
        ObjectNode e = JSON.createObjectNode().put("model", model).put("id", p.id).put("timestamp", p.at).put("prediction", p.cls);
        ObjectNode probs = e.putObject("probabilities");
        for (int c = 0; c < 3; c++) {
            probs.put(CLASSES.get(c), p.probabilities[c]);
        }
        ObjectNode features = e.putObject("features");
        for (int j = 0; j < 4; j++) {
            features.put(FEATURES.get(j), p.features[j]);
        }
        return e.toString();
    }

    /** kdrift's own shape in an envelope of {@code topic}, for a replay of several inputs. */
    public static String nativeEnvelope(Prediction p, String topic) {
        try {
            return envelope(topic, null, null, p.at, JSON.readTree(nativeLine(p)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A replay envelope line (docs/inputs.md). */
    public static String envelope(String topic, String key, Map<String, String> headers, long timestamp, Object value) {
        ObjectNode e = JSON.createObjectNode();
        if (topic != null) {
            e.put("topic", topic);
        }
        if (key != null) {
            e.put("key", key);
        }
        if (headers != null && !headers.isEmpty()) {
            ObjectNode h = e.putObject("headers");
            headers.forEach(h::put);
        }
        e.put("timestamp", timestamp);
        if (value instanceof byte[] bytes) {
            e.put("valueBase64", Base64.getEncoder().encodeToString(bytes));
        } else {
            e.set("value", (ObjectNode) value);
        }
        return e.toString();
    }

    // ---- Open Inference Protocol, JSON

    /** An OIP JSON request of these predictions: one FP64 input per feature (shape [N]), or one [N, 4] input named input-0. */
    public static ObjectNode oipRequest(List<Prediction> ps, boolean columnPerFeature, boolean withId) {
        ObjectNode r = JSON.createObjectNode();
        if (withId) {
            r.put("id", ps.get(0).id);
        }
        ArrayNode inputs = r.putArray("inputs");
        if (columnPerFeature) {
            for (int j = 0; j < 4; j++) {
                ObjectNode t = inputs.addObject().put("name", FEATURES.get(j)).put("datatype", "FP64");
                t.putArray("shape").add(ps.size());
                ArrayNode data = t.putArray("data");
                for (Prediction p : ps) {
                    data.add(p.features[j]);
                }
            }
        } else {
            ObjectNode t = inputs.addObject().put("name", "input-0").put("datatype", "FP64");
            t.putArray("shape").add(ps.size()).add(4);
            ArrayNode rows = t.putArray("data"); // nested, row-major: the JSON protocol allows either
            for (Prediction p : ps) {
                ArrayNode row = rows.addArray();
                for (double f : p.features) {
                    row.add(f);
                }
            }
        }
        return r;
    }

    /** An OIP JSON response: output predict (BYTES, the class) and predict_proba (FP64 [N, 3], flat). */
    public static ObjectNode oipResponse(List<Prediction> ps, boolean withId) {
        return oipResponse(ps, withId, MODEL);
    }

    /** The same, of {@code model}. */
    public static ObjectNode oipResponse(List<Prediction> ps, boolean withId, String model) {
        ObjectNode r = JSON.createObjectNode().put("model_name", model).put("model_version", "1");
        if (withId) {
            r.put("id", ps.get(0).id);
        }
        ArrayNode outputs = r.putArray("outputs");
        ObjectNode predict = outputs.addObject().put("name", "predict").put("datatype", "BYTES");
        predict.putArray("shape").add(ps.size()).add(1);
        ArrayNode classes = predict.putArray("data");
        ObjectNode proba = outputs.addObject().put("name", "predict_proba").put("datatype", "FP64");
        proba.putArray("shape").add(ps.size()).add(3);
        ArrayNode data = proba.putArray("data");
        for (Prediction p : ps) {
            classes.add(p.cls);
            for (double v : p.probabilities) {
                data.add(v);
            }
        }
        return r;
    }

    /** Request then response of each batch of {@code batch} predictions on {@code topic}, each an envelope line. */
    public static List<String> oipJson(List<Prediction> all, int batch, String topic) {
        List<String> out = new ArrayList<>();
        for (List<Prediction> ps : batches(all, batch)) {
            out.add(envelope(topic, null, null, ps.get(0).at, oipRequest(ps, batch == 1, true)));
            out.add(envelope(topic, null, null, ps.get(0).at + LATENCY_MS, oipResponse(ps, true)));
        }
        return out;
    }

    // ---- Open Inference Protocol, protobuf

    /** A ModelInferRequest with one FP64 input [N, 4]: typed contents, or raw little-endian contents. */
    public static byte[] oipRequestProtobuf(List<Prediction> ps, boolean raw) {
        return oipRequestProtobuf(ps, raw, MODEL);
    }

    /** The same, of {@code model}: "" as a gateway that names the model in the URL path leaves it. */
    public static byte[] oipRequestProtobuf(List<Prediction> ps, boolean raw, String model) {
        ModelInferRequest.InferInputTensor.Builder t = ModelInferRequest.InferInputTensor.newBuilder().setName("input-0").setDatatype("FP64")
                .addShape(ps.size()).addShape(4);
        ModelInferRequest.Builder r = ModelInferRequest.newBuilder().setModelName(model).setId(ps.get(0).id);
        ByteBuffer bytes = ByteBuffer.allocate(ps.size() * 4 * 8).order(ByteOrder.LITTLE_ENDIAN);
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (Prediction p : ps) {
            for (double f : p.features) {
                bytes.putDouble(f);
                contents.addFp64Contents(f);
            }
        }
        if (raw) {
            r.addInputs(t).addRawInputContents(ByteString.copyFrom(bytes.array()));
        } else {
            r.addInputs(t.setContents(contents));
        }
        return r.build().toByteArray();
    }

    /** A ModelInferResponse: predict (BYTES [N, 1]) and predict_proba (FP64 [N, 3]), typed contents. */
    public static byte[] oipResponseProtobuf(List<Prediction> ps) {
        return oipResponseProtobuf(ps, MODEL);
    }

    /** The same, of {@code model}. */
    public static byte[] oipResponseProtobuf(List<Prediction> ps, String model) {
        InferTensorContents.Builder classes = InferTensorContents.newBuilder();
        InferTensorContents.Builder proba = InferTensorContents.newBuilder();
        for (Prediction p : ps) {
            classes.addBytesContents(ByteString.copyFromUtf8(p.cls));
            for (double v : p.probabilities) {
                proba.addFp64Contents(v);
            }
        }
        return ModelInferResponse.newBuilder().setModelName(model).setId(ps.get(0).id)
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("predict").setDatatype("BYTES").addShape(ps.size()).addShape(1)
                        .setContents(classes))
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("predict_proba").setDatatype("FP64").addShape(ps.size())
                        .addShape(3).setContents(proba))
                .build().toByteArray();
    }

    /** Requests on {@code requests}, responses on {@code responses}, protobuf. */
    public static List<String> oipProtobuf(List<Prediction> all, int batch, String requests, String responses, boolean raw) {
        List<String> out = new ArrayList<>();
        for (List<Prediction> ps : batches(all, batch)) {
            out.add(envelope(requests, null, null, ps.get(0).at, oipRequestProtobuf(ps, raw)));
            out.add(envelope(responses, null, null, ps.get(0).at + LATENCY_MS, oipResponseProtobuf(ps)));
        }
        return out;
    }

    // ---- a gateway of several models

    /** The model of batch {@code k} of a gateway of {@code models}: each in turn. */
    public static String gatewayModel(List<String> models, int k) {
        return models.get(k % models.size());
    }

    /**
     * What a gateway of several models writes: batch k of {@code batch} predictions for model k mod models, every other
     * batch as OIP JSON on gw-requests / gw-responses (a request names no model: the URL path did), the others as OIP
     * protobuf on gwpb-requests / gwpb-responses with an empty model_name in the request; one batch in two with the
     * response written before its request (a logger's two writes race).
     */
    public static List<String> gateway(List<Prediction> all, int batch, List<String> models) {
        List<String> out = new ArrayList<>();
        List<List<Prediction>> batches = batches(all, batch);
        for (int k = 0; k < batches.size(); k++) {
            List<Prediction> ps = batches.get(k);
            String model = gatewayModel(models, k);
            long at = ps.get(0).at;
            String request;
            String response;
            if (k % 2 == 0) {
                request = envelope("gw-requests", null, null, at, oipRequest(ps, false, true));
                response = envelope("gw-responses", null, null, at + LATENCY_MS, oipResponse(ps, true, model));
            } else {
                request = envelope("gwpb-requests", null, null, at, oipRequestProtobuf(ps, k % 4 == 1, ""));
                response = envelope("gwpb-responses", null, null, at + LATENCY_MS, oipResponseProtobuf(ps, model));
            }
            boolean responseFirst = (k / 2) % 2 == 1;
            out.add(responseFirst ? response : request);
            out.add(responseFirst ? request : response);
        }
        return out;
    }

    /** kdrift's own shape of what {@link #gateway} writes: each prediction of its batch's model. */
    public static List<String> gatewayNative(List<Prediction> all, int batch, List<String> models) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            out.add(nativeLine(all.get(i), gatewayModel(models, i / batch)));
        }
        return out;
    }

    // ---- KServe payload logger

    /** CloudEvent attributes as KServe's logger sets them, as binary-mode Kafka headers (ce_ + attribute). */
    private static Map<String, String> ceHeaders(String id, String type, long time) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ce_specversion", "1.0");
        h.put("ce_id", id);
        h.put("ce_type", "org.kubeflow.serving.inference." + type);
        h.put("ce_source", "http://localhost:9081/");
        h.put("ce_time", Instant.ofEpochMilli(time).toString());
        h.put("ce_inferenceservicename", MODEL);
        h.put("ce_namespace", "default");
        h.put("ce_endpoint", "");
        h.put("content-type", "application/json");
        return h;
    }

    /** Binary mode, V1 payloads: {"instances": [[...], ...]} and {"predictions": [{"predict": class, "predict_proba": [...]}]}. */
    public static List<String> kserveBinary(List<Prediction> all, int batch, String topic) {
        List<String> out = new ArrayList<>();
        for (List<Prediction> ps : batches(all, batch)) {
            ObjectNode request = JSON.createObjectNode();
            ArrayNode instances = request.putArray("instances");
            ObjectNode response = JSON.createObjectNode();
            ArrayNode predictions = response.putArray("predictions");
            for (Prediction p : ps) {
                ArrayNode row = instances.addArray();
                for (double f : p.features) {
                    row.add(f);
                }
                ObjectNode prediction = predictions.addObject().put("predict", p.cls);
                ArrayNode proba = prediction.putArray("predict_proba");
                for (double v : p.probabilities) {
                    proba.add(v);
                }
            }
            String id = ps.get(0).id;
            out.add(envelope(topic, null, ceHeaders(id, "request", ps.get(0).at), ps.get(0).at + 1, request));
            out.add(envelope(topic, null, ceHeaders(id, "response", ps.get(0).at + LATENCY_MS), ps.get(0).at + LATENCY_MS + 1, response));
        }
        return out;
    }

    /** Structured mode (application/cloudevents+json), V2 payloads in 'data'. */
    public static List<String> kserveStructured(List<Prediction> all, int batch, String topic) {
        List<String> out = new ArrayList<>();
        for (List<Prediction> ps : batches(all, batch)) {
            for (String type : List.of("request", "response")) {
                long time = ps.get(0).at + (type.equals("request") ? 0 : LATENCY_MS);
                ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", ps.get(0).id)
                        .put("type", "org.kubeflow.serving.inference." + type).put("source", "http://localhost:9081/")
                        .put("time", Instant.ofEpochMilli(time).toString()).put("datacontenttype", "application/json")
                        .put("inferenceservicename", MODEL).put("namespace", "default");
                event.set("data", type.equals("request") ? oipRequest(ps, batch == 1, false) : oipResponse(ps, false));
                out.add(envelope(topic, null, Map.of("content-type", "application/cloudevents+json"), time + 1, event));
            }
        }
        return out;
    }

    // ---- MLServer, Seldon Core v2

    /** MLServer's Kafka server: the key the request id, the model in the mlserver-model header, OIP JSON without ids. */
    public static List<String> mlserver(List<Prediction> all, int batch, String requests, String responses) {
        List<String> out = new ArrayList<>();
        for (List<Prediction> ps : batches(all, batch)) {
            Map<String, String> headers = Map.of("mlserver-model", MODEL, "mlserver-version", "1");
            out.add(envelope(requests, ps.get(0).id, headers, ps.get(0).at, oipRequest(ps, batch == 1, false)));
            out.add(envelope(responses, ps.get(0).id, headers, ps.get(0).at + LATENCY_MS, oipResponse(ps, false)));
        }
        return out;
    }

    /** Seldon Core v2: seldon.default.model.iris.inputs / .outputs, keyed by request id, protobuf (raw request contents). */
    public static List<String> seldon(List<Prediction> all, int batch) {
        List<String> out = new ArrayList<>();
        for (List<Prediction> ps : batches(all, batch)) {
            out.add(envelope("seldon.default.model.iris.inputs", ps.get(0).id, null, ps.get(0).at, oipRequestProtobuf(ps, true)));
            out.add(envelope("seldon.default.model.iris.outputs", ps.get(0).id, null, ps.get(0).at + LATENCY_MS, oipResponseProtobuf(ps)));
        }
        return out;
    }

    /**
     * Each batch of ten in the next of seven formats: kdrift's own (topic predictions), OIP JSON in batches and one row a
     * record (oip), OIP protobuf (oip-requests, oip-responses), KServe binary (kserve), MLServer (mlserver-requests,
     * mlserver-responses), Seldon (seldon.default.model.iris.inputs, .outputs): every input of one application is read.
     */
    public static List<String> mixed(List<Prediction> all) {
        List<String> out = new ArrayList<>();
        List<List<Prediction>> batches = batches(all, 10);
        for (int i = 0; i < batches.size(); i++) {
            List<Prediction> b = batches.get(i);
            out.addAll(switch (i % 7) {
                case 0 -> b.stream().map(p -> nativeEnvelope(p, "predictions")).toList();
                case 1 -> oipJson(b, 10, "oip");
                case 2 -> oipJson(b, 1, "oip");
                case 3 -> oipProtobuf(b, 10, "oip-requests", "oip-responses", false);
                case 4 -> kserveBinary(b, 10, "kserve");
                case 5 -> mlserver(b, 10, "mlserver-requests", "mlserver-responses");
                default -> seldon(b, 10);
            });
        }
        return out;
    }

    /** The predictions in requests of {@code batch}: consecutive ones, which share their time. */
    public static List<List<Prediction>> batches(List<Prediction> all, int batch) {
        List<List<Prediction>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += batch) {
            out.add(all.subList(i, Math.min(i + batch, all.size())));
        }
        return out;
    }
}
