package io.kdrift.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kdrift.bytes.ShortHash;
import io.kdrift.drift.Baseline;
import io.kdrift.drift.SignalKind;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.WholeNumbers;
import io.kdrift.stats.CategoryIndex;
import io.kdrift.stats.NumericBinning;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON of a {@link Baseline}: one object per model, the value of a record of the reference topic and one
 * line of a baseline file. Written by {@code kdrift baseline}; simple enough to be written by other tools:
 * <pre>
 * {"model":"fraud","version":"…","createdAt":"…","events":50000,"logLoss":{"sum":9120.5,"count":25000},
 *  "signals":[{"signal":"feature.amount","kind":"numeric","edges":[0,10,100],"missing":0,"underflow":3,"counts":[40,55],"overflow":2},
 *             {"signal":"label","kind":"categorical","counts":{"fraud":120,"ok":4880}}]}
 * </pre>
 * Without a {@code version}, the SHA-256 of the JSON text stands for it.
 */
public final class BaselineJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BaselineJson() {
    }

    public static byte[] toJson(Baseline b) {
        return JsonObjects.write(g -> {
            g.writeStringField("model", b.model());
            g.writeStringField("version", b.version());
            if (b.createdAt() != null) {
                g.writeStringField("createdAt", b.createdAt());
            }
            g.writeNumberField("events", b.events());
            if (b.logLossCount() > 0) {
                g.writeObjectFieldStart("logLoss");
                g.writeNumberField("sum", b.logLossSum());
                g.writeNumberField("count", b.logLossCount());
                g.writeEndObject();
            }
            g.writeArrayFieldStart("signals");
            for (Baseline.Signal s : b.signals()) {
                g.writeStartObject();
                g.writeStringField("signal", s.name());
                double[] c = s.counts();
                if (s.kind() == SignalKind.NUMERIC) {
                    g.writeStringField("kind", "numeric");
                    g.writeArrayFieldStart("edges");
                    for (double e : s.edges()) {
                        g.writeNumber(e);
                    }
                    g.writeEndArray();
                    count(g, "missing", c[NumericBinning.MISSING_INDEX]);
                    count(g, "underflow", c[NumericBinning.UNDERFLOW_INDEX]);
                    g.writeArrayFieldStart("counts");
                    for (int i = 2; i < c.length - 1; i++) {
                        count(g, null, c[i]);
                    }
                    g.writeEndArray();
                    count(g, "overflow", c[c.length - 1]);
                } else {
                    g.writeStringField("kind", "categorical");
                    g.writeObjectFieldStart("counts");
                    count(g, CategoryIndex.MISSING, c[CategoryIndex.MISSING_INDEX]);
                    count(g, CategoryIndex.OTHER, c[CategoryIndex.OTHER_INDEX]);
                    for (int i = 0; i < s.categories().size(); i++) {
                        count(g, s.categories().get(i), c[i + 2]);
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /**
     * Reads a baseline file, one baseline per line (blank lines skipped).
     *
     * @throws IllegalArgumentException as {@code FILE:LINE: field: what is wrong}
     */
    public static List<Baseline> readFile(java.nio.file.Path file) throws java.io.IOException {
        List<Baseline> out = new ArrayList<>();
        List<String> lines = java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(parse(lines.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Whole counts as integers, soft counts (sums of probabilities) exactly; {@code field} null in an array. */
    private static void count(com.fasterxml.jackson.core.JsonGenerator g, String field, double v) throws java.io.IOException {
        if (field != null) {
            g.writeFieldName(field);
        }
        if (WholeNumbers.isWhole(v)) {
            g.writeNumber((long) v);
        } else {
            g.writeNumber(v);
        }
    }

    /** A content hash: the same baseline data give the same version. */
    public static String versionOf(byte[] json) {
        return ShortHash.of(json);
    }

    /**
     * Reads one baseline.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static Baseline parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode)) {
            throw new IllegalArgumentException("a baseline is a JSON object");
        }
        String model = text(root, "model", true);
        if (!PredictionEvent.isValidModelId(model)) {
            throw new IllegalArgumentException("model: \"" + model + "\" is not a model id (1-128 of [A-Za-z0-9._:-])");
        }
        String version = text(root, "version", false);
        if (version == null) {
            version = versionOf(json.getBytes(StandardCharsets.UTF_8));
        }
        long events = root.path("events").asLong(0);
        JsonNode logLoss = root.path("logLoss");
        double logLossSum = logLoss.path("sum").asDouble(0);
        long logLossCount = logLoss.path("count").asLong(0);
        JsonNode signals = root.get("signals");
        if (signals == null || !signals.isArray()) {
            throw new IllegalArgumentException("signals: missing, or not an array");
        }
        List<Baseline.Signal> out = new ArrayList<>();
        for (int i = 0; i < signals.size(); i++) {
            JsonNode s = signals.get(i);
            String at = "signals[" + i + "]";
            String name = text(s, "signal", true);
            at += " (" + name + ")";
            String kind = text(s, "kind", true);
            if ("numeric".equals(kind)) {
                out.add(numeric(s, name, at));
            } else if ("categorical".equals(kind)) {
                out.add(categorical(s, name, at));
            } else {
                throw new IllegalArgumentException(at + ".kind: \"" + kind + "\" is neither numeric nor categorical");
            }
        }
        return new Baseline(model, version, text(root, "createdAt", false), events, logLossSum, logLossCount, out);
    }

    private static Baseline.Signal numeric(JsonNode s, String name, String at) {
        double[] edges = numbers(s.get("edges"), at + ".edges");
        try {
            NumericBinning.ofEdges(edges);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ".edges: " + e.getMessage());
        }
        double[] bins = numbers(s.get("counts"), at + ".counts");
        if (bins.length != edges.length - 1) {
            throw new IllegalArgumentException(at + ".counts: " + edges.length + " edges make " + (edges.length - 1)
                    + " bins, but there are " + bins.length + " counts");
        }
        double[] counts = new double[bins.length + 3];
        counts[NumericBinning.MISSING_INDEX] = count(s.path("missing"), at + ".missing");
        counts[NumericBinning.UNDERFLOW_INDEX] = count(s.path("underflow"), at + ".underflow");
        System.arraycopy(bins, 0, counts, 2, bins.length);
        counts[counts.length - 1] = count(s.path("overflow"), at + ".overflow");
        return new Baseline.Signal(name, SignalKind.NUMERIC, edges, null, counts);
    }

    private static Baseline.Signal categorical(JsonNode s, String name, String at) {
        JsonNode counts = s.get("counts");
        if (counts == null || !counts.isObject()) {
            throw new IllegalArgumentException(at + ".counts: missing, or not an object of category: count");
        }
        List<String> categories = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        double missing = 0;
        double other = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            double v = count(e.getValue(), at + ".counts." + e.getKey());
            if (CategoryIndex.MISSING.equals(e.getKey())) {
                missing = v;
            } else if (CategoryIndex.OTHER.equals(e.getKey())) {
                other = v;
            } else {
                categories.add(e.getKey());
                values.add(v);
            }
        }
        double[] c = new double[categories.size() + 2];
        c[CategoryIndex.MISSING_INDEX] = missing;
        c[CategoryIndex.OTHER_INDEX] = other;
        for (int i = 0; i < values.size(); i++) {
            c[i + 2] = values.get(i);
        }
        return new Baseline.Signal(name, SignalKind.CATEGORICAL, null, categories, c);
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + ": missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + ": must be a string");
        }
        return v.asText();
    }

    private static double[] numbers(JsonNode array, String at) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException(at + ": missing, or not an array of numbers");
        }
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            if (!array.get(i).isNumber()) {
                throw new IllegalArgumentException(at + "[" + i + "]: not a number");
            }
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    /** A count: absent is 0; otherwise a finite number, not negative. */
    private static double count(JsonNode v, String at) {
        if (v.isMissingNode()) {
            return 0;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
            throw new IllegalArgumentException(at + ": a count must be a number ≥ 0, got " + v);
        }
        return v.asDouble();
    }
}
