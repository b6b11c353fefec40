package io.kdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `kdrift demo` from the built jar: the injected drift shows up in the live view, and it stops cleanly. */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void theInjectedDriftAppearsWithinAMinute() throws Exception {
        Path log = dir.resolve("demo.log");
        Process demo = new ProcessBuilder("java", "-jar", System.getProperty("kdrift.jar"), "demo",
                "--seconds", "45", "--drift-after", "20", "--port", "0", "--plain")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(demo.waitFor(120, TimeUnit.SECONDS), "the demo stops by itself");
        String out = Files.readString(log);
        assertEquals(0, demo.exitValue(), out);
        assertTrue(out.matches("(?s).*price-v1 +prediction .*DRIFT.*"), out);
        assertTrue(out.matches("(?s).*churn-v3 +feature\\.monthly_spend .*DRIFT.*"), out);
        assertTrue(out.contains("kdrift demo stopped"), out);
    }
}
