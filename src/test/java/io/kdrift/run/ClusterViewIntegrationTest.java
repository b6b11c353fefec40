package io.kdrift.run;

import io.kdrift.testing.Http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.testing.Await;
import io.kdrift.testing.Browser;
import io.kdrift.testing.KafkaCluster;
import io.kdrift.testing.Tools;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of one kdrift application on a real broker, as behind a Kubernetes Service: each has the models of its
 * tasks; {@code /cluster/scores} of either gathers both, finding the other through Kafka Streams' own metadata
 * (http.advertisedHost → application.server), and the live page says it shows every instance.
 */
class ClusterViewIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000;
    private static final int MODELS = 8;

    @TempDir
    Path dir;

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = Http.response(url);
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private static Set<String> models(JsonNode records) {
        Set<String> out = new TreeSet<>();
        records.forEach(r -> out.add(r.get("model").asText()));
        return out;
    }

    private KdriftConfig config(KafkaCluster cluster, String id, String name, int port) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "window: {size: 1m, grace: 0s, idleAfter: 1h}\n"
                + "topics: {input: in-" + id + ", scores: scores-" + id + ", verdicts: verdicts-" + id + ", alerts: alerts-" + id
                + ", deadLetter: dlq-" + id + ", reference: reference-" + id + ", partitions: 4}\n"
                + "http: {port: " + port + ", host: 127.0.0.1, advertisedHost: 127.0.0.1}\n"
                + "kafka:\n  bootstrap.servers: " + cluster.bootstrapServers() + "\n  application.id: kdrift-" + id
                + "\n  state.dir: " + dir.resolve("state-" + name) + "\n  commit.interval.ms: 200\n");
        return ConfigLoader.load(file);
    }

    @Test
    void eitherInstanceGathersTheModelsOfBoth() throws Exception {
        String id = Long.toHexString(System.nanoTime());
        try (KafkaCluster cluster = KafkaCluster.shared()) {
            KdriftConfig a = config(cluster, id, "a", Tools.freePort());
            KdriftConfig b = config(cluster, id, "b", Tools.freePort());
            try (Monitor first = Monitor.start(a); Monitor second = Monitor.start(b)) {
                assertTrue(first.awaitRunning(Duration.ofSeconds(90)) && second.awaitRunning(Duration.ofSeconds(90)), "both RUNNING");
                // 8 models keyed by model over 4 partitions: each instance gets some of them
                long t0 = (System.currentTimeMillis() / MINUTE - 30) * MINUTE;
                Random rnd = new Random(3);
                List<byte[][]> events = new ArrayList<>();
                for (int w = 0; w <= 3; w++) {
                    for (int m = 0; m < MODELS; m++) {
                        for (int i = 0; i < (w == 3 ? 1 : 40); i++) {
                            String json = String.format(Locale.ROOT, "{\"model\":\"m%d\",\"timestamp\":%d,\"prediction\":0.5,\"features\":{\"x\":%.4f}}",
                                    m, t0 + w * MINUTE + i * 1000L, rnd.nextGaussian());
                            events.add(new byte[][] {("m" + m).getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)});
                        }
                    }
                }
                cluster.produce(a.topics().input(), events);
                String baseA = "http://127.0.0.1:" + first.httpPort();
                String baseB = "http://127.0.0.1:" + second.httpPort();
                Await.until(() -> models(get(baseA + "/scores")).size() + models(get(baseB + "/scores")).size() == MODELS,
                        Duration.ofSeconds(90), "every model scored by one of the instances");
                Set<String> ofA = models(get(baseA + "/scores"));
                Set<String> ofB = models(get(baseB + "/scores"));
                assertFalse(ofA.isEmpty() || ofB.isEmpty(), "each instance has some models: " + ofA + " " + ofB);

                for (String base : List.of(baseA, baseB)) {
                    JsonNode gathered = get(base + "/cluster/scores");
                    assertEquals(MODELS, models(gathered.get("records")).size(), base + ": " + models(gathered.get("records")));
                    assertEquals(2, gathered.get("instances").size(), gathered.get("instances").toString());
                    gathered.get("instances").forEach(i -> assertTrue(i.get("answered").asBoolean(), i.toString()));
                    String model = ofB.iterator().next();
                    // the owner may score another window between the two requests (the last one closes by the idle clock):
                    // asked until both answers are of the same moment
                    Await.until(() -> get(baseB + "/history?model=" + model).equals(get(base + "/cluster/history?model=" + model).get("records")),
                            Duration.ofSeconds(60), "the model's recent windows, from the instance that has it");
                    JsonNode owners = get(baseB + "/history?model=" + model);
                    assertTrue(owners.size() >= 3 * 2, "3 windows of x and of prediction at least: " + owners);
                }
                JsonNode page = new Browser().go(baseA + "/").waitFor("body[data-rendered=true]")
                        .eval("instances", "document.getElementById('instances').textContent")
                        .eval("models", "[...document.querySelectorAll('table.models tbody tr')].map(r => r.dataset.model)").run();
                assertTrue(page.get("instances").asText().startsWith("models of all 2 instances"), page.get("instances").asText());
                assertEquals(MODELS, page.get("models").size(), page.get("models").toString());
            }
        }
    }
}
