package io.kdrift.bench;

import io.kdrift.codec.EventParser;
import io.kdrift.codec.InputFormat;
import io.kdrift.codec.InputFormats;
import io.kdrift.codec.InputRecord;
import io.kdrift.codec.WaitingHalfCodec;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.event.InferencePart;
import io.kdrift.inference.RequestJoin;
import io.kdrift.replay.Envelope;
import io.kdrift.replay.Replay;
import io.kdrift.testing.ServingRecords;
import io.kdrift.testing.ServingRecords.Prediction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replay throughput of each serving layer's format against kdrift's own shape, over the same predictions (BENCHMARKS.md,
 * "Serving-layer formats"), and the bytes a waiting request keeps in the join's store.
 *
 * <pre>java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.kdrift.bench.ServingFormatsBenchmark 300000 3</pre>
 */
public final class ServingFormatsBenchmark {
    private static final String COMMON = """
            window: {size: 1m, grace: 0s}
            reference: {mode: rolling, windows: 3}
            binning: {numeric: {type: quantile, bins: 10, sample: 500}}
            """;
    private static final String TENSORS = ServingRecords.TENSORS;

    private ServingFormatsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String only = args.length > 2 ? args[2] : null; // a part of the formats' names: for a profile of one
        Path dir = Files.createTempDirectory("kdrift-serving-bench");
        List<Prediction> one = ServingRecords.predictions(n, 1, 7);
        List<Prediction> ten = ServingRecords.predictions(n, 10, 7);
        Map<String, KdriftConfig> configs = new LinkedHashMap<>();
        Map<String, List<String>> files = new LinkedHashMap<>();
        add(configs, files, "kdrift's own", COMMON, one.stream().map(ServingRecords::nativeLine).toList());
        add(configs, files, "oip json, one row", input("{topic: oip, format: oip, model: iris, " + TENSORS + "}"),
                ServingRecords.oipJson(one, 1, "oip"));
        add(configs, files, "oip json, batches of 10", input("{topic: oip, format: oip, model: iris, " + TENSORS + "}"),
                ServingRecords.oipJson(ten, 10, "oip"));
        add(configs, files, "oip protobuf, one row", input("{topic: q, format: oip, encoding: protobuf, part: request, " + TENSORS + "}\n  - "
                + "{topic: r, format: oip, encoding: protobuf, part: response, " + TENSORS + "}"), ServingRecords.oipProtobuf(one, 1, "q", "r", false));
        add(configs, files, "kserve binary v1, one row", input("{topic: k, format: kserve, " + TENSORS + "}"), ServingRecords.kserveBinary(one, 1, "k"));
        add(configs, files, "kserve structured v2, one row", input("{topic: k, format: kserve, " + TENSORS + "}"),
                ServingRecords.kserveStructured(one, 1, "k"));
        add(configs, files, "seldon protobuf, batches of 10", input("{pattern: 'seldon\\..*', format: seldon, " + TENSORS + "}"),
                ServingRecords.seldon(ten, 10));
        Map<String, Path> paths = new HashMap<>();
        for (Map.Entry<String, List<String>> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey().replaceAll("[^a-z0-9]+", "-") + ".jsonl");
            Files.write(p, (String.join("\n", f.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
            paths.put(f.getKey(), p);
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int round = -1; round < rounds; round++) { // round -1 warms the JIT up, uncounted
            for (String name : files.keySet()) {
                if (only != null && !name.contains(only) && !name.equals("kdrift's own")) {
                    continue;
                }
                Path out = dir.resolve("out.jsonl");
                Replay.Summary s = Replay.run(configs.get(name), paths.get(name), Replay.FileOptions.of(out, dir.resolve("dlq.jsonl")), List.of(), null);
                if (s.rejected() > 0) {
                    throw new IllegalStateException(name + ": " + s.rejectedByReason());
                }
                if (round >= 0) {
                    rates.computeIfAbsent(name, k -> new ArrayList<>()).add(n / s.seconds());
                }
            }
        }
        double own = rates.get("kdrift's own").stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf("%,d predictions a format, %d rounds after one to warm up, alternating (predictions/s, not records/s)%n", n, rounds);
        for (Map.Entry<String, List<Double>> r : rates.entrySet()) {
            double mean = r.getValue().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            System.out.printf("| %s | %s | %.2f× |%n", r.getKey(), String.join(" · ", r.getValue().stream().map(v -> String.format("%,.0f", v)).toList()),
                    mean / own);
        }
        // what a request waiting for its response keeps in the join's store: its key and its value
        String request = ServingRecords.oipJson(one.subList(0, 1), 1, "oip").get(0);
        Envelope e = Envelope.parse(request.getBytes(StandardCharsets.UTF_8));
        InputFormat.Read half = InputFormats.of(configs.get("oip json, one row").inputs().get(0), new EventParser())
                .read(InputRecord.of("oip", null, Map.of(), e.value(), e.timestamp()));
        var event = half.results().get(0).event();
        int value = WaitingHalfCodec.encode(new RequestJoin.Waiting(InferencePart.REQUEST, event, 0)).length;
        int key = (event.model() + "@" + event.id()).getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("a waiting request of 4 features: %d bytes of value + %d of key (model@id) in kdrift-request-waiting%n", value, key);
        deleteRecursively(dir);
    }

    private static String input(String inputs) {
        return COMMON + "inputs:\n  - " + inputs + "\n";
    }

    private static void add(Map<String, KdriftConfig> configs, Map<String, List<String>> files, String name, String yaml, List<String> lines) {
        configs.put(name, ConfigLoader.parse(yaml, name + ".yaml"));
        files.put(name, lines);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
