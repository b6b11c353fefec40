package io.kdrift.http;

import static io.kdrift.http.Responses.array;
import static io.kdrift.http.Responses.error;
import static io.kdrift.http.Responses.respond;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kdrift.codec.AlertJson;
import io.kdrift.codec.JsonObjects;
import io.kdrift.codec.PerformanceJson;
import io.kdrift.codec.ScoreJson;
import io.kdrift.codec.VerdictJson;
import io.kdrift.metrics.LatestScores;
import io.kdrift.result.EstimatedPerformance;
import io.kdrift.result.ModelVerdict;
import io.kdrift.result.PerformanceRecord;
import io.kdrift.result.ScoreRecord;
import io.kdrift.web.RecentWindows;
import io.kdrift.web.RuleThresholds;
import io.kdrift.web.WebAssets;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live page and the data it reads. This instance's records as JSON arrays ({@code /scores}, {@code /verdicts},
 * {@code /performance}, {@code /alerts}, {@code /history?model=ID}, {@code /history/verdicts?model=ID}; {@code ?model=ID}
 * for one model, {@code brief} for score records without their bins), the same gathered from every instance under
 * {@code /cluster/} ({@link ClusterView}), the rules' thresholds ({@code /thresholds}), and the page ({@code /}) with its
 * chart code and uPlot ({@code /assets/}), the same chart code as {@code kdrift report}'s.
 */
final class LiveRoutes {
    private LiveRoutes() {
    }

    /** A JSON array of this instance's records of one kind. */
    @FunctionalInterface
    private interface ArrayResource {
        byte[] array(Query query) throws IOException;
    }

    /** What a request asks for: {@code model=ID} (or null for every model), {@code brief} (score records without their bins). */
    private record Query(String model, boolean brief) {
        static Query of(HttpExchange ex) {
            String model = null;
            boolean brief = false;
            String raw = ex.getRequestURI().getRawQuery();
            for (String part : raw == null ? new String[0] : raw.split("&")) {
                if (part.startsWith("model=")) {
                    model = URLDecoder.decode(part.substring("model=".length()), StandardCharsets.UTF_8);
                } else if (part.equals("brief") || part.equals("brief=true")) {
                    brief = true;
                }
            }
            return new Query(model, brief);
        }

        String requiredModel() {
            if (model == null) {
                throw new IllegalArgumentException("this resource needs ?model=ID");
            }
            return model;
        }
    }

    @FunctionalInterface
    private interface JsonBody {
        byte[] get() throws IOException;
    }

    static void register(HttpServer server, LatestScores scores, HttpEndpoint.Live live) {
        RecentWindows recent = live.recent();
        Map<String, ArrayResource> arrays = new LinkedHashMap<>();
        arrays.put("scores", q -> array(scores.latest(), ScoreRecord::model, r -> ScoreJson.toJson(q.brief() ? r.withoutBins() : r), q.model()));
        arrays.put("verdicts", q -> array(scores.latestVerdicts(), ModelVerdict::model, VerdictJson::toJson, q.model()));
        arrays.put("performance", q -> array(scores.latestPerformance(), PerformanceRecord::model, PerformanceJson::toJson, q.model()));
        arrays.put("performance/estimated", q -> array(scores.latestEstimates(), EstimatedPerformance::model, PerformanceJson::toJson, q.model()));
        arrays.put("alerts", q -> array(recent.firing(), RecentWindows.Firing::model, LiveRoutes::firingJson, q.model()));
        arrays.put("history", q -> array(recent.scores(q.requiredModel()), ScoreRecord::model, ScoreJson::toJson, null));
        arrays.put("history/verdicts", q -> array(recent.verdicts(q.requiredModel()), ModelVerdict::model, VerdictJson::toJson, null));
        arrays.forEach((name, resource) -> server.createContext("/" + name, ex -> {
            if (!ex.getRequestURI().getPath().equals("/" + name)) {
                respond(ex, 404, "application/json", error("no such resource: " + ex.getRequestURI().getPath()));
                return;
            }
            answer(ex, () -> resource.array(Query.of(ex)));
        }));
        ClusterView cluster = new ClusterView(live.peers());
        server.createContext("/cluster/", ex -> {
            String name = ex.getRequestURI().getPath().substring("/cluster/".length());
            ArrayResource resource = arrays.get(name);
            if (resource == null) {
                respond(ex, 404, "application/json", error("no such resource: /cluster/ gathers " + String.join(", ", arrays.keySet())));
                return;
            }
            answer(ex, () -> cluster.gather(name, ex.getRequestURI().getRawQuery(), resource.array(Query.of(ex))));
        });
        byte[] thresholds = RuleThresholds.of(live.rules()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/thresholds", ex -> respond(ex, 200, "application/json", thresholds));

        Map<String, byte[]> assets = Map.of(
                "/assets/uplot.js", WebAssets.uplotJs().getBytes(StandardCharsets.UTF_8),
                "/assets/uplot.css", WebAssets.uplotCss().getBytes(StandardCharsets.UTF_8),
                "/assets/charts.js", WebAssets.chartsJs().getBytes(StandardCharsets.UTF_8),
                "/assets/charts.css", WebAssets.chartsCss().getBytes(StandardCharsets.UTF_8));
        server.createContext("/assets/", ex -> {
            byte[] body = assets.get(ex.getRequestURI().getPath());
            if (body == null) {
                respond(ex, 404, "text/plain; charset=utf-8", "no such file".getBytes(StandardCharsets.UTF_8));
                return;
            }
            ex.getResponseHeaders().set("Cache-Control", "max-age=3600");
            respond(ex, 200, ex.getRequestURI().getPath().endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8", body);
        });
        byte[] page = WebAssets.page().getBytes(StandardCharsets.UTF_8);
        server.createContext("/", ex -> {
            if (!ex.getRequestURI().getPath().equals("/")) {
                respond(ex, 404, "text/plain; charset=utf-8", ("no such page: " + ex.getRequestURI().getPath()
                        + " (kdrift serves /, /metrics, /health, /ready, /scores, /verdicts, /performance, /alerts, /history, /cluster/, /runbook)")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            respond(ex, 200, "text/html; charset=utf-8", page);
        });
    }

    /** The answer, or 400 with the reason when the request lacks what the resource needs. */
    private static void answer(HttpExchange ex, JsonBody body) throws IOException {
        byte[] json;
        try {
            json = body.get();
        } catch (IllegalArgumentException e) {
            respond(ex, 400, "application/json", error(e.getMessage()));
            return;
        }
        respond(ex, 200, "application/json", json);
    }

    /** An alert firing now: its rule, severity and, when this instance saw it change, the alert record under {@code alert}. */
    private static byte[] firingJson(RecentWindows.Firing f) {
        return JsonObjects.write(g -> {
            g.writeStringField("model", f.model());
            g.writeStringField("signal", f.signal());
            g.writeStringField("rule", f.rule());
            g.writeStringField("severity", f.severity());
            if (f.record() != null) {
                g.writeFieldName("alert");
                g.writeRawValue(new String(AlertJson.toJson(f.record()), StandardCharsets.UTF_8));
            }
        });
    }
}
