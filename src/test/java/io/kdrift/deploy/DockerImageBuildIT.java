package io.kdrift.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's build stage, without a Docker engine: the paths its COPY lines name, copied into an empty directory,
 * built by its own Maven command (offline, from the local repository this build filled). The image once did not
 * build: it copied pom.xml and src only, and the build's Checkstyle step needs build-config/checkstyle.xml.
 */
class DockerImageBuildIT {
    @TempDir
    Path context;

    @Test
    void theBuildStageBuildsFromWhatItCopiesAndItsJarServesTheRunbook() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("deploy/Dockerfile"));
        List<String> build = new ArrayList<>();
        List<String> runtime = new ArrayList<>();
        int froms = 0;
        for (String line : lines) {
            if (line.startsWith("FROM ")) {
                froms++;
            }
            (froms <= 1 ? build : runtime).add(line);
        }
        String mvn = null;
        for (String line : build) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("COPY")) {
                assertEquals(3, words.length, "COPY SOURCE DEST: " + line);
                copy(Path.of(words[1]), context.resolve(words[2].equals(".") ? words[1] : words[2]));
            } else if (words[0].equals("RUN") && words.length > 1 && words[1].equals("mvn")) {
                mvn = line.trim().substring(4);
            }
        }
        assertNotNull(mvn, "the build stage runs Maven");
        List<String> command = new ArrayList<>(Arrays.asList(mvn.split("\\s+")));
        command.add(1, "-o"); // offline: what it needs is in the local repository (the image's dependency:go-offline step)
        Tools.Result result = Tools.run(command, context, null, 600);
        assertEquals(0, result.exitCode(), String.join(" ", command) + " in a directory holding only what the Dockerfile copies:\n"
                + result.output());
        Path jar = context.resolve("target/kdrift.jar");
        assertTrue(Files.exists(jar), "the jar the runtime stage copies");
        try (JarFile j = new JarFile(jar.toFile())) {
            assertNotNull(j.getEntry("io/kdrift/http/runbook.md"), "the runbook kdrift serves at /runbook is in the image's jar");
            assertNotNull(j.getEntry("io/kdrift/web/page.html"), "the live page");
        }
        // the runtime stage's own files from the repository
        for (String line : runtime) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("COPY") && !words[1].startsWith("--from")) {
                assertTrue(Files.exists(Path.of(words[1])), line);
            }
        }
        Tools.Result version = Tools.run(List.of("java", "-jar", jar.toString(), "--version"), context, null, 60);
        assertEquals(0, version.exitCode(), version.output());
        assertFalse(version.output().isBlank());
    }

    private static void copy(Path from, Path to) throws Exception {
        if (Files.isDirectory(from)) {
            try (Stream<Path> all = Files.walk(from)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
        } else {
            Files.createDirectories(to.toAbsolutePath().getParent());
            Files.copy(from, to);
        }
    }
}
