package io.kdrift.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kdrift.config.KdriftConfig;
import io.kdrift.result.ModelVerdict;
import io.kdrift.result.PerformanceField;
import io.kdrift.result.Signals;
import io.kdrift.web.RuleThresholds;
import io.kdrift.web.WebAssets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code kdrift report}: one self-contained HTML file from score (alert and performance) records — per model and
 * signal, the scores over time with the rules' thresholds and the alerts marked, and reference vs current
 * distributions of the windows that alerted; per model with labels, its performance per final window. The data are embedded as JSON and
 * drawn by kdrift's chart code with uPlot, both inlined ({@link WebAssets}; report.html beside this class): nothing is fetched from the network.
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATA_PLACEHOLDER = "/*KDRIFT_REPORT_DATA*/null";

    /** What was read. */
    public record Summary(int series, long scores, long alerts, long performance) {
    }

    private Report() {
    }

    public static Summary write(KdriftConfig config, Path scores, Path alerts, Path output) throws IOException {
        return write(config, scores, alerts, null, output);
    }

    /**
     * @param performance performance records (labels joined by id), or null: each model's become its series {@code performance},
     *                    their fields flattened to their paths ({@link PerformanceField}), as alert rules name them
     */
    public static Summary write(KdriftConfig config, Path scores, Path alerts, Path performance, Path output) throws IOException {
        return write(config, scores, alerts, performance, null, output);
    }

    /**
     * @param verdicts model verdicts (kdrift replay --verdicts), or null: each model's become its series {@code model}; a
     *                 model-level alert without them is listed with its model, without charts
     */
    public static Summary write(KdriftConfig config, Path scores, Path alerts, Path performance, Path verdicts, Path output) throws IOException {
        ObjectNode data = JSON.createObjectNode();
        data.put("generated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        data.put("scores", scores.getFileName().toString());
        data.set("thresholds", RuleThresholds.of(config.alerts().rules()));
        Map<String, ObjectNode> series = new TreeMap<>();
        long scoreCount = readLines(scores, "score", r -> {
            ObjectNode s = series.computeIfAbsent(key(r), k -> newSeries(r));
            ((ArrayNode) s.get("points")).add(r);
        });
        long performanceCount = performance == null ? 0 : readLines(performance, "performance", r -> {
            if (r.path("kind").asText().equals("estimated")) {
                return; // each window's estimate is in its realized record too (estimate.accuracy), drawn beside its accuracy
            }
            ObjectNode point = flatPerformance(r);
            ObjectNode s = series.computeIfAbsent(key(point), k -> newSeries(point));
            ((ArrayNode) s.get("points")).add(point);
        });
        if (verdicts != null) {
            readLines(verdicts, "verdict", r -> {
                r.put("signal", ModelVerdict.SIGNAL);
                ObjectNode s = series.computeIfAbsent(key(r), k -> newSeries(r));
                ((ArrayNode) s.get("points")).add(r);
            });
        }
        long alertCount = alerts == null ? 0 : readLines(alerts, "alert", r -> {
            ObjectNode s = ModelVerdict.SIGNAL.equals(r.path("signal").asText()) ? series.computeIfAbsent(key(r), k -> newSeries(r)) : series.get(key(r));
            if (s == null) {
                throw new IllegalArgumentException(alerts + ": alert of " + key(r) + " has no score record in " + scores);
            }
            ((ArrayNode) s.get("alerts")).add(r);
        });
        ArrayNode list = data.putArray("series");
        series.values().forEach(list::add);
        // "</" would end the script element early: escaped, the JSON means the same
        String json = JSON.writeValueAsString(data).replace("</", "<\\/");
        // in the template's order, the data last: what is put in is never searched for a placeholder again
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("/*KDRIFT_UPLOT_CSS*/", WebAssets.uplotCss());
        parts.put("/*KDRIFT_CHARTS_CSS*/", WebAssets.chartsCss());
        parts.put("/*KDRIFT_UPLOT_JS*/", WebAssets.uplotJs());
        parts.put("/*KDRIFT_CHARTS_JS*/", WebAssets.chartsJs());
        parts.put(DATA_PLACEHOLDER, json);
        String page = fill(template(), parts);
        Files.writeString(output, page, StandardCharsets.UTF_8);
        return new Summary(series.size(), scoreCount, alertCount, performanceCount);
    }

    /** The template with each placeholder replaced once (the charting library and kdrift's chart code inlined: the file stays offline). */
    private static String fill(String template, Map<String, String> parts) {
        String out = template;
        int from = 0;
        for (Map.Entry<String, String> p : parts.entrySet()) {
            int at = out.indexOf(p.getKey(), from);
            if (at < 0) {
                throw new IllegalStateException("report template has no placeholder " + p.getKey());
            }
            if (p.getValue().contains("</script") || p.getValue().contains("</style")) {
                throw new IllegalStateException("cannot inline " + p.getKey() + ": it would end its element early");
            }
            out = out.substring(0, at) + p.getValue() + out.substring(at + p.getKey().length());
            from = at + p.getValue().length();
        }
        return out;
    }

    /** A performance record as a point of its model's series {@code performance}: its window, status and every field by its path. */
    private static ObjectNode flatPerformance(ObjectNode r) {
        ObjectNode point = JSON.createObjectNode();
        point.set("model", r.get("model"));
        point.put("signal", Signals.PERFORMANCE);
        for (String f : List.of("windowStart", "windowEnd", "status", "predictions", "labelled")) {
            point.set(f, r.get(f));
        }
        for (PerformanceField f : PerformanceField.values()) {
            JsonNode v = r.at("/" + f.jsonName().replace('.', '/'));
            if (v.isNumber()) {
                point.put(f.jsonName(), v.doubleValue());
            }
        }
        return point;
    }

    private static ObjectNode newSeries(JsonNode r) {
        ObjectNode s = JSON.createObjectNode();
        s.put("model", r.get("model").asText());
        s.put("signal", r.get("signal").asText());
        s.putArray("points");
        s.putArray("alerts");
        return s;
    }

    private static String key(JsonNode r) {
        JsonNode model = r.get("model");
        JsonNode signal = r.get("signal");
        if (model == null || signal == null) {
            throw new IllegalArgumentException("a record without model or signal: " + r);
        }
        return model.asText() + "/" + signal.asText();
    }

    private interface LineHandler {
        void accept(ObjectNode record);
    }

    private static long readLines(Path file, String what, LineHandler handler) throws IOException {
        long n = 0;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(lines.get(i));
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a JSON " + what + " record");
            }
            if (!(node instanceof ObjectNode o) || !o.has("windowEnd")) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a " + what + " record (no windowEnd)");
            }
            handler.accept(o);
            n++;
        }
        return n;
    }

    private static String template() throws IOException {
        try (InputStream in = Report.class.getResourceAsStream("report.html")) {
            if (in == null) {
                throw new IllegalStateException("report.html is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
