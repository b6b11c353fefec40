package io.kdrift.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.config.ConfigLoader;
import io.kdrift.config.InputSettings;
import io.kdrift.event.FeatureValue;
import io.kdrift.event.InferencePart;
import io.kdrift.event.ParseResult;
import io.kdrift.event.PredictionEvent;
import io.kdrift.replay.Envelope;
import io.kdrift.testing.BadRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Serving layers' records as their specifications and documentation show them, and every kind of bad one. */
class ServingFormatReadTest {
    private static final EventParser PARSER = new EventParser();

    private static InputSettings input(String yaml) {
        return ConfigLoader.parse("inputs: [" + yaml + "]\n", "t.yaml").inputs().get(0);
    }

    private static InputFormat.Read parse(String inputYaml, String envelope) {
        Envelope e = Envelope.parse(envelope.getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> headers = new HashMap<>();
        e.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
        return InputFormats.of(input(inputYaml), PARSER).read(InputRecord.of(e.topic(), e.key(), headers, e.value(), e.timestamp()));
    }

    private static PredictionEvent accepted(ParseResult r) {
        assertTrue(r.isAccepted(), String.valueOf(r));
        return r.event();
    }

    /** KServe's logger sample (docs/samples/logger/basic): the sklearn-iris request and response, here in binary mode on Kafka. */
    @Test
    void kserveLoggerSampleInBinaryMode() {
        String headers = "\"ce_specversion\":\"1.0\",\"ce_source\":\"http://localhost:9081/\",\"ce_id\":\"0009174a-24a8-4603-b098-09c8799950e9\","
                + "\"ce_inferenceservicename\":\"sklearn-iris\",\"ce_namespace\":\"default\",\"ce_endpoint\":\"\",\"content-type\":\"application/json\"";
        InputFormat.Read request = parse("{topic: t, format: kserve}", "{\"topic\":\"t\",\"timestamp\":1,\"headers\":{" + headers
                + ",\"ce_type\":\"org.kubeflow.serving.inference.request\",\"ce_time\":\"2021-04-10T00:23:26.0789529Z\"},"
                + "\"value\":{\"instances\":[[6.8,2.8,4.8,1.4],[6.0,3.4,4.5,1.6]]}}");
        assertEquals(InferencePart.REQUEST, request.part());
        assertEquals(2, request.results().size());
        PredictionEvent first = accepted(request.results().get(0));
        assertEquals("sklearn-iris", first.model());
        assertEquals("0009174a-24a8-4603-b098-09c8799950e9/0", first.id(), "a row of a batch: <id>/<row>");
        assertEquals(Instant.parse("2021-04-10T00:23:26.078Z").toEpochMilli(), first.timestamp(), "ce_time, not the record timestamp");
        assertEquals(List.of("instances.0", "instances.1", "instances.2", "instances.3"), names(first));
        assertEquals(4.5, accepted(request.results().get(1)).featureNumber(2));
        InputFormat.Read response = parse("{topic: t, format: kserve}", "{\"topic\":\"t\",\"timestamp\":1,\"headers\":{" + headers
                + ",\"ce_type\":\"org.kubeflow.serving.inference.response\",\"ce_time\":\"2021-04-10T00:23:26.080736102Z\"},"
                + "\"value\":{\"predictions\":[1,1]}}");
        assertEquals(InferencePart.RESPONSE, response.part());
        PredictionEvent p = accepted(response.results().get(1));
        assertEquals(1.0, p.predictionNumber());
        assertEquals("0009174a-24a8-4603-b098-09c8799950e9/1", p.id());
    }

    /** MLServer's pandas codec (its docs' example): one input per column, strings as BYTES, the model in mlserver-model. */
    @Test
    void mlserverPandasCodecRequest() {
        InputFormat.Read h = parse("{topic: t, format: mlserver}", "{\"topic\":\"t\",\"key\":\"req-7\",\"timestamp\":1767603600000,"
                + "\"headers\":{\"mlserver-model\":\"people\",\"mlserver-version\":\"v1\"},\"value\":{\"parameters\":{\"content_type\":\"pd\"},"
                + "\"inputs\":[{\"name\":\"First Name\",\"datatype\":\"BYTES\",\"parameters\":{\"content_type\":\"str\"},\"shape\":[2],"
                + "\"data\":[\"Joanne\",\"Michael\"]},{\"name\":\"Age\",\"datatype\":\"INT32\",\"shape\":[2],\"data\":[34,22]}]}}");
        assertEquals(InferencePart.REQUEST, h.part());
        PredictionEvent michael = accepted(h.results().get(1));
        assertEquals("people", michael.model());
        assertEquals("req-7/1", michael.id(), "the key is the request id");
        assertEquals(1767603600000L, michael.timestamp(), "the record timestamp");
        assertEquals(List.of("First Name", "Age"), names(michael));
        assertEquals(FeatureValue.CATEGORY, michael.featureKind(0));
        assertEquals("Michael", michael.featureCategory(0));
        assertEquals(22.0, michael.featureNumber(1));
    }

    /** The protocol's request names the outputs it wants: it is still a request. A one-row record keeps its id. */
    @Test
    void anOipRequestThatNamesItsOutputsIsARequest() {
        InputFormat.Read h = parse("{topic: t, format: oip, model: m}", "{\"topic\":\"t\",\"timestamp\":5,\"value\":{\"id\":\"42\","
                + "\"inputs\":[{\"name\":\"input0\",\"shape\":[1,2],\"datatype\":\"UINT32\",\"data\":[1,2]},"
                + "{\"name\":\"input1\",\"shape\":[1],\"datatype\":\"BOOL\",\"data\":[true]}],\"outputs\":[{\"name\":\"output0\"}]}}");
        assertEquals(InferencePart.REQUEST, h.part());
        PredictionEvent e = accepted(h.results().get(0));
        assertEquals("42", e.id());
        assertEquals(List.of("input0.0", "input0.1", "input1"), names(e));
        assertEquals("true", e.featureCategory(2));
    }

    /**
     * An OIP request names no model (the URL path does): with no model given, it is read with none, to take its
     * response's; one without an id could never meet its response and is refused, saying so; with a model given, it has it.
     */
    @Test
    void anOipRequestThatNamesNoModelIsReadWithNoneToTakeItsResponsesWhenItHasAnId() {
        String request = "{\"topic\":\"t\",\"timestamp\":5,\"value\":{\"id\":\"42\","
                + "\"inputs\":[{\"name\":\"x\",\"shape\":[2],\"datatype\":\"FP64\",\"data\":[1.5,2.5]}]}}";
        InputFormat.Read h = parse("{topic: t, format: oip}", request);
        assertEquals(InferencePart.REQUEST, h.part());
        assertNull(accepted(h.results().get(0)).model());
        assertEquals("42/1", accepted(h.results().get(1)).id());
        assertEquals("m", accepted(parse("{topic: t, format: oip, model: m}", request).results().get(0)).model());
        ParseResult noId = parse("{topic: t, format: oip}", request.replace("\"id\":\"42\",", "")).results().get(0);
        assertEquals("missing_model", noId.rejection().reason().code());
        assertEquals("oip json request: the record names no model (no model_name, and no id to take its response's by): give the input a model",
                noId.rejection().detail());
        ParseResult response = parse("{topic: t, format: oip}", "{\"topic\":\"t\",\"timestamp\":5,\"value\":{\"id\":\"42\","
                + "\"outputs\":[{\"name\":\"y\",\"shape\":[1],\"datatype\":\"INT64\",\"data\":[1]}]}}").results().get(0);
        assertEquals("oip json response: the record names no model (no model_name): give the input a model", response.rejection().detail(),
                "a response must name its model: its request takes it");
    }

    /** Seldon's gateway names a record's encoding and part in seldon-infer-type: JSON on a topic read as protobuf. */
    @Test
    void seldonsTypeHeaderSaysTheEncodingAndThePart() {
        InputFormat.Read h = parse("{pattern: 'seldon\\..*', format: seldon}", "{\"topic\":\"seldon.prod.model.income.outputs\","
                + "\"key\":\"r-1\",\"timestamp\":7,\"headers\":{\"seldon-infer-type\":\"json/inferModelRequest\"},"
                + "\"value\":{\"inputs\":[{\"name\":\"age\",\"shape\":[1],\"datatype\":\"INT64\",\"data\":[39]}]}}");
        assertEquals(InferencePart.REQUEST, h.part(), "the header, not the topic's .outputs");
        PredictionEvent e = accepted(h.results().get(0));
        assertEquals("income", e.model(), "the model from the topic name");
        assertEquals("r-1", e.id());
        assertEquals(39.0, e.featureNumber(0));
    }

    @Test
    void aResponseOfOneOutputOfSeveralValuesARowIsProbabilitiesNamedByIndex() {
        InputFormat.Read h = parse("{topic: t, format: oip}", "{\"topic\":\"t\",\"timestamp\":5,\"value\":{\"model_name\":\"m\",\"id\":\"9\","
                + "\"outputs\":[{\"name\":\"output0\",\"shape\":[1,2],\"datatype\":\"FP32\",\"data\":[0.25,0.75]}]}}");
        PredictionEvent e = accepted(h.results().get(0));
        assertEquals(2, e.classCount());
        assertEquals("1", e.className(1));
        assertEquals(0.75, e.probability(1));
        assertNull(e.label());
    }

    @Test
    void everyKindOfBadRecordIsRejectedForItsReasonNamingTheFormat() {
        for (BadRecords.BadServing bad : BadRecords.servingLayers()) {
            InputFormat.Read h = parse(bad.input(), bad.envelope());
            assertEquals(1, h.results().size(), bad.name());
            ParseResult r = h.results().get(0);
            assertTrue(!r.isAccepted(), bad.name() + ": " + r);
            assertEquals(bad.reason(), r.rejection().reason(), bad.name() + ": " + r.rejection().detail());
            String format = input(bad.input()).format();
            assertTrue(r.rejection().detail().startsWith(format), bad.name() + ": " + r.rejection().detail());
        }
    }

    private static List<String> names(PredictionEvent e) {
        return java.util.stream.IntStream.range(0, e.featureCount()).mapToObj(e::featureName).toList();
    }
}
