package io.kdrift.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** kdrift (or a tool) run as a process by a test, its output written to a log file. */
public final class Processes {
    private Processes() {
    }

    /** The first match of {@code p} in the log, within 90 s; fails, with the log, when the process exits first. */
    public static Matcher awaitLine(Path log, Pattern p, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(read(log));
            if (m.find()) {
                return m;
            }
            assertTrue(process.isAlive(), () -> "it exited:\n" + read(log));
            Thread.sleep(200);
        }
        throw new AssertionError("no " + p + " in:\n" + read(log));
    }

    /** The log so far (what it could not read, if it could not). */
    public static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * Sends signal {@code name} (TERM, INT) to the process with kill(1), and fails when kill does. Not Process#destroy
     * for the signal under test: the JDK signals only when its new reading of the process's start time equals the one
     * it took at launch, and otherwise sends nothing and says nothing; three loaded CI runs saw destroy()'s SIGTERM never
     * handled (no "stopping" line, the JVM's signal dispatcher idle, its main thread still waiting for a stop).
     */
    public static void signal(Process p, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).redirectErrorStream(true).start();
        String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, () -> "kill -" + name + " " + p.pid() + ": " + out);
    }

    /** Stops within 60 s of its signal; if not, says what it printed last and where each of its threads is. */
    public static void assertStops(Process p, Path log) throws IOException, InterruptedException {
        if (p.waitFor(60, TimeUnit.SECONDS)) {
            return;
        }
        Process jstack = new ProcessBuilder("jstack", Long.toString(p.pid())).redirectErrorStream(true).start();
        String threads = new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String printed = read(log);
        throw new AssertionError("not stopped within 60 s of its signal; it printed last:\n"
                + printed.substring(Math.max(0, printed.length() - 6_000)) + "\nits threads:\n" + threads);
    }
}
