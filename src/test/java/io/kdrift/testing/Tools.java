package io.kdrift.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
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

    /** The DOM of a local page once headless Chromium has run its scripts (five seconds of virtual time); fails if Chromium does. */
    public static String renderedDom(Path page, Path profileDir) throws IOException, InterruptedException {
        Result r = run(List.of(require("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profileDir, "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString()), null, 120);
        assertEquals(0, r.exitCode(), r.output());
        return r.output();
    }

    /** How many times {@code regex} matches in {@code text}. */
    public static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
