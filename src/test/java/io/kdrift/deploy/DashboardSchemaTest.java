package io.kdrift.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kdrift.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboards type-check against Grafana's own schema (npm @grafana/schema with TypeScript, installed by bin/install-test-deps). */
class DashboardSchemaTest {
    @TempDir
    Path dir;

    private static Tools.Result check(String... dashboardDir) throws Exception {
        assertTrue(Files.isDirectory(Path.of("grafana/schema-check/node_modules/@grafana/schema")),
                "the schema check's npm packages are not installed: run bin/install-test-deps (see README)");
        List<String> cmd = new java.util.ArrayList<>(List.of(Tools.require("node"), "grafana/schema-check/check.mjs"));
        cmd.addAll(List.of(dashboardDir));
        return Tools.run(cmd, null, 180);
    }

    @Test
    void theDashboardsMatchGrafanasSchema() throws Exception {
        Tools.Result r = check();
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("kdrift-overview.json") && r.output().contains("kdrift-model-detail.json"), r.output());
    }

    @Test
    void theCheckCatchesAnUnknownKeyAndAWrongType() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode unknownKey = (ObjectNode) json.readTree(Path.of("grafana/dashboards/kdrift-overview.json").toFile());
        ((ObjectNode) unknownKey.get("panels").get(0)).put("colour", "red");
        Files.createDirectories(dir.resolve("a"));
        json.writeValue(dir.resolve("a/d.json").toFile(), unknownKey);
        assertNotEquals(0, check(dir.resolve("a").toString()).exitCode(), "an unknown key passed");

        ObjectNode wrongType = (ObjectNode) json.readTree(Path.of("grafana/dashboards/kdrift-overview.json").toFile());
        wrongType.put("refresh", 30);
        ((ObjectNode) wrongType.get("panels").get(0).get("gridPos")).put("h", "tall");
        Files.createDirectories(dir.resolve("b"));
        json.writeValue(dir.resolve("b/d.json").toFile(), wrongType);
        assertNotEquals(0, check(dir.resolve("b").toString()).exitCode(), "a wrong type passed");
    }
}
