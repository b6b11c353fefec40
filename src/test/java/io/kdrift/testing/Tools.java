package io.kdrift.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** External tools the tests run (installed by bin/install-test-deps): a missing tool fails the test, never skips it. */
public final class Tools {
    private Tools() {
    }

    /** The path of a command on PATH; fails the test, naming the install step, when it is missing. */
    public static String require(String command) {
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError(command + " is not installed: run bin/install-test-deps (see README)");
    }

    /** The result of a finished command. */
    public record Result(int exitCode, String output) {
    }

    /** Runs a command with optional standard input, and returns its exit code and combined output. */
    public static Result run(List<String> command, byte[] stdin, long timeoutSeconds) throws IOException, InterruptedException {
        return run(command, null, stdin, timeoutSeconds);
    }

    /** Runs a command in {@code directory} (null: this one) with optional standard input. */
    public static Result run(List<String> command, Path directory, byte[] stdin, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process p = builder.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin);
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "timed out: " + command);
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    public static Result run(String... command) throws IOException, InterruptedException {
        return run(new ArrayList<>(List.of(command)), null, 120);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
