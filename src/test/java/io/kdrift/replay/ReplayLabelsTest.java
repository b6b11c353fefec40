package io.kdrift.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code kdrift replay --labels}: labels read with the events in time order, every window's performance at the end. */
class ReplayLabelsTest {
    private static final long T0 = 1_767_600_000_000L;
    private static final KdriftConfig CONFIG = ConfigLoader.parse("""
            window: {size: 1m, grace: 0s}
            reference: {mode: rolling, windows: 3}
            scoring: {minCount: 1}
            labels: {topics: [drift-labels], horizon: 5m, waitForPrediction: 1m}
            """, "test.yaml");

    @Test
    void everyWindowsLabelledCountAndAccuracyAreThoseOfTheLabelsGiven() throws Exception {
        Random rnd = new Random(5);
        StringBuilder events = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        int windows = 6;
        long[] labelled = new long[windows];
        long[] right = new long[windows];
        for (int i = 0; i < windows * 60; i++) {
            long ts = T0 + i * 1_000L;
            String predicted = rnd.nextBoolean() ? "fraud" : "ok";
            events.append("{\"model\":\"m\",\"id\":\"e").append(i).append("\",\"timestamp\":").append(ts)
                    .append(",\"prediction\":\"").append(predicted).append("\"}\n");
            if (rnd.nextDouble() < 0.7) {
                boolean correct = rnd.nextDouble() < (i < 180 ? 0.9 : 0.5);
                String truth = correct ? predicted : predicted.equals("ok") ? "fraud" : "ok";
                // the truth comes 90 s later: the labels file is in time order, as a label topic would be
                labels.append("{\"model\":\"m\",\"id\":\"e").append(i).append("\",\"label\":\"").append(truth)
                        .append("\",\"timestamp\":").append(ts + 90_000).append("}\n");
                labelled[i / 60]++;
                right[i / 60] += correct ? 1 : 0;
            }
        }
        ByteArrayOutputStream performance = new ByteArrayOutputStream();
        ByteArrayOutputStream deadLetters = new ByteArrayOutputStream();
        Replay.Summary s = Replay.run(CONFIG, new ByteArrayInputStream(events.toString().getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), deadLetters, java.io.OutputStream.nullOutputStream(), List.of(),
                new Replay.LabelReplay(new ByteArrayInputStream(labels.toString().getBytes(StandardCharsets.UTF_8)), performance), null);
        assertEquals("", deadLetters.toString(StandardCharsets.UTF_8));
        List<String> lines = performance.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(windows, lines.size(), "every window, the last ones at the end of the input");
        assertEquals(windows, s.performance());
        ObjectMapper json = new ObjectMapper();
        for (int w = 0; w < windows; w++) {
            JsonNode r = json.readTree(lines.get(w));
            assertEquals(60, r.get("predictions").asLong());
            assertEquals(labelled[w], r.get("labelled").asLong(), "window " + w);
            assertEquals(60 - labelled[w], r.get("unlabelled").asLong(), "window " + w);
            assertEquals((double) right[w] / labelled[w], r.get("classification").get("accuracy").asDouble(), 1e-12, "window " + w);
        }
    }
}
