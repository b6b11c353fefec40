package io.kdrift.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.KdriftConfig;
import io.kdrift.replay.LineReader;
import io.kdrift.replay.Replay;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code kdrift replay} on a file of a million events (the benchmark events, 50 models, one JSON object a line),
 * against the bare rate of reading the same file line by line and parsing each line with Jackson.
 */
final class ReplayFileBenchmark {
    private ReplayFileBenchmark() {
    }

    static Path writeEvents(int n) throws IOException {
        Path file = Files.createTempFile("kdrift-bench-events-", ".jsonl");
        file.toFile().deleteOnExit();
        BenchEvents events = new BenchEvents(n, 50, 10);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (byte[] v : events.values) {
                out.write(v);
                out.write('\n');
            }
        }
        return file;
    }

    static double replay(KdriftConfig config, Path events) {
        try {
            Path dir = Files.createTempDirectory("kdrift-bench-replay-");
            Replay.Summary s = Replay.run(config, events, Replay.FileOptions.of(dir.resolve("scores.jsonl"), dir.resolve("dlq.jsonl")), List.of(), null);
            for (Path p : List.of(dir.resolve("scores.jsonl"), dir.resolve("dlq.jsonl"), dir)) {
                Files.deleteIfExists(p);
            }
            return s.lines() / s.seconds();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double jackson(Path events) {
        ObjectMapper json = new ObjectMapper();
        long started = System.nanoTime();
        long n = 0;
        try (InputStream in = Files.newInputStream(events); LineReader lines = new LineReader(in)) {
            byte[] line;
            while ((line = lines.next()) != null) {
                json.readTree(line);
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n / ((System.nanoTime() - started) / 1e9);
    }

    static String table(int n, int runs) throws IOException {
        Path events = writeEvents(n);
        System.err.printf("replay of a file of %,d events (%,d MB)%n", n, Files.size(events) >> 20);
        KdriftConfig config = Contenders.config(10);
        List<Benchmarks.Result> results = Benchmarks.measure(runs, List.of(
                new Benchmarks.Contender("read the file + Jackson readTree per line", () -> jackson(events)),
                new Benchmarks.Contender("kdrift replay of the file", () -> replay(config, events))));
        Benchmarks.Result parse = results.get(0);
        Benchmarks.Result replay = results.get(1);
        Files.deleteIfExists(events);
        return String.format(Locale.ROOT, "| %,d-event file | events/s (median) | min–max | ratio |%n|---|---|---|---|%n"
                        + "| %s | %,.0f | %,.0f–%,.0f | 1.00× |%n| %s | %,.0f | %,.0f–%,.0f | %.2f× |%n",
                n, parse.name(), parse.median(), parse.min(), parse.max(),
                replay.name(), replay.median(), replay.min(), replay.max(), replay.ratioTo(parse));
    }

    /**
     * {@code EVENTS [RUNS]}: the table; or, for a whole-process comparison as a user times it ({@code /usr/bin/time},
     * BENCHMARKS.md), {@code write EVENTS FILE}: the benchmark events as a file, and {@code readtree FILE}: the contender
     * alone, one pass in a fresh JVM (read the file, {@code readTree} each line).
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("write")) {
            Files.move(writeEvents(Integer.parseInt(args[1])), Path.of(args[2]), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        if (args.length == 2 && args[0].equals("readtree")) {
            System.out.printf(Locale.ROOT, "read the file + Jackson readTree per line: %,.0f events/s%n", jackson(Path.of(args[1])));
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.print(table(n, runs));
    }
}
