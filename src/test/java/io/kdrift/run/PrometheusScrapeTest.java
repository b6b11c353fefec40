package io.kdrift.run;

import static io.kdrift.testing.Http.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.testing.KafkaCluster;
import io.kdrift.testing.PrometheusServer;
import io.kdrift.testing.SampleTotals;
import io.kdrift.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `kdrift run` on its embedded default broker, scraped by a real Prometheus server: the drift gauges of
 * a model arrive in Prometheus with the values of the latest score records, and `promtool check
 * metrics` accepts the scrape.
 */
class PrometheusScrapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesTheDriftGaugesOfAModel() throws Exception {
        String yaml = Files.readString(Path.of("examples/kdrift.yaml")).replace("grace: 10s", "grace: 10s\n  idleAfter: 3s")
                + "\nhttp: {host: 127.0.0.1, port: 0}\n"
                + "embedded: {port: 0, controllerPort: 0, dataDir: \"" + dir.resolve("kafka") + "\"}\n"
                + "kafka:\n  application.id: kdrift-prom\n  state.dir: \"" + dir.resolve("state") + "\"\n";
        KdriftConfig config = ConfigLoader.parse(yaml, "test.yaml");
        try (Monitor monitor = Monitor.start(config)) {
            assertTrue(monitor.awaitRunning(Duration.ofSeconds(60)));
            KafkaCluster.produce(monitor.bootstrapServers(), config.topics().input(), null, new SampleTotals().records, new Properties());
            String base = "http://127.0.0.1:" + monitor.httpPort();
            JsonNode latest = awaitLatest(base + "/scores?model=price-v1", "prediction", Duration.ofSeconds(60));

            String scrape = get(base + "/metrics");
            Tools.Result check = Tools.run(List.of(Tools.require("promtool"), "check", "metrics"), scrape.getBytes(StandardCharsets.UTF_8), 60);
            assertEquals(0, check.exitCode(), "promtool check metrics:\n" + check.output());

            try (PrometheusServer prometheus = PrometheusServer.start(dir, PrometheusServer.job("kdrift", "127.0.0.1:" + monitor.httpPort()), "")) {
                List<JsonNode> kl = prometheus.awaitSeries("kdrift_score_kl_nats{model=\"price-v1\",signal=\"prediction\"}", Duration.ofSeconds(60));
                assertEquals(1, kl.size());
                double scraped = Double.parseDouble(kl.get(0).path("value").get(1).asText());
                assertEquals(latest.get("kl").asDouble(), scraped, 1e-12, "the gauge shows the latest record's KL");
                List<JsonNode> pValue = prometheus.awaitSeries("kdrift_score_p_value{model=\"price-v1\",signal=\"prediction\"}", Duration.ofSeconds(10));
                assertEquals(latest.get("pValue").asDouble(), Double.parseDouble(pValue.get(0).path("value").get(1).asText()), 1e-12);
                List<JsonNode> accepted = prometheus.awaitSeries("kdrift_events_accepted_total", Duration.ofSeconds(10));
                assertEquals(2880, Double.parseDouble(accepted.get(0).path("value").get(1).asText()));
                assertTrue(!prometheus.awaitSeries("kafka_stream_thread_process_total", Duration.ofSeconds(10)).isEmpty()
                        || !prometheus.query("{__name__=~\"kafka_stream.*\"}").isEmpty(), "Kafka Streams metrics");
            }
        }
    }

    /** Waits for the last window of the sample (09:07) to be scored, and returns the signal's record. */
    private static JsonNode awaitLatest(String url, String signal, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode r : JSON.readTree(get(url))) {
                if (r.get("signal").asText().equals(signal) && r.get("windowStart").asText().equals("2026-01-05T09:07:00Z")) {
                    return r;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no score for " + signal + " at " + url + ": " + get(url));
    }
}
