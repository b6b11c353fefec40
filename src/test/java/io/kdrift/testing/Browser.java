package io.kdrift.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's headless Chromium driven by playwright-core (src/test/browser, installed by bin/install-test-deps): a page's
 * console errors, charts and hover text as JSON, and screenshots. A missing Chromium or package fails the test.
 */
public final class Browser {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the tests' screenshots go: the build directory, to look at after a run. */
    public static final Path SCREENSHOTS = Path.of("target/screenshots");

    private final ArrayNode steps = JSON.createArrayNode();
    private boolean tolerateFailedRequests;
    private final List<String> failedRequests = new ArrayList<>();

    /**
     * For a page whose server goes away on purpose: failed requests (and the console's word of them) do not fail the run;
     * {@link #failedRequests} lists them.
     */
    public Browser toleratingFailedRequests() {
        tolerateFailedRequests = true;
        return this;
    }

    /** The requests that failed, with why (after {@link #run}). */
    public List<String> failedRequests() {
        return failedRequests;
    }

    public Browser go(String url) {
        steps.addObject().put("goto", url);
        return this;
    }

    public Browser waitFor(String css) {
        steps.addObject().put("waitFor", css);
        return this;
    }

    /** Waits up to {@code timeout} (20 s without it) for an element that matches. */
    public Browser waitFor(String css, java.time.Duration timeout) {
        steps.addObject().put("waitFor", css).put("timeout", timeout.toMillis());
        return this;
    }

    public Browser click(String css) {
        steps.addObject().put("click", css);
        return this;
    }

    public Browser fill(String css, String text) {
        steps.addObject().put("fill", css).put("text", text);
        return this;
    }

    /** Every chart now on the page ({@code .kchart}), hovered in the middle, under {@code name}. */
    public Browser collect(String name) {
        steps.addObject().put("collect", name);
        return this;
    }

    /** The value of a script expression, under {@code name}. */
    public Browser eval(String name, String expression) {
        steps.addObject().put("eval", expression).put("as", name);
        return this;
    }

    /** A full-page screenshot to target/screenshots/FILE. */
    public Browser screenshot(String file) throws java.io.IOException {
        Files.createDirectories(SCREENSHOTS);
        steps.addObject().put("screenshot", SCREENSHOTS.resolve(file).toAbsolutePath().toString());
        return this;
    }

    /** Runs the steps; fails on a console error, an uncaught exception or a failed request. */
    public JsonNode run() throws Exception {
        Tools.require("chromium");
        assertTrue(Files.isDirectory(Path.of("src/test/browser/node_modules/playwright-core")),
                "playwright-core is not installed: run bin/install-test-deps (see README)");
        List<String> cmd = new ArrayList<>(List.of(Tools.require("node"), "src/test/browser/check.mjs", JSON.writeValueAsString(steps)));
        Tools.Result r = Tools.run(cmd, null, 240);
        assertEquals(0, r.exitCode(), r.output());
        String out = r.output().trim();
        JsonNode result = JSON.readTree(out.substring(out.lastIndexOf("\n{") + 1));
        assertEquals(0, result.get("pageErrors").size(), "uncaught exceptions: " + result.get("pageErrors"));
        result.get("failedRequests").forEach(f -> failedRequests.add(f.asText()));
        if (tolerateFailedRequests) {
            result.get("console").forEach(c -> assertTrue(c.asText().contains("Failed to load resource") || c.asText().contains("ERR_CONNECTION_REFUSED"),
                    "a console message other than a failed request: " + c));
        } else {
            assertEquals(0, result.get("console").size(), "console errors or warnings: " + result.get("console"));
            assertEquals(0, failedRequests.size(), "failed requests: " + failedRequests);
        }
        return result.get("collected");
    }

    /** The charts a {@link #collect} step found. */
    public static List<ObjectNode> charts(JsonNode collected, String name) {
        List<ObjectNode> out = new ArrayList<>();
        collected.get(name).forEach(c -> out.add((ObjectNode) c));
        return out;
    }
}
