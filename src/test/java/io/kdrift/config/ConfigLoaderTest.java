package io.kdrift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.result.JudgedRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "kdrift.yaml")).getMessage();
    }

    @Test
    void anEmptyFileGivesTheDefaults() {
        KdriftConfig c = ConfigLoader.parse("", "empty.yaml");
        assertEquals(Duration.ofMinutes(5), c.window().size());
        assertEquals(Duration.ofSeconds(30), c.window().grace());
        assertEquals(ReferenceMode.ROLLING, c.reference().mode());
        assertEquals(12, c.reference().windows());
        assertEquals(0.5, c.scoring().alpha());
        assertEquals("predictions", c.topics().input());
        assertEquals("drift-scores", c.topics().scores());
        assertEquals("predictions-dlq", c.topics().deadLetter());
        assertEquals(50, c.maxCategories("any"));
        assertTrue(c.numericBinning("any", "feature.x").isQuantile());
        assertEquals("uniform", c.numericBinning("any", "confidence").type());
    }

    @Test
    void readsTheShippedSampleConfig() {
        KdriftConfig c = ConfigLoader.load(Path.of("examples/kdrift.yaml"));
        assertEquals(Duration.ofMinutes(1), c.window().size());
        assertEquals(3, c.reference().windows());
        assertEquals(List.of(0.0, 100000.0, 150000.0, 200000.0, 250000.0, 300000.0, 400000.0),
                c.numericBinning("price-v1", "prediction").edges());
        assertTrue(c.numericBinning("churn-v3", "prediction").isQuantile());
    }

    @Test
    void perModelBinningWinsOverTheGlobalOne() {
        KdriftConfig c = ConfigLoader.parse("""
                binning:
                  numeric: {type: quantile, bins: 5, sample: 100}
                  signals:
                    feature.amount: {type: uniform, min: 0, max: 100, bins: 4}
                models:
                  fraud-v2:
                    binning:
                      numeric: {type: uniform, min: -1, max: 1, bins: 2}
                      maxCategories: 7
                      signals:
                        feature.amount: {type: edges, edges: [0, 10, 1000]}
                """, "t.yaml");
        assertEquals("edges", c.numericBinning("fraud-v2", "feature.amount").type());
        assertEquals("uniform", c.numericBinning("other", "feature.amount").type());
        assertEquals(2, c.numericBinning("fraud-v2", "feature.age").bins());
        assertEquals(5, c.numericBinning("other", "feature.age").bins());
        assertEquals(7, c.maxCategories("fraud-v2"));
        assertEquals(50, c.maxCategories("other"));
    }

    @Test
    void aModelCanBePinnedWhileTheOthersRoll() {
        KdriftConfig c = ConfigLoader.parse("""
                models:
                  fraud-v2:
                    reference: {mode: pinned}
                """, "t.yaml");
        assertEquals(ReferenceMode.PINNED, c.reference("fraud-v2").mode());
        assertEquals(ReferenceMode.ROLLING, c.reference("other").mode());
        assertTrue(c.usesPinnedReference());
        assertEquals("drift-reference", c.topics().reference());
        assertFalse(ConfigLoader.parse("", "t.yaml").usesPinnedReference());
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        KdriftConfig c = ConfigLoader.parse("window: {size: 90s, grace: 500ms, idleAfter: PT2M}", "t.yaml");
        assertEquals(Duration.ofSeconds(90), c.window().size());
        assertEquals(Duration.ofMillis(500), c.window().grace());
        assertEquals(Duration.ofMinutes(2), c.window().idleAfter());
    }

    @Test
    void anUnknownFieldIsNamedWithItsLine() {
        String msg = error("""
                window:
                  size: 5m
                  gracee: 30s
                """);
        assertTrue(msg.startsWith("kdrift.yaml:3:3: window.gracee: unknown field \"gracee\""), msg);
        assertTrue(msg.contains("known fields: grace, idleAfter, maxAhead, size"), msg);
    }

    @Test
    void aBadValueIsNamedWithItsLineAndWhatIsWrong() {
        String msg = error("""
                scoring:
                  minCount: 10
                  alpha: 0
                """);
        assertTrue(msg.startsWith("kdrift.yaml:3:3: scoring.alpha: must be a finite number above 0"), msg);
    }

    @Test
    void theLivePagesSettingsAreCheckedAndNamed() {
        KdriftConfig d = ConfigLoader.parse("", "kdrift.yaml");
        assertEquals(null, d.http().advertisedHost());
        assertEquals(48, d.http().recentWindows());
        KdriftConfig c = ConfigLoader.parse("http:\n  port: 8081\n  advertisedHost: 10.0.3.7\n  recentWindows: 0\n", "k.yaml");
        assertEquals("10.0.3.7", c.http().advertisedHost());
        assertEquals(0, c.http().recentWindows());
        assertEquals("10.1.2.3", ConfigLoader.parse("", "k.yaml", java.util.Map.of("KDRIFT_ADVERTISED_HOST", "10.1.2.3")).http().advertisedHost());
        assertEquals("kdrift.yaml:3:3: http.advertisedHost: must be a host name or an address, got 'pod 7'",
                error("http:\n  port: 8081\n  advertisedHost: pod 7\n"));
        assertTrue(error("http:\n  port: 0\n  advertisedHost: kdrift-0\n").matches(
                "kdrift\\.yaml:\\d+:\\d+: http\\.advertisedHost: needs a fixed http\\.port .*"), error("http:\n  port: 0\n  advertisedHost: kdrift-0\n"));
        assertEquals("kdrift.yaml:2:3: http.recentWindows: must be between 0 and 10000, got -1", error("http:\n  recentWindows: -1\n"));
    }

    @Test
    void verdictHoldSegmentAndRebaselineSettingsAreCheckedAndNamed() {
        KdriftConfig d = ConfigLoader.parse("", "kdrift.yaml");
        assertEquals(1e-4, d.scoring().familyWiseLevel());
        assertEquals(0.1, d.scoring().driftPsi());
        assertEquals(false, d.http().allowRebaseline());
        assertEquals("drift-verdicts", d.topics().verdicts());
        assertEquals(List.of(), d.segments());
        assertTrue(d.alerts().rules().stream().filter(r -> r.records() != JudgedRecords.PERFORMANCE && r.records() != JudgedRecords.ESTIMATES)
                        .allMatch(RuleSettings::holdReference),
                "every drift rule holds the reference by default");
        assertTrue(d.alerts().rules().stream().filter(r -> r.records() == JudgedRecords.PERFORMANCE).noneMatch(RuleSettings::holdReference));
        String msg = error("scoring:\n  familyWiseLevel: 1.5\n");
        assertTrue(msg.startsWith("kdrift.yaml:2:3: scoring.familyWiseLevel: must be between 0 and 1"), msg);
        msg = error("alerts:\n  rules:\n    - name: A\n      conditions: [{metric: classification.accuracyDrop, above: 0.1}]\n      holdReference: true\n");
        assertTrue(msg.startsWith("kdrift.yaml:5:7: alerts.rules[0].holdReference: applies to rules on score fields or verdicts"), msg);
        msg = error("alerts:\n  rules:\n    - name: A\n      conditions: [{metric: signalsDrifted, above: 0}, {metric: kl, above: 0.1}]\n");
        assertTrue(msg.contains("alerts.rules[0].conditions: mixes fields of score records, performance records and model verdicts"), msg);
        msg = error("segments:\n  - {feature: region, header: x-tenant}\n");
        assertTrue(msg.startsWith("kdrift.yaml:2:6: segments[0].feature: give exactly one of feature or header"), msg);
        msg = error("segments:\n  - {header: \"x tenant\"}\n");
        assertTrue(msg.startsWith("kdrift.yaml:2:6: segments[0].header: \"x tenant\" is not 1-64 of [A-Za-z0-9._:-]"), msg);
        msg = error("segments:\n  - {feature: region, max: 0}\n");
        assertTrue(msg.startsWith("kdrift.yaml:2:23: segments[0].max: must be between 1 and 1000"), msg);
        msg = error("segments:\n  - {feature: region}\n  - {header: region}\n");
        assertTrue(msg.contains("segments: two segment keys are named region"), msg);
        KdriftConfig c = ConfigLoader.parse("segments: [{feature: region, models: [\"churn-*\"], max: 5}]\nhttp: {allowRebaseline: true}\n", "k.yaml");
        assertEquals("region", c.segments().get(0).name());
        assertEquals(5, c.segments().get(0).max());
        assertEquals(true, c.http().allowRebaseline());
    }

    @Test
    void labelSettingsAreCheckedAndNamed() {
        assertTrue(error("labels:\n  topics: [\"drift labels\"]\n").startsWith("kdrift.yaml:2:3: labels.topics:"));
        String msg = error("labels:\n  topics: [drift-labels]\n  horizon: 10ms\n");
        assertTrue(msg.startsWith("kdrift.yaml:3:3: labels.horizon: must be a duration of at least 1s"), msg);
        KdriftConfig c = ConfigLoader.parse("labels: {topics: [a, b], horizon: 30d}\n", "kdrift.yaml");
        assertEquals(List.of("a", "b"), c.labels().topics());
        assertEquals(Duration.ofDays(30), c.labels().horizon());
        assertEquals(Duration.ofMinutes(10), c.labels().waitForPrediction());
        assertEquals(false, ConfigLoader.parse("{}\n", "kdrift.yaml").labels().enabled());
        assertEquals(null, c.labels().mapping(), "kdrift's own label shape");
    }

    @Test
    void anInputOfAnotherShapeIsMappedAndEachMistakeIsNamed() {
        KdriftConfig c = ConfigLoader.parse("""
                inputs:
                  - topic: scores-v2
                    format: mapping
                    mapping: {model: {constant: fraud-v2}, prediction: /rows/*/score, feature: {amount: /rows/*/amount}}
                """, "kdrift.yaml");
        assertEquals(List.of("scores-v2"), c.inputs().get(0).namedTopics());
        assertEquals("/rows", c.inputs().get(0).mapping().batch());
        KdriftConfig defaults = ConfigLoader.parse("topics: {input: preds}\n", "kdrift.yaml");
        assertEquals("kdrift", defaults.inputs().get(0).format());
        assertEquals(List.of("preds"), defaults.inputs().get(0).namedTopics(), "topics.input is the default input's topic");
        String twoArrays = error("inputs:\n- format: mapping\n  mapping:\n    model: /m\n    prediction: /a/*/y\n    label: /b/*/t\n");
        assertTrue(twoArrays.startsWith("kdrift.yaml:6:5:") && twoArrays.contains("inputs[0].mapping.label")
                && twoArrays.contains("reads the elements of /b, another pointer those of /a"), twoArrays);
        String noModel = error("inputs:\n- format: mapping\n  mapping: {prediction: /y}\n");
        assertTrue(noModel.contains("inputs[0].mapping.model: is required"), noModel);
        String noMapping = error("inputs:\n- format: mapping\n");
        assertTrue(noMapping.contains("inputs[0].mapping: is required with format mapping"), noMapping);
        String format = error("inputs:\n- format: avro\n");
        assertTrue(format.startsWith("kdrift.yaml:2:") && format.contains("\"avro\" is not one of kdrift, mapping, oip, kserve, mlserver, seldon"),
                format);
        String twice = error("inputs:\n- {topic: a}\n- {topic: a, format: kserve}\n");
        assertTrue(twice.contains("inputs: topic a is read by two inputs"), twice);
        String constant = error("inputs:\n- format: mapping\n  mapping: {model: /m, prediction: {constant: x}}\n");
        assertTrue(constant.contains("inputs[0].mapping.prediction: must be a JSON Pointer; only the model may be a constant"), constant);
    }

    @Test
    void servingLayerInputsHaveTheirOwnSettingsAndEachMistakeIsNamed() {
        KdriftConfig c = ConfigLoader.parse("""
                inputs:
                  - topic: predictions
                  - pattern: 'seldon\\.prod\\.model\\..*'
                    format: seldon
                  - topics: [oip-requests, oip-responses]
                    format: oip
                    model: iris
                    joinWindow: 30s
                    tensors: {prediction: predict, probabilities: predict_proba, classes: [a, b]}
                """, "kdrift.yaml");
        assertEquals(3, c.inputs().size());
        assertEquals("protobuf", c.inputs().get(1).encoding(), "Seldon writes protobuf to Kafka");
        assertTrue(c.inputs().get(1).reads("seldon.prod.model.iris.inputs"));
        assertEquals(Duration.ofSeconds(30), c.inputs().get(2).joinWindow());
        assertEquals(Duration.ofSeconds(30), c.inputs().get(1).joinWindow());
        assertEquals("json", c.inputs().get(2).encoding());
        assertTrue(c.joinsRequests());
        String protobufWithoutPart = error("inputs:\n- {topic: a, format: oip, encoding: protobuf}\n");
        assertTrue(protobufWithoutPart.startsWith("kdrift.yaml:2:") && protobufWithoutPart.contains("inputs[0].part: is required with encoding protobuf"),
                protobufWithoutPart);
        String notForKdrift = error("inputs:\n- {topic: a, joinWindow: 1m}\n");
        assertTrue(notForKdrift.contains("inputs[0].joinWindow: does not apply to this format"), notForKdrift);
        String badPattern = error("inputs:\n- {pattern: 'a[', format: seldon}\n");
        assertTrue(badPattern.contains("inputs[0].pattern: \"a[\" is not a regular expression"), badPattern);
        String two = error("inputs:\n- {topic: a, pattern: b}\n");
        assertTrue(two.contains("give one of topic, topics, pattern"), two);
        String model = error("inputs:\n- {topic: a, format: kserve, model: 'a b'}\n");
        assertTrue(model.contains("inputs[0].model: \"a b\" is not a model id"), model);
        assertTrue(c.inputs().get(2).joinsById() == false && c.inputs().get(1).joinsById() == false, "a model given, or named by the format");
        assertTrue(ConfigLoader.parse("inputs:\n- {topic: gw, format: oip}\n", "kdrift.yaml").inputs().get(0).joinsById(),
                "an OIP input without a model: each request takes its response's");
        String pair = error("inputs:\n- {topic: a, format: oip, encoding: protobuf, part: request, model: iris}\n"
                + "- {topic: b, format: oip, encoding: protobuf, part: response}\n");
        assertTrue(pair.startsWith("kdrift.yaml:") && pair.contains("inputs: the oip protobuf inputs of part request and part response are joined"
                + " with each other: give both the same model, or neither"), pair);
    }

    @Test
    void aLabelMappingIsJsonPointersOrAConstantModelAndEachMistakeIsNamed() {
        KdriftConfig c = ConfigLoader.parse("""
                labels:
                  topics: [outcomes]
                  mapping:
                    model: {constant: churn-v3}
                    id: /request/id
                    label: /outcome/0/class
                """, "kdrift.yaml");
        assertEquals(FieldSource.constant("churn-v3"), c.labels().mapping().model());
        assertEquals("/request/id", c.labels().mapping().id().pointer());
        assertEquals(null, c.labels().mapping().timestamp());
        String notAPointer = error("labels:\n  topics: [outcomes]\n  mapping:\n    id: request_id\n    label: /outcome\n");
        assertTrue(notAPointer.startsWith("kdrift.yaml:4:") && notAPointer.contains("labels.mapping.id")
                && notAPointer.contains("\"request_id\" is not a JSON Pointer (RFC 6901): it starts with /"), notAPointer);
        String noLabel = error("labels:\n  topics: [outcomes]\n  mapping:\n    id: /id\n");
        assertTrue(noLabel.startsWith("kdrift.yaml:3:") && noLabel.contains("labels.mapping.label: is required"), noLabel);
        String constantId = error("labels:\n  topics: [outcomes]\n  mapping:\n    id: {constant: x}\n    label: /l\n");
        assertTrue(constantId.contains("labels.mapping.id: must be a JSON Pointer, not a constant"), constantId);
        String badModel = error("labels:\n  topics: [outcomes]\n  mapping:\n    id: /id\n    label: /l\n    model: {constant: \"a b\"}\n");
        assertTrue(badModel.contains("labels.mapping.model") && badModel.contains("is not a model id"), badModel);
    }

    @Test
    void aBadDurationIsNamed() {
        String msg = error("window:\n  size: five minutes\n");
        assertTrue(msg.startsWith("kdrift.yaml:2:3: window.size:"), msg);
        assertTrue(msg.contains("not a duration"), msg);
    }

    @Test
    void aWrongTypeIsNamed() {
        String msg = error("reference:\n  windows: many\n");
        assertTrue(msg.startsWith("kdrift.yaml:2:3: reference.windows:"), msg);
    }

    @Test
    void anInvalidBinningInsideAMapIsNamedByItsFullPath() {
        String msg = error("""
                binning:
                  signals:
                    feature.amount:
                      type: edges
                      edges: [0, 10, 5]
                """);
        assertTrue(msg.startsWith("kdrift.yaml:5:7: binning.signals[\"feature.amount\"].edges: edges must be strictly increasing"), msg);
    }

    @Test
    void aMissingRequiredFieldPointsAtItsObject() {
        String msg = error("""
                binning:
                  numeric:
                    type: uniform
                    bins: 10
                """);
        assertTrue(msg.startsWith("kdrift.yaml:2:3: binning.numeric.min: is required"), msg);
    }

    @Test
    void anUnknownReferenceModeListsTheKnownOnes() {
        String msg = error("reference: {mode: sliding}");
        assertTrue(msg.contains("reference.mode"), msg);
        assertTrue(msg.contains("rolling, fixed"), msg);
    }

    @Test
    void brokenYamlGivesItsLine() {
        String msg = error("window:\n  size: [5m\n");
        assertTrue(msg.startsWith("kdrift.yaml:"), msg);
        assertTrue(msg.contains("invalid YAML"), msg);
    }

    @Test
    void aMissingFileIsSaidPlainly() {
        String msg = assertThrows(ConfigException.class, () -> ConfigLoader.load(Path.of("no/such/kdrift.yaml"))).getMessage();
        assertEquals("no/such/kdrift.yaml: configuration file not found", msg);
    }

    @Test
    void anInvalidModelIdInOverridesIsNamed() {
        String msg = error("models:\n  \"bad model\":\n    binning: {maxCategories: 3}\n");
        assertTrue(msg.contains("models"), msg);
        assertTrue(msg.contains("bad model"), msg);
    }

    @Test
    void environmentVariablesOverrideTheCommonSettings() {
        KdriftConfig c = ConfigLoader.parse("kafka:\n  bootstrap.servers: a:9092\n  security.protocol: SASL_SSL\nhttp: {port: 1}\n", "t.yaml",
                java.util.Map.of("KDRIFT_BOOTSTRAP_SERVERS", "b:9093", "KDRIFT_APPLICATION_ID", "kdrift-prod",
                        "KDRIFT_METRICS_PORT", "9400", "KDRIFT_INPUT_TOPIC", "preds"));
        assertEquals("b:9093", c.kafka().get("bootstrap.servers"));
        assertEquals("kdrift-prod", c.kafka().get("application.id"));
        assertEquals("SASL_SSL", c.kafka().get("security.protocol"), "other Kafka settings pass through");
        assertEquals(9400, c.http().port());
        assertEquals("preds", c.topics().input());
    }

    @Test
    void aBadEnvironmentValueNamesTheVariable() {
        String msg = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("", "t.yaml", java.util.Map.of("KDRIFT_METRICS_PORT", "eighty"))).getMessage();
        assertEquals("environment variable KDRIFT_METRICS_PORT: \"eighty\" is not a port number", msg);
    }
}
