package io.kdrift.http;

import static io.kdrift.http.Responses.error;
import static io.kdrift.http.Responses.respond;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kdrift.config.RuleSettings;
import io.kdrift.metrics.LatestScores;
import io.kdrift.web.RecentWindows;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kdrift's HTTP endpoint, on the JDK's own server:
 * <ul>
 *   <li>{@code /metrics}: Prometheus text format, or OpenMetrics when the scraper asks for it;</li>
 *   <li>{@code /health}: 200 while the monitor is alive (Streams not failed or shut down, not stalled), else 503;</li>
 *   <li>{@code /ready}: 200 only while Kafka Streams is RUNNING and not stalled, else 503;</li>
 *   <li>{@code /scores}: the latest score record of every model and signal, as a JSON array
 *       ({@code ?model=ID} for one model);</li>
 *   <li>{@code /performance}: the latest final performance record of every model (labels joined by id), likewise;</li>
 *   <li>{@code /performance/estimated}: the latest estimated performance of every classifier (its last closed window's);</li>
 *   <li>{@code /verdicts}: the latest verdict of every model; {@code /alerts}: the alerts firing now; {@code /history?model=ID}
 *       and {@code /history/verdicts?model=ID}: a model's recent windows;</li>
 *   <li>{@code /cluster/RESOURCE}: any of these arrays gathered from every instance ({@link ClusterView});</li>
 *   <li>{@code /}: the live page, drawn with the report's chart code ({@code /assets/});</li>
 *   <li>{@code /runbook}: the runbook (docs/runbook.md) as a page, one anchor per alert: where alerts' runbook_url point.</li>
 * </ul>
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** What the health endpoints report. */
    public interface Health {
        boolean alive();

        boolean ready();

        String state();

        /** More JSON members for /health and /ready (input lag, stall, failures), or "" for none. */
        default String detail() {
            return "";
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    /** Restarts a model's reference ({@code kdrift rebaseline}); returns the request as JSON, or throws a UserError saying why not. */
    @FunctionalInterface
    public interface Rebaseline {
        byte[] request(String model);
    }

    public HttpEndpoint(String host, int port, PrometheusMeterRegistry registry, LatestScores scores, Supplier<Health> health) {
        this(host, port, registry, scores, health, null);
    }

    /** @param rebaseline what {@code POST /models/MODEL/rebaseline} does; null: the endpoint answers 403 (http.allowRebaseline) */
    public HttpEndpoint(String host, int port, PrometheusMeterRegistry registry, LatestScores scores, Supplier<Health> health,
                        Rebaseline rebaseline) {
        this(host, port, registry, scores, health, rebaseline, new Live(new RecentWindows(), Peers.NONE, List.of()));
    }

    /**
     * What the live page reads besides the latest records.
     *
     * @param recent recent windows and the alerts firing ({@code /history}, {@code /alerts})
     * @param peers  the other instances, which {@code /cluster/...} gathers from
     * @param rules  the alert rules, whose thresholds the charts draw ({@code /thresholds})
     */
    public record Live(RecentWindows recent, Peers peers, List<RuleSettings> rules) {
    }

    public HttpEndpoint(String host, int port, PrometheusMeterRegistry registry, LatestScores scores, Supplier<Health> health,
                        Rebaseline rebaseline, Live live) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + " for /metrics: " + e.getMessage(), e);
        }
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "kdrift-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", ex -> {
            String accept = ex.getRequestHeaders().getFirst("Accept");
            boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
            String type = openMetrics ? OPENMETRICS : PROMETHEUS_TEXT;
            respond(ex, 200, type, registry.scrape(type).getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/health", ex -> {
            Health h = health.get();
            respond(ex, h.alive() ? 200 : 503, "application/json",
                    ("{\"status\":\"" + (h.alive() ? "UP" : "DOWN") + "\",\"streams\":\"" + h.state() + "\"" + more(h) + "}").getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/ready", ex -> {
            Health h = health.get();
            respond(ex, h.ready() ? 200 : 503, "application/json",
                    ("{\"ready\":" + h.ready() + ",\"streams\":\"" + h.state() + "\"" + more(h) + "}").getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/models/", ex -> rebaseline(ex, rebaseline));
        byte[] runbook = Runbook.html();
        server.createContext("/runbook", ex -> respond(ex, 200, "text/html; charset=utf-8", runbook));
        // the live page and the data it reads: this instance's, or every instance's
        LiveRoutes.register(server, scores, live);
        server.start();
        LOG.info("HTTP endpoint on http://{}:{} (the live page at /; /metrics, /health, /ready, /scores, /verdicts, /performance, /alerts, /runbook)",
                host, port());
    }

    /** {@code POST /models/MODEL/rebaseline}: 202 with the request, 400 for a bad model, 403 when not allowed, 405 for another method. */
    private static void rebaseline(HttpExchange ex, Rebaseline rebaseline) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!path.startsWith("/models/") || !path.endsWith("/rebaseline")) {
            respond(ex, 404, "application/json", error("no such resource: POST /models/MODEL/rebaseline restarts a model's reference"));
            return;
        }
        if (!"POST".equals(ex.getRequestMethod())) {
            ex.getResponseHeaders().set("Allow", "POST");
            respond(ex, 405, "application/json", error("use POST to restart a model's reference"));
            return;
        }
        if (rebaseline == null) {
            respond(ex, 403, "application/json", error("re-baselining over HTTP is off: set http.allowRebaseline: true, or run kdrift rebaseline"));
            return;
        }
        String model = URLDecoder.decode(path.substring("/models/".length(), path.length() - "/rebaseline".length()), StandardCharsets.UTF_8);
        try {
            respond(ex, 202, "application/json", rebaseline.request(model));
        } catch (io.kdrift.UserError e) {
            respond(ex, 400, "application/json", error(e.getMessage()));
        }
    }

    private static String more(Health h) {
        String d = h.detail();
        return d.isEmpty() ? "" : "," + d;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
