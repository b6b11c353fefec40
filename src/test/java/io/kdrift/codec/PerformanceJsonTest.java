package io.kdrift.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.result.EstimateField;
import io.kdrift.result.EstimatedPerformance;
import io.kdrift.result.PerformanceField;
import io.kdrift.result.PerformanceRecord;
import io.kdrift.result.ScoreField;
import io.kdrift.testing.PerformanceRecords;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The performance fields that alert rules and gauges read are the performance record's JSON fields, at their paths. */
class PerformanceJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyFieldThatIsNotDerivedIsTheJsonValueAtItsPath() throws Exception {
        PerformanceRecord r = PerformanceRecords.everyField("m");
        JsonNode json = JSON.readTree(PerformanceJson.toJson(r));
        for (PerformanceField f : PerformanceField.values()) {
            JsonNode node = json.at("/" + f.jsonName().replace('.', '/'));
            if (f.gauge() == null) {
                assertTrue(node.isMissingNode(), f + " is derived, not written");
                continue;
            }
            if (node.isBoolean()) {
                assertEquals(f.value(r), node.booleanValue() ? 1.0 : 0.0, 0.0, f.jsonName() + ": 1 for true");
                continue;
            }
            assertTrue(node.isNumber(), f.jsonName() + " in " + json);
            assertEquals(f.value(r), node.doubleValue(), 0.0, f.jsonName());
        }
        // the derived ones, from the JSON
        assertEquals(0.9 - 0.8125, PerformanceField.ACCURACY_DROP.value(r), 1e-15);
        assertEquals(0.61234 - 0.4, PerformanceField.LOG_LOSS_INCREASE.value(r), 1e-15);
        assertEquals(1234.5 / 1000, PerformanceField.MEAN_ABSOLUTE_ERROR_RATIO.value(r), 1e-15);
    }

    /** Every estimate field is the JSON value at its path in an estimated record, and every name is the estimate's own. */
    @Test
    void everyEstimateFieldIsTheJsonValueAtItsPath() throws Exception {
        EstimatedPerformance.Estimate e = new EstimatedPerformance.Estimate(0.8125, 0.0123);
        EstimatedPerformance r = new EstimatedPerformance("m", 0, 60_000, io.kdrift.result.ScoreStatus.OK, 3, 1000, 8760, e,
                new EstimatedPerformance.Estimate(0.41, 0.02), new EstimatedPerformance.Estimate(0.25, 0.01),
                new EstimatedPerformance.Estimate(0.7777, 0.03), java.util.Map.of("fraud", new EstimatedPerformance.PerClass(e, e, e, 40.5)),
                java.util.Map.of("fraud", java.util.Map.of("fraud", 32.5, "ok", 8.0)), 0.9, 0.9 - 0.8125, 5.5,
                new io.kdrift.result.ClassificationMetrics(8760, 0.9, 0.35, 0.2, 0.03, 0.81, java.util.Map.of()));
        JsonNode json = JSON.readTree(PerformanceJson.toJson(r));
        assertEquals("estimated", json.get("kind").asText());
        for (EstimateField f : EstimateField.values()) {
            JsonNode node = json.at("/" + f.jsonName().replace('.', '/'));
            assertTrue(node.isNumber(), f.jsonName() + " in " + json);
            assertEquals(f.value(r), node.doubleValue(), 0.0, f.jsonName());
            assertTrue(f.jsonName().startsWith("estimated.") && PerformanceField.byName(f.jsonName()) == null
                    && ScoreField.byName(f.jsonName()) == null, f.jsonName());
        }
        assertEquals(0.8125 + 1.959963984540054 * 0.0123, json.at("/estimated/accuracyHigh").asDouble(), 1e-15);
        assertEquals(40.5, json.at("/estimated/perClass/fraud/support").asDouble());
        assertEquals(8.0, json.at("/estimated/confusion/fraud/ok").asDouble(), "predicted fraud, expected label ok");
        assertEquals(0.35, json.at("/estimated/referenceLogLoss").asDouble(), "the reference's realized log loss beside the estimate's");
    }

    @Test
    void noPerformanceFieldIsAlsoAScoreField() {
        Set<String> both = new HashSet<>(PerformanceField.names());
        both.retainAll(ScoreField.names());
        assertEquals(Set.of(), both, "a rule's conditions must say which records it judges");
        assertFalse(PerformanceField.names().isEmpty());
    }
}
