package io.kdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.testing.Tools;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes a user makes, on the built jar: each ends in one line that says what is wrong and what to check,
 * a non-zero exit, no stack trace, and within seconds (no minute of retries against a broker that is not there).
 */
class UserErrorsIT {
    @TempDir
    Path dir;

    private Tools.Result kdrift(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", System.getProperty("kdrift.jar")));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Process p = b.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        return new Tools.Result(p.exitValue(), new String(out, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The last line is kdrift's, and names what it must; nothing looks like a stack trace. */
    private static void oneClearLine(Tools.Result r, int exitCode, String... mustSay) {
        assertEquals(exitCode, r.exitCode(), r.output());
        assertFalse(r.output().contains("\tat ") || r.output().contains("Exception in thread"), "a stack trace:\n" + r.output());
        String[] lines = r.output().strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("kdrift: "), r.output());
        for (String s : mustSay) {
            assertTrue(last.contains(s), "'" + s + "' not in: " + last);
        }
    }

    @Test
    void replayWithAnInputThatIsMissingADirectoryOrAnOutputThatCannotBeWritten() throws Exception {
        Path sample = Path.of("examples/events.jsonl").toAbsolutePath();
        Path config = Path.of("examples/kdrift.yaml").toAbsolutePath();
        oneClearLine(kdrift("replay", "--config", config.toString(), "--input", "nope.jsonl", "--output", "s.jsonl"), 2,
                "--input nope.jsonl", "no such file");
        oneClearLine(kdrift("replay", "--config", config.toString(), "--input", dir.toString(), "--output", "s.jsonl"), 2, "is a directory");
        oneClearLine(kdrift("replay", "--config", config.toString(), "--input", sample.toString(), "--output", "missing/dir/s.jsonl"), 2,
                "missing/dir/s.jsonl", "no such file or directory");
        Files.createDirectories(dir.resolve("out"));
        oneClearLine(kdrift("replay", "--config", config.toString(), "--input", sample.toString(), "--output", "out"), 2, "out: is a directory");
        oneClearLine(kdrift("replay", "--config", "nope.yaml", "--input", sample.toString(), "--output", "s.jsonl"), 2, "nope.yaml");
        // --verbose shows where
        Tools.Result verbose = kdrift("replay", "--verbose", "--config", config.toString(), "--input", sample.toString(), "--output", "out");
        assertEquals(2, verbose.exitCode());
        assertTrue(verbose.output().contains("\tat "), verbose.output());
    }

    @Test
    void runAgainstABrokerThatIsNotThereGivesUpInSecondsAndSaysWhere() throws Exception {
        int port = Tools.freePort();
        Files.writeString(dir.resolve("kdrift.yaml"), "kafka:\n  bootstrap.servers: 127.0.0.1:" + port + "\nhttp: {port: 0}\n");
        long started = System.nanoTime();
        Tools.Result r = kdrift("run", "--config", "kdrift.yaml");
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        oneClearLine(r, 1, "cannot reach Kafka at 127.0.0.1:" + port, "bootstrap.servers");
        assertTrue(seconds < 40, "gave up after " + seconds + " s");

        started = System.nanoTime();
        Tools.Result send = kdrift("send", "--input", Path.of("examples/events.jsonl").toAbsolutePath().toString(),
                "--bootstrap-servers", "127.0.0.1:" + port);
        oneClearLine(send, 1, "cannot send to topic predictions at 127.0.0.1:" + port);
        assertTrue((System.nanoTime() - started) / 1_000_000_000L < 40, "send gave up in seconds");
    }

    @Test
    void theEmbeddedBrokersPortTakenSaysHowToUseTheBrokerThere() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Files.writeString(dir.resolve("kdrift.yaml"), "embedded: {port: " + port + ", controllerPort: 0}\nhttp: {port: 0}\n");
            oneClearLine(kdrift("run", "--config", "kdrift.yaml"), 1, "port " + port, "already in use", "KDRIFT_BOOTSTRAP_SERVERS=127.0.0.1:" + port);
        }
    }
}
