package io.kdrift.cli;

import static io.kdrift.testing.Processes.awaitLine;
import io.kdrift.testing.Http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.kdrift.testing.Await;
import io.kdrift.testing.KafkaCluster;
import io.kdrift.testing.PrometheusServer;
import io.kdrift.testing.SampleTotals;
import io.kdrift.testing.Tools;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole alerting path as an on-call engineer gets it: the built jar's {@code kdrift run}, a real
 * Prometheus loading the rules {@code kdrift prometheus-rules} generates, a real Alertmanager with the shipped
 * routing, and a webhook receiver. kdrift finds drift, the webhook gets it; then kdrift is killed mid-drift:
 * the webhook gets KdriftDown, and no "resolved" for drift that nobody has seen go away.
 */
class AlertingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BOOTSTRAP = Pattern.compile("at (127\\.0\\.0\\.1:\\d+)");
    private static final Pattern METRICS = Pattern.compile("http://localhost:(\\d+)/metrics");

    @TempDir
    Path dir;

    /** What Alertmanager posted, one JSON body per notification. */
    private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();

    @Test
    void aKilledKdriftSaysKdriftDownAndResolvesNoDriftItDidNotSeeEnd() throws Exception {
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        webhook.createContext("/alerts", ex -> {
            notifications.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        webhook.start();
        Files.writeString(dir.resolve("kdrift.yaml"), Files.readString(Path.of("examples/kdrift.yaml")).replace("grace: 10s", "grace: 10s\n  idleAfter: 3s")
                + "\nhttp: {host: 127.0.0.1, port: 0}\nembedded: {port: 0, controllerPort: 0}\n");
        Tools.Result rules = Tools.run(List.of("java", "-jar", System.getProperty("kdrift.jar"), "prometheus-rules", "--config",
                dir.resolve("kdrift.yaml").toString()), null, 60);
        assertEquals(0, rules.exitCode(), rules.output());
        // KdriftDown waits 1 minute before it fires; 5 seconds here, the rest as generated
        Files.writeString(dir.resolve("kdrift-rules.yml"), rules.output().replace("for: 1m\n", "for: 5s\n"));
        Process alertmanager = startAlertmanager(webhook.getAddress().getPort());
        Process kdrift = null;
        PrometheusServer prometheus = null;
        try {
            Path log = dir.resolve("kdrift.log");
            kdrift = new ProcessBuilder("java", "-jar", System.getProperty("kdrift.jar"), "run", "--config", "kdrift.yaml")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            String bootstrap = awaitLine(log, BOOTSTRAP, kdrift).group(1);
            String metricsPort = awaitLine(log, METRICS, kdrift).group(1);
            prometheus = PrometheusServer.start(dir, PrometheusServer.job("kdrift", "127.0.0.1:" + metricsPort),
                    "rule_files: ['" + dir.resolve("kdrift-rules.yml") + "']\nalerting:\n  alertmanagers:\n    - static_configs:\n"
                            + "        - targets: ['127.0.0.1:" + amPort + "']\n");
            KafkaCluster.produce(bootstrap, "predictions", null, new SampleTotals().records, new Properties());

            // the drift of the sample reaches the webhook, as firing
            Set<String> firing = awaitFiring(Duration.ofSeconds(120));
            assertTrue(firing.contains("KdriftSevereDrift price-v1/prediction"), firing.toString());
            // one alert per model, naming its drifted signals, in the model's notification; it mutes the plain KdriftDrift
            // warnings of its model (a severe shift is never muted)
            Await.until(() -> received("KdriftModelDrift", "firing"), Duration.ofSeconds(60), "KdriftModelDrift at the webhook");
            JsonNode model = firstFiring("KdriftModelDrift");
            assertTrue(model.at("/annotations/description").asText().contains("feature."), model.toString());
            for (JsonNode n : notifications) {
                Set<String> models = new TreeSet<>();
                n.get("alerts").forEach(a -> models.add(a.at("/labels/model").asText()));
                assertTrue(models.size() == 1, "one notification per model: " + models);
            }
            Set<String> modelAlerted = new TreeSet<>();
            notifications.forEach(n -> n.get("alerts").forEach(a -> {
                if (a.at("/labels/alertname").asText().equals("KdriftModelDrift")) {
                    modelAlerted.add(a.at("/labels/model").asText());
                }
            }));
            Set<String> mutedButSent = new TreeSet<>();
            notifications.forEach(n -> n.get("alerts").forEach(a -> {
                if (a.at("/labels/alertname").asText().equals("KdriftDrift") && modelAlerted.contains(a.at("/labels/model").asText())) {
                    mutedButSent.add(a.at("/labels/model").asText() + "/" + a.at("/labels/signal").asText());
                }
            }));
            assertTrue(mutedButSent.isEmpty(), "KdriftDrift of a model whose KdriftModelDrift fires is inhibited: " + mutedButSent);

            kdrift.destroyForcibly(); // SIGKILL, mid-drift
            assertTrue(kdrift.waitFor(30, TimeUnit.SECONDS));
            long killedAt = System.nanoTime();
            Await.until(() -> received("KdriftDown", "firing"), Duration.ofSeconds(90), "KdriftDown at the webhook");
            // longer than the resolve delay the rules had when they re-decided on the gauges (keep_firing_for 1m30s)
            while (System.nanoTime() - killedAt < Duration.ofSeconds(110).toNanos()) {
                Thread.sleep(1000);
            }
            for (JsonNode n : notifications) {
                for (JsonNode a : n.get("alerts")) {
                    String name = a.at("/labels/alertname").asText();
                    boolean drift = name.equals("KdriftDrift") || name.equals("KdriftSevereDrift") || name.equals("KdriftModelDrift");
                    assertFalse(drift && "resolved".equals(a.get("status").asText()), "a drift alert was resolved while kdrift was dead: " + a);
                }
            }
            // Prometheus still holds every drift alert it had as firing
            Set<String> stillFiring = new TreeSet<>();
            for (JsonNode a : JSON.readTree(prometheus.get("/api/v1/alerts")).at("/data/alerts")) {
                if ("firing".equals(a.get("state").asText()) && !"kdrift".equals(a.at("/labels/component").asText())) {
                    stillFiring.add(a.at("/labels/alertname").asText() + " " + a.at("/labels/model").asText() + "/" + a.at("/labels/signal").asText());
                }
            }
            assertTrue(stillFiring.containsAll(firing), "held: " + stillFiring + " had: " + firing);
            // the routing the shipped configuration documents: KdriftDown reached the webhook (and ML on-call, not reachable here)
            assertTrue(received("KdriftDown", "firing"));
        } finally {
            if (kdrift != null) {
                kdrift.destroyForcibly();
            }
            if (prometheus != null) {
                prometheus.close();
            }
            alertmanager.destroy();
            alertmanager.waitFor(10, TimeUnit.SECONDS);
            webhook.stop(0);
        }
    }

    private int amPort;

    /** The shipped Alertmanager configuration, its webhook pointed at the test's receiver and its waits shortened. */
    private Process startAlertmanager(int webhookPort) throws Exception {
        String config = Files.readString(Path.of("deploy/alertmanager/alertmanager.yml"))
                .replace("http://drift-webhook.example.internal:8080/alerts", "http://127.0.0.1:" + webhookPort + "/alerts")
                .replace("/etc/alertmanager/secrets/", Path.of("deploy/alertmanager/example-secrets").toAbsolutePath() + "/")
                .replace("group_wait: 30s", "group_wait: 1s")
                .replace("group_interval: 5m", "group_interval: 2s");
        assertTrue(config.contains("127.0.0.1:" + webhookPort) && config.contains("group_wait: 1s") && config.contains("group_interval: 2s"));
        Path file = dir.resolve("alertmanager.yml");
        Files.writeString(file, config);
        amPort = Tools.freePort();
        Process p = new ProcessBuilder(Tools.require("prometheus-alertmanager"), "--config.file=" + file, "--storage.path=" + dir.resolve("am"),
                "--web.listen-address=127.0.0.1:" + amPort, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        Await.until(() -> Http.status("http://127.0.0.1:" + amPort + "/-/ready") == 200, Duration.ofSeconds(30), "Alertmanager ready");
        return p;
    }

    /** The drift alerts the webhook has received as firing ("ALERTNAME model/signal"), once at least one has come. */
    private Set<String> awaitFiring(Duration timeout) throws Exception {
        Await.until(() -> received("KdriftSevereDrift", "firing"), timeout, "a drift alert at the webhook");
        Thread.sleep(5000); // the rest of the group
        Set<String> out = new TreeSet<>();
        for (JsonNode n : notifications) {
            for (JsonNode a : n.get("alerts")) {
                if ("firing".equals(a.get("status").asText()) && a.at("/labels/model").isTextual()) {
                    out.add(a.at("/labels/alertname").asText() + " " + a.at("/labels/model").asText() + "/" + a.at("/labels/signal").asText());
                }
            }
        }
        return out;
    }

    private JsonNode firstFiring(String alertname) {
        for (JsonNode n : notifications) {
            for (JsonNode a : n.get("alerts")) {
                if (alertname.equals(a.at("/labels/alertname").asText()) && "firing".equals(a.get("status").asText())) {
                    return a;
                }
            }
        }
        throw new AssertionError("no firing " + alertname);
    }

    private boolean received(String alertname, String status) {
        for (JsonNode n : notifications) {
            for (JsonNode a : n.get("alerts")) {
                if (alertname.equals(a.at("/labels/alertname").asText()) && status.equals(a.get("status").asText())) {
                    return true;
                }
            }
        }
        return false;
    }
}
