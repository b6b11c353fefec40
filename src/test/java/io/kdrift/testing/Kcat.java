package io.kdrift.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records written by kcat (librdkafka: a producer that is neither kdrift nor Java), as a serving layer's shell would. */
public final class Kcat {
    private Kcat() {
    }

    /**
     * Writes {@code lines} (one record each, or as {@code options} say: {@code -K}, {@code -H}, {@code -p}, files) to
     * {@code topic}, and fails with kcat's output when it does not exit 0.
     */
    public static void produce(String bootstrapServers, String topic, String lines, List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Tools.require("kcat"), "-P", "-b", bootstrapServers, "-t", topic));
        command.addAll(options);
        Tools.Result kcat = Tools.run(command, lines.getBytes(StandardCharsets.UTF_8), 120);
        assertEquals(0, kcat.exitCode(), kcat.output());
    }
}
