package io.kdrift.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kdrift.alert.PrometheusRules;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deploy bundle, each part checked by its own tool or against its source. */
class DeployBundleTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    private static List<JsonNode> documents(Path file) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            }
        }
        return docs;
    }

    @Test
    void dockerComposeAcceptsTheStack() throws Exception {
        Tools.Result r = Tools.run(Tools.require("docker-compose"), "-f", "docker-compose.yml", "config", "-q");
        assertEquals(0, r.exitCode(), r.output());
        JsonNode compose = YAML.readTree(Path.of("docker-compose.yml").toFile());
        for (String service : List.of("kafka", "kdrift", "producer", "prometheus", "alertmanager", "grafana")) {
            assertTrue(compose.path("services").has(service), service);
        }
        assertTrue(compose.at("/services/kafka/image").asText().startsWith("apache/kafka:"));
        assertEquals("deploy/Dockerfile", compose.at("/services/kdrift/build/dockerfile").asText());
    }

    @Test
    void theImageIsMultiStageNonRootAndHealthChecked() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("deploy/Dockerfile"));
        assertTrue(lines.stream().filter(l -> l.startsWith("FROM ")).count() >= 2, "multi-stage");
        assertTrue(lines.stream().anyMatch(l -> l.matches("USER 10001(:10001)?")), "non-root user");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("HEALTHCHECK")), "health check");
        assertTrue(String.join("\n", lines).contains("GET /health"), "the health check asks /health");
    }

    @Test
    void theKubernetesManifestsCarryTheExpectedKindsLabelsAndProbes() throws Exception {
        List<JsonNode> docs = new ArrayList<>(documents(Path.of("deploy/kubernetes/manifests.yaml")));
        docs.addAll(documents(Path.of("deploy/kubernetes/prometheusrule.yaml")));
        Map<String, Integer> kinds = new HashMap<>();
        for (JsonNode d : docs) {
            kinds.merge(d.get("kind").asText(), 1, Integer::sum);
            assertEquals("kdrift", d.at("/metadata/labels/app.kubernetes.io~1name").asText(), d.get("kind") + " label");
        }
        assertEquals(Map.of("ConfigMap", 1, "StatefulSet", 1, "Service", 2, "ServiceMonitor", 1, "PrometheusRule", 1, "PodDisruptionBudget", 1), kinds);
        JsonNode sts = docs.stream().filter(d -> d.get("kind").asText().equals("StatefulSet")).findFirst().orElseThrow();
        JsonNode container = sts.at("/spec/template/spec/containers/0");
        assertEquals("/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/health", container.at("/livenessProbe/httpGet/path").asText());
        assertTrue(container.at("/resources/requests/cpu").isTextual() && container.at("/resources/requests/memory").isTextual());
        assertTrue(sts.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean());
        assertEquals("kdrift", sts.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText());
        assertEquals("state", sts.at("/spec/volumeClaimTemplates/0/metadata/name").asText());
        assertEquals("RuntimeDefault", sts.at("/spec/template/spec/securityContext/seccompProfile/type").asText());
        assertEquals("kubernetes.io/hostname", sts.at("/spec/template/spec/topologySpreadConstraints/0/topologyKey").asText(), "one replica per node");
        JsonNode pdb = docs.stream().filter(d -> d.get("kind").asText().equals("PodDisruptionBudget")).findFirst().orElseThrow();
        assertEquals(1, pdb.at("/spec/maxUnavailable").asInt());
        assertEquals("kdrift", pdb.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText());
        // memory: heap share + RocksDB budget + overhead within the limit
        Map<String, JsonNode> env = new HashMap<>();
        container.get("env").forEach(e -> env.put(e.get("name").asText(), e));
        assertEquals("-XX:MaxRAMPercentage=50", env.get("JAVA_TOOL_OPTIONS").get("value").asText());
        // the live page gathers every replica's models: each advertises its pod's IP
        assertEquals("status.podIP", env.get("KDRIFT_ADVERTISED_HOST").at("/valueFrom/fieldRef/fieldPath").asText());
        assertTrue(ConfigLoader.ENV_OVERRIDES.containsKey("KDRIFT_ADVERTISED_HOST"));
        assertEquals("2Gi", container.at("/resources/limits/memory").asText());
        JsonNode monitor = docs.stream().filter(d -> d.get("kind").asText().equals("ServiceMonitor")).findFirst().orElseThrow();
        assertEquals("/metrics", monitor.at("/spec/endpoints/0/path").asText());
    }

    @Test
    void oneImageTagAcrossTheDockerfileComposeAndKubernetes() throws Exception {
        JsonNode compose = YAML.readTree(Path.of("docker-compose.yml").toFile());
        String tag = compose.at("/services/kdrift/image").asText();
        assertEquals("kdrift:0.1.0", tag);
        assertEquals(tag, compose.at("/services/producer/image").asText());
        JsonNode sts = documents(Path.of("deploy/kubernetes/manifests.yaml")).stream().filter(d -> d.get("kind").asText().equals("StatefulSet"))
                .findFirst().orElseThrow();
        assertEquals(tag, sts.at("/spec/template/spec/containers/0/image").asText());
        assertTrue(Files.readString(Path.of("deploy/Dockerfile")).contains("docker build -f deploy/Dockerfile -t " + tag + " ."));
        assertTrue(Files.readString(Path.of("deploy/Dockerfile")).contains("-XX:MaxRAMPercentage=50"), "the same heap share as on Kubernetes");
    }

    @Test
    void theConfigMapHoldsTheShippedConfigurationWhichLoads() throws Exception {
        JsonNode configMap = documents(Path.of("deploy/kubernetes/manifests.yaml")).get(0);
        String inMap = configMap.at("/data/kdrift.yaml").asText();
        assertEquals(Files.readString(Path.of("deploy/kdrift.yaml")), inMap);
        KdriftConfig config = ConfigLoader.parse(inMap, "configmap");
        assertEquals(8080, config.http().port());
        assertEquals(5, config.window().size().toMinutes(), "the shipped Prometheus rules assume 5-minute windows");
    }

    @Test
    void thePrometheusRuleResourceCarriesTheSameRulesAsDeployPrometheus() throws Exception {
        JsonNode resource = documents(Path.of("deploy/kubernetes/prometheusrule.yaml")).get(0);
        JsonNode file = YAML.readTree(Path.of("deploy/prometheus/kdrift-rules.yml").toFile());
        assertEquals(file.get("groups"), resource.at("/spec/groups"));
        assertEquals(PrometheusRules.generateKubernetes(ConfigLoader.parse(Files.readString(Path.of("deploy/kdrift.yaml")), "t")),
                Files.readString(Path.of("deploy/kubernetes/prometheusrule.yaml")),
                "regenerate with `bin/kdrift prometheus-rules --kubernetes > deploy/kubernetes/prometheusrule.yaml`");
    }
}
