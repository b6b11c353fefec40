package io.kdrift.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The shipped sample (examples/events.jsonl) as keyed records, with the number of valid events of each
 * model, and the check that a run scored every window once and counted every valid event once.
 */
public final class SampleTotals {
    /** Score records of the sample: 8 windows of 14 signals, log_loss and events. */
    public static final int SCORE_RECORDS = 128;
    private static final ObjectMapper JSON = new ObjectMapper();

    public final List<byte[][]> records = new ArrayList<>();
    private final Map<String, Integer> valid = new HashMap<>();

    public SampleTotals() {
        try {
            for (String line : Files.readAllLines(Path.of("examples/events.jsonl"))) {
                String model = line.startsWith("{\"model\":\"price-v1\"") ? "price-v1" : line.startsWith("{\"model\":\"churn-v3\"") ? "churn-v3" : null;
                // the sample's two bad events with a model: an unknown timestamp and probabilities summing to 1.4
                if (model != null && !line.contains("\"yesterday\"") && !line.contains("\"churn\":0.7}")) {
                    valid.merge(model, 1, Integer::sum);
                }
                records.add(new byte[][] {model == null ? null : model.getBytes(StandardCharsets.UTF_8), line.getBytes(StandardCharsets.UTF_8)});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The signals scored in each window start that has fewer than 16 score records (8 windows of 16 signals), for a failure message. */
    public static Map<String, List<String>> missing(List<ConsumerRecord<byte[], byte[]>> scores) throws IOException {
        Map<String, List<String>> byWindow = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : scores) {
            JsonNode n = JSON.readTree(r.value());
            byWindow.computeIfAbsent(n.get("windowStart").asText(), w -> new ArrayList<>()).add(n.get("model").asText() + "/" + n.get("signal").asText());
        }
        byWindow.values().removeIf(signals -> signals.size() == SCORE_RECORDS / 8);
        return byWindow;
    }

    /** Every window of every signal scored once; per signal, the current counts add up to the valid events. */
    public void assertExactlyOnce(List<ConsumerRecord<byte[], byte[]>> scores) throws IOException {
        Map<String, Integer> windows = new HashMap<>();
        Map<String, Double> counted = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : scores) {
            JsonNode n = JSON.readTree(r.value());
            String key = n.get("model").asText() + "/" + n.get("signal").asText();
            windows.merge(key + "@" + n.get("windowStart").asText(), 1, Integer::sum);
            counted.merge(key, n.get("currentCount").asDouble(), Double::sum);
        }
        windows.forEach((w, n) -> assertEquals(1, n, w + " scored " + n + " times"));
        assertEquals(SCORE_RECORDS, scores.size(), "8 windows of 14 signals, log_loss and events");
        assertEquals(valid.get("price-v1"), counted.get("price-v1/prediction").intValue(), "every valid price-v1 event counted once");
        assertEquals(valid.get("price-v1"), counted.get("price-v1/events").intValue());
        assertEquals(valid.get("churn-v3"), counted.get("churn-v3/prediction").intValue(), "every valid churn-v3 event counted once");
        assertEquals(valid.get("churn-v3"), counted.get("churn-v3/feature.plan").intValue());
        assertEquals(valid.get("churn-v3"), (int) Math.round(counted.get("churn-v3/probabilities")), "soft counts add up too");
    }
}
