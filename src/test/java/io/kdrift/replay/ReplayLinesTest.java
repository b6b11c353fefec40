package io.kdrift.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.cli.Kdrift;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay gives the test driver runs of lines as one record; each line is still read as its own record: a bad line's dead
 * letter names its own line of the file and holds its own bytes, wherever it falls in a run (first, last, across the
 * run's end), blank lines counted as lines but never read.
 */
class ReplayLinesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyBadLineIsADeadLetterOfItsOwnLineWhereverItFallsInARun() throws IOException {
        Map<Integer, String> bad = new TreeMap<>(Map.of(
                1, "not json",
                256, "{\"model\":\"m\",\"timestamp\":1767603600000}",
                257, "{\"model\":\"m\",\"timestamp\":\"yesterday\",\"prediction\":1}",
                513, "[1,2]",
                700, "{\"model\":\"m\",\"timestamp\":1767603600000,\"prediction\":NaN}"));
        List<String> lines = new ArrayList<>();
        int valid = 0;
        for (int n = 1; n <= 700; n++) {
            if (bad.containsKey(n)) {
                lines.add(bad.get(n));
            } else if (n % 50 == 0) {
                lines.add("   "); // blank: counted as a line, never read
            } else {
                lines.add("{\"model\":\"m\",\"timestamp\":" + (1767603600000L + n * 1000L) + ",\"prediction\":" + (n % 7) + "}");
                valid++;
            }
        }
        Path input = dir.resolve("events.jsonl");
        Files.write(input, lines, StandardCharsets.UTF_8);
        Path config = dir.resolve("kdrift.yaml");
        Files.writeString(config, "inputs: [{topic: predictions}]\nwindow: {size: 1m}\n");
        Path scores = dir.resolve("scores.jsonl");
        assertEquals(0, Kdrift.execute("replay", "--config", config.toString(), "--input", input.toString(), "--output", scores.toString(),
                "--quiet"));
        Map<Integer, String> deadLetters = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("scores.dlq.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            deadLetters.put(n.get("line").asInt(), n.get("value").asText());
        }
        assertEquals(bad, deadLetters);
        long counted = 0;
        for (String line : Files.readAllLines(scores)) {
            JsonNode n = JSON.readTree(line);
            if (n.get("signal").asText().equals("prediction")) {
                counted += n.get("currentCount").asLong();
            }
        }
        assertEquals(valid, counted, "every valid line counted once");
    }
}
