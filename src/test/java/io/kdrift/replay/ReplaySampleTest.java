package io.kdrift.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.cli.Kdrift;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `kdrift replay` on the shipped sample prints what the README shows. */
class ReplaySampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The lines of the fenced block that follows the replay-sample marker in the README. */
    private static List<String> readmeSample() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int marker = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("<!-- replay-sample")) {
                marker = i;
            }
        }
        assertTrue(marker >= 0, "README has no replay-sample block");
        List<String> block = new ArrayList<>();
        int i = marker + 2; // skip the opening fence
        while (!lines.get(i).startsWith("```")) {
            block.add(lines.get(i++));
        }
        return block;
    }

    @Test
    void replayOfTheShippedSampleGivesTheScoresShownInTheReadme() throws IOException {
        Path scores = dir.resolve("scores.jsonl");
        int exit = Kdrift.execute("replay", "--config", "examples/kdrift.yaml", "--input", "examples/events.jsonl",
                "--output", scores.toString(), "--quiet");
        assertEquals(0, exit);
        List<String> output = Files.readAllLines(scores);
        assertEquals(io.kdrift.testing.SampleTotals.SCORE_RECORDS, output.size());
        List<String> sample = readmeSample();
        assertEquals(2, sample.size());
        Set<String> all = new HashSet<>(output);
        for (String line : sample) {
            assertTrue(all.contains(line), () -> "README line not in the replay output: " + line);
        }
        List<String> dlq = Files.readAllLines(dir.resolve("scores.dlq.jsonl"));
        List<String> reasons = new ArrayList<>();
        for (String line : dlq) {
            JsonNode n = JSON.readTree(line);
            reasons.add(n.get("reason").asText());
            assertTrue(n.get("line").asLong() > 2800);
        }
        assertEquals(List.of("invalid_timestamp", "probabilities_not_normalized", "invalid_json"), reasons);
    }

    @Test
    void everyRecordKeepsTheCrossEntropyIdentity() throws IOException {
        Path scores = dir.resolve("scores.jsonl");
        assertEquals(0, Kdrift.execute("replay", "--config", "examples/kdrift.yaml", "--input", "examples/events.jsonl",
                "--output", scores.toString(), "--quiet"));
        int checked = 0;
        for (String line : Files.readAllLines(scores)) {
            JsonNode n = JSON.readTree(line);
            if (n.get("kl").isNumber()) {
                double ce = n.get("crossEntropy").asDouble();
                assertEquals(ce, n.get("referenceEntropy").asDouble() + n.get("kl").asDouble(), 1e-9, line);
                checked++;
            }
        }
        assertTrue(checked > 60, "records checked: " + checked);
    }

    @Test
    void aBadConfigStopsReplayWithItsLineAndField() throws IOException {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "window:\n  size: 1m\n  grase: 10s\n");
        var err = new java.io.ByteArrayOutputStream();
        var oldErr = System.err;
        int exit;
        try {
            System.setErr(new java.io.PrintStream(err, true));
            exit = Kdrift.execute("replay", "--config", config.toString(), "--input", "examples/events.jsonl",
                    "--output", dir.resolve("s.jsonl").toString());
        } finally {
            System.setErr(oldErr);
        }
        assertEquals(2, exit);
        assertTrue(err.toString().contains(config + ":3:3: window.grase: unknown field \"grase\""), err.toString());
    }
}
