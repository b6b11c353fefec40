package io.kdrift.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                Replay.Options.to(new ByteArrayOutputStream(), deadLetters)
                        .withLabels(new Replay.LabelReplay(new ByteArrayInputStream(labels.toString().getBytes(StandardCharsets.UTF_8)), performance)));
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

    @Test
    void everyLabelIsJoinedOrDeadLetteredWithItsReasonEvenThoseStillWaitingWhenTheInputEnds() throws Exception {
        // 5 minutes of predictions; 100 labels within the horizon; 30 dated past their prediction's horizon (they wait for a
        // prediction that is gone, and were still waiting when the input ended: neither joined nor dead-lettered); 10 of
        // those with a second label (called duplicate_label, though their prediction never had one)
        StringBuilder events = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        java.util.List<String> ordered = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long ts = T0 + i * 1_000L;
            events.append("{\"model\":\"m\",\"id\":\"e").append(i).append("\",\"timestamp\":").append(ts).append(",\"prediction\":\"ok\"}\n");
            if (i < 100) {
                ordered.add("{\"model\":\"m\",\"id\":\"e" + i + "\",\"label\":\"ok\",\"timestamp\":" + (ts + 60_000) + "}");
            } else if (i < 130) {
                long late = ts + 12 * 60_000; // the horizon is 5 minutes: days late, as a chargeback comes
                ordered.add("{\"model\":\"m\",\"id\":\"e" + i + "\",\"label\":\"ok\",\"timestamp\":" + late + "}");
                if (i < 110) {
                    ordered.add("{\"model\":\"m\",\"id\":\"e" + i + "\",\"label\":\"no\",\"timestamp\":" + (late + 1_000) + "}");
                }
            }
        }
        // in time order, as a label topic would be
        ordered.sort(java.util.Comparator.comparingLong(l -> Long.parseLong(l.replaceAll(".*\"timestamp\":(\\d+).*", "$1"))));
        ordered.forEach(l -> labels.append(l).append('\n'));
        ByteArrayOutputStream performance = new ByteArrayOutputStream();
        ByteArrayOutputStream deadLetters = new ByteArrayOutputStream();
        Replay.Summary s = Replay.run(CONFIG, new ByteArrayInputStream(events.toString().getBytes(StandardCharsets.UTF_8)),
                Replay.Options.to(new ByteArrayOutputStream(), deadLetters)
                        .withLabels(new Replay.LabelReplay(new ByteArrayInputStream(labels.toString().getBytes(StandardCharsets.UTF_8)), performance)));
        ObjectMapper json = new ObjectMapper();
        long joined = 0;
        for (String line : performance.toString(StandardCharsets.UTF_8).lines().toList()) {
            joined += json.readTree(line).get("labelled").asLong();
        }
        assertEquals(100, joined, "the labels within the horizon joined");
        List<String> letters = deadLetters.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(40, letters.size(), "every other label is a dead letter: " + deadLetters);
        assertTrue(letters.stream().allMatch(l -> l.contains("label_for_unknown_prediction")), "none a duplicate: " + deadLetters);
        assertEquals(140, s.labels(), "labels read");
        assertEquals(Long.valueOf(40), s.rejectedByReason().get("label_for_unknown_prediction"));
        assertEquals(100, s.labelsJoined());
    }

    @Test
    void labelsOfAnotherShapeReadThroughAMappingGiveTheSameRecordsAsKdriftsOwnShape() throws Exception {
        KdriftConfig mapped = ConfigLoader.parse("""
                window: {size: 1m, grace: 0s}
                reference: {mode: rolling, windows: 3}
                scoring: {minCount: 1}
                labels:
                  topics: [outcomes]
                  horizon: 5m
                  waitForPrediction: 1m
                  mapping: {model: {constant: m}, id: /request/id, label: /outcome/class, timestamp: /resolved}
                """, "test.yaml");
        Random rnd = new Random(9);
        StringBuilder events = new StringBuilder();
        StringBuilder own = new StringBuilder();
        StringBuilder other = new StringBuilder();
        for (int i = 0; i < 360; i++) {
            long ts = T0 + i * 1_000L;
            String predicted = rnd.nextBoolean() ? "fraud" : "ok";
            events.append("{\"model\":\"m\",\"id\":").append(i).append(",\"timestamp\":").append(ts)
                    .append(",\"prediction\":\"").append(predicted).append("\"}\n");
            if (rnd.nextDouble() < 0.7) {
                String truth = rnd.nextDouble() < (i < 180 ? 0.9 : 0.5) ? predicted : predicted.equals("ok") ? "fraud" : "ok";
                own.append("{\"model\":\"m\",\"id\":\"").append(i).append("\",\"label\":\"").append(truth)
                        .append("\",\"timestamp\":").append(ts + 90_000).append("}\n");
                other.append("{\"request\":{\"id\":").append(i).append(",\"channel\":\"web\"},\"outcome\":{\"class\":\"")
                        .append(truth).append("\",\"source\":\"chargebacks\"},\"resolved\":\"")
                        .append(java.time.Instant.ofEpochMilli(ts + 90_000)).append("\"}\n");
            }
        }
        other.append("{\"request\":{},\"outcome\":{\"class\":\"ok\"},\"resolved\":\"2026-01-05T10:00:00Z\"}\n");
        String ownPerformance = replay(CONFIG, events.toString(), own.toString(), new ByteArrayOutputStream());
        ByteArrayOutputStream deadLetters = new ByteArrayOutputStream();
        String otherPerformance = replay(mapped, events.toString(), other.toString(), deadLetters);
        assertEquals(6, ownPerformance.lines().count());
        assertEquals(ownPerformance, otherPerformance);
        // the one bad record: its reason names the pointer
        assertEquals(1, deadLetters.toString(StandardCharsets.UTF_8).lines().count());
        assertTrue(deadLetters.toString(StandardCharsets.UTF_8).contains("the label has no id at /request/id"), deadLetters.toString());
    }

    private static String replay(KdriftConfig config, String events, String labels, ByteArrayOutputStream deadLetters) throws Exception {
        ByteArrayOutputStream performance = new ByteArrayOutputStream();
        Replay.run(config, new ByteArrayInputStream(events.getBytes(StandardCharsets.UTF_8)), Replay.Options.to(new ByteArrayOutputStream(), deadLetters)
                .withLabels(new Replay.LabelReplay(new ByteArrayInputStream(labels.getBytes(StandardCharsets.UTF_8)), performance)));
        return performance.toString(StandardCharsets.UTF_8);
    }
}
