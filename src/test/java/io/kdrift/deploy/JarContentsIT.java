package io.kdrift.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the runnable jar carries: the native libraries of the platforms the README names and no others, none of the
 * libraries kdrift leaves out (they were 13 MB of it), and a size the README states.
 */
class JarContentsIT {
    private static final Path JAR = Path.of(System.getProperty("kdrift.jar", "target/kdrift.jar"));

    @Test
    void theJarIsAtMost60MegabytesWithTheNativeLibrariesOfTheNamedPlatformsOnly() throws Exception {
        long size = Files.size(JAR);
        assertTrue(size <= 60L * 1024 * 1024, "target/kdrift.jar is " + size + " bytes; at most 60 MiB");
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> rocksdb = jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("librocksdbjni")).sorted()
                    .collect(Collectors.toList());
            assertEquals(List.of("librocksdbjni-linux-aarch64.so", "librocksdbjni-linux64.so", "librocksdbjni-osx-arm64.jnilib",
                    "librocksdbjni-osx-x86_64.jnilib"), rocksdb, "RocksDB for Linux x86_64/aarch64 (glibc) and macOS x86_64/arm64");
            List<String> otherNatives = jar.stream().map(e -> e.getName())
                    .filter(n -> n.endsWith(".so") || n.endsWith(".dylib") || n.endsWith(".jnilib") || n.endsWith(".dll"))
                    .filter(n -> !n.startsWith("librocksdbjni"))
                    .filter(n -> !(n.matches("(?i)(.*/)?(linux/(amd64|x86_64|aarch64)|darwin/(x86_64|aarch64)|mac/(x86_64|aarch64))/[^/]+")))
                    .collect(Collectors.toList());
            assertEquals(List.of(), otherNatives, "native libraries of platforms the README does not name");
            for (String left : List.of("scala/reflect/api/Universe.class", "org/apache/logging/log4j/core/LoggerContext.class",
                    "io/prometheus/metrics/expositionformats/internal/PrometheusProtobufWriterImpl.class")) {
                assertEquals(null, jar.getEntry(left), left + " is left out of the jar");
            }
            assertNotNull(jar.getEntry("org/apache/logging/slf4j/SLF4JProvider.class"),
                    "the broker's Log4j API calls go to slf4j");
        }
    }

    @Test
    void theBrokersLoggingControllerStartsWithoutALoggingProviderWarning(@TempDir Path dir) throws Exception {
        // the embedded broker's logging controller reads Log4j's API when its class starts; with no provider Log4j prints
        // "could not find a logging provider" on every start, with two it warns of the choice
        Path probe = dir.resolve("Probe.java");
        Files.writeString(probe, "public class Probe { public static void main(String[] a) throws Exception {"
                + " Class.forName(\"org.apache.kafka.server.logger.LoggingController\");"
                + " System.out.println(\"provider \" + org.apache.logging.log4j.LogManager.getContext().getClass().getName()); } }");
        Tools.Result result = Tools.run(List.of("java", "-cp", JAR.toAbsolutePath().toString(), probe.toString()), dir, null, 120);
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("provider org.apache.logging.slf4j"), result.output());
        assertFalse(result.output().contains("StatusLogger"), result.output());
    }
}
