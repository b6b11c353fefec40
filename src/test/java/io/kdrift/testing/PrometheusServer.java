package io.kdrift.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real Prometheus server (Debian's package) on 127.0.0.1, scraping the targets it is given every second. */
public final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final int port;
    private final Path log;

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts Prometheus with {@code scrapeConfigs} (YAML list items under scrape_configs) and extra top-level YAML. */
    public static PrometheusServer start(Path dir, String scrapeConfigs, String extraTopLevel) throws IOException, InterruptedException {
        String binary = Tools.require("prometheus");
        int port = Tools.freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n" + extraTopLevel
                + "scrape_configs:\n" + scrapeConfigs);
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(binary, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port, "--web.enable-lifecycle")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(p, port, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (server.get("/-/ready").contains("Ready")) {
                    return server;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!p.isAlive()) {
                throw new AssertionError("prometheus exited: " + Files.readString(log));
            }
            Thread.sleep(200);
        }
        server.close();
        throw new AssertionError("prometheus did not become ready: " + Files.readString(log));
    }

    /** A scrape_configs item for one target. */
    public static String job(String name, String target) {
        return "  - job_name: " + name + "\n    static_configs:\n      - targets: ['" + target + "']\n";
    }

    public int port() {
        return port;
    }

    public String get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Runs an instant PromQL query; returns the result vector (possibly empty). */
    public List<JsonNode> query(String promql) throws IOException, InterruptedException {
        JsonNode body = JSON.readTree(get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError("query failed: " + promql + ": " + body);
        }
        List<JsonNode> out = new java.util.ArrayList<>();
        body.path("data").path("result").forEach(out::add);
        return out;
    }

    /** Waits until the query returns at least one series. */
    public List<JsonNode> awaitSeries(String promql, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> result = List.of();
        while (System.nanoTime() < deadline) {
            result = query(promql);
            if (!result.isEmpty()) {
                return result;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no series for " + promql + " within " + timeout + "; targets: " + get("/api/v1/targets"));
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
