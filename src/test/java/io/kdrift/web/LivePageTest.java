package io.kdrift.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import io.kdrift.http.HttpEndpoint;
import io.kdrift.metrics.LatestScores;
import io.kdrift.result.ScoreRecord;
import io.kdrift.testing.Browser;
import io.kdrift.testing.Http;
import io.kdrift.topology.DriftTopology;
import io.kdrift.topology.EventCounters;
import io.kdrift.topology.ScoreListener;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page at {@code /}, in headless Chromium, over what the topology told the listeners of the shipped sample: every
 * signal's latest window, sortable and filterable, the alerts firing, and a model's detail view with its recent windows, the
 * latest distribution against its reference (bins in order) and its top contributors.
 */
class LivePageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The sample's first event. */
    private static final long T0 = Instant.parse("2026-01-05T09:00:00Z").toEpochMilli();

    @TempDir
    static Path dir;
    static LatestScores latest;
    static RecentWindows recent;
    static HttpEndpoint http;
    static String base;
    static TopologyTestDriver driver;

    @BeforeAll
    static void runTheSampleThroughTheTopologyAndServeThePage() throws Exception {
        KdriftConfig config = ConfigLoader.load(Path.of("examples/kdrift.yaml"));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        latest = new LatestScores(registry);
        recent = new RecentWindows();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "kdrift-page-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        EventCounters counters = new EventCounters();
        // kept open to the end: closing the topology releases its models, and the page would have nothing to show
        driver = new TopologyTestDriver(DriftTopology.build(config, counters,
                ScoreListener.all(latest, recent), DriftTopology.Mode.KAFKA), props, Instant.ofEpochMilli(T0));
        {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
            // as a live monitor sees the sample: each event when it happens, the wall clock keeping up
            long now = T0;
            for (String line : Files.readAllLines(Path.of("examples/events.jsonl"))) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"timestamp\":(\\d+)").matcher(line);
                long t = m.find() ? Long.parseLong(m.group(1)) : now; // the sample's bad lines (on purpose) have none
                if (t > now) {
                    driver.advanceWallClockTime(java.time.Duration.ofMillis(t - now));
                    now = t;
                }
                input.pipeInput(null, line.getBytes(StandardCharsets.UTF_8), t);
            }
            // the end of the sample: the last windows close once the model has been quiet past window.idleAfter
            driver.advanceWallClockTime(config.window().size().plus(config.window().grace()).plus(config.window().idleAfter()).plusMillis(1));
        }
        // and a model whose last window shifted so far, on so many events, that its p-value is exactly 0 (the tail underflows)
        for (int w = 0; w < 4; w++) {
            double p = w < 3 ? 0.4 : 0.0;
            ScoreRecord r = ScoreRecord.scored("big-model", "feature.x", T0 + w * 60_000L, T0 + (w + 1) * 60_000L, io.kdrift.result.ScoreStatus.OK,
                    3, 3_000_000, 1_000_000, new io.kdrift.stats.DriftScores(2, 3_000_000, 1_000_000, w < 3 ? 1e-6 : 0.9, 0.9, 1, 1, 1, 0.2, 1.8,
                    w < 3 ? 1.8 : 1.8e6, p), List.of(new ScoreRecord.BinShare("a", 0.5, w < 3 ? 0.5 : 0.05),
                    new ScoreRecord.BinShare("b", 0.5, w < 3 ? 0.5 : 0.95)), List.of());
            latest.onScore(r);
            recent.onScore(r);
        }
        http = new HttpEndpoint("127.0.0.1", 0, registry, latest, () -> health(true, ""), null,
                new HttpEndpoint.Live(recent, io.kdrift.http.Peers.NONE, config.alerts().rules()));
        base = "http://127.0.0.1:" + http.port();
    }

    @AfterAll
    static void stop() {
        http.close();
        driver.close();
    }

    /** What /health says: alive (Kafka Streams RUNNING) or not (stalled, as MonitorHealth's detail puts it). */
    private static HttpEndpoint.Health health(boolean alive, String detail) {
        return new HttpEndpoint.Health() {
            @Override
            public boolean alive() {
                return alive;
            }

            @Override
            public boolean ready() {
                return alive;
            }

            @Override
            public String state() {
                return "RUNNING";
            }

            @Override
            public String detail() {
                return detail;
            }
        };
    }

    /** Peers of an instance advertised at 127.0.0.1:1, the others as the supplier says. */
    private static io.kdrift.http.Peers peers(java.util.function.Supplier<List<String>> others) {
        return new io.kdrift.http.Peers() {
            @Override
            public String self() {
                return "127.0.0.1:1";
            }

            @Override
            public List<String> others() {
                return others.get();
            }
        };
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = Http.response(base + path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void theOverviewListsEverySignalAndAlertAndSortsAndFilters() throws Exception {
        List<ScoreRecord> scores = latest.latest();
        List<RecentWindows.Firing> firing = recent.firing();
        assertFalse(firing.isEmpty(), "the sample fires alerts");
        JsonNode seen = new Browser().go(base + "/").waitFor("body[data-rendered=true]")
                .eval("rows", "[...document.querySelectorAll('table.signals tbody tr')].map(r => r.dataset.model + '/' + r.dataset.signal)")
                .eval("alertRows", "document.querySelectorAll('#alerts table.alerts tbody tr').length")
                .eval("severities", "[...document.querySelectorAll('#alerts table.alerts tbody tr')].map(r => r.className)")
                .eval("instances", "document.getElementById('instances').textContent")
                .screenshot("live.png")
                .click("table.signals th[data-key=kl]")
                .eval("klSorted", "[...document.querySelectorAll('table.signals tbody tr')].map(r => r.children[5].textContent)")
                .fill("#filter", "price-v1")
                .eval("filtered", "[...document.querySelectorAll('table.signals tbody tr')].map(r => r.dataset.model)")
                .run();
        assertEquals(scores.size(), seen.get("rows").size(), "a row per model and signal: " + seen.get("rows"));
        for (ScoreRecord s : scores) {
            assertTrue(seen.get("rows").toString().contains("\"" + s.key() + "\""), s.key());
        }
        assertEquals(firing.size(), seen.get("alertRows").asInt(), "a row per alert firing");
        long critical = firing.stream().filter(f -> f.severity().equals("critical")).count();
        assertTrue(critical > 0);
        for (int i = 0; i < firing.size(); i++) {
            assertEquals(i < critical ? "critical" : "warning", seen.get("severities").get(i).asText(), "critical first: " + seen.get("severities"));
        }
        assertTrue(seen.get("instances").asText().startsWith("this instance's models only"), "it says which part it shows: " + seen.get("instances"));

        // sorted by KL, largest first; "–" (no KL: events, log_loss, warming up) last
        List<Double> kls = new ArrayList<>();
        seen.get("klSorted").forEach(v -> {
            if (!v.asText().equals("–")) {
                kls.add(Double.parseDouble(v.asText().replace(",", "")));
            }
        });
        assertTrue(kls.size() >= 10, kls.toString());
        for (int i = 1; i < kls.size(); i++) {
            assertTrue(kls.get(i - 1) >= kls.get(i), "KL descending: " + kls);
        }
        assertTrue(seen.get("klSorted").get(0).asText().matches("[0-9.]+"), "numbers before the blanks");
        long priceSignals = scores.stream().filter(s -> s.model().equals("price-v1")).count();
        assertEquals(priceSignals, seen.get("filtered").size());
        seen.get("filtered").forEach(m -> assertEquals("price-v1", m.asText()));
    }

    @Test
    void aModelsDetailDrawsItsRecentWindowsAndItsLatestDistributionInBinOrder() throws Exception {
        String model = "churn-v3";
        JsonNode seen = new Browser().go(base + "/").waitFor("body[data-rendered=true]")
                .click("table.models tbody tr[data-model='" + model + "']").waitFor("body[data-detail='" + model + "']")
                .collect("charts").eval("verdict", "document.getElementById('verdict').textContent")
                .eval("contributors", "document.querySelectorAll('#detailSignals ul.contributors li').length")
                .screenshot("live-detail.png").run();
        List<ObjectNode> charts = Browser.charts(seen, "charts");
        List<ScoreRecord> history = recent.scores(model);
        List<ScoreRecord> latestOfModel = latest.latest().stream().filter(s -> s.model().equals(model)).toList();
        int expected = 0;
        for (ScoreRecord s : latestOfModel) {
            expected += s.signal().equals("events") || s.signal().equals("log_loss") ? 1 : 3 + (s.distribution().isEmpty() ? 0 : 1);
        }
        assertEquals(expected, charts.size(), "charts of " + model);
        for (ObjectNode c : charts) {
            assertTrue(c.get("canvas").asBoolean(), c.toString());
            if (c.get("kind").asText().equals("line") && c.get("points").asInt() > 0) {
                assertTrue(c.get("hover").asText("").contains(" events · "), "hover names the window's events: " + c);
            }
            if ("kl".equals(c.path("metric").asText(null))) {
                assertTrue(c.get("thresholds").asInt() > 0, "the KL rules' thresholds drawn: " + c);
            }
            if ("pValue".equals(c.path("metric").asText(null))) {
                assertTrue(Double.isFinite(c.get("yMin").asDouble()) && c.get("yMin").asDouble() > 0, c.toString());
                long windows = history.stream().filter(s -> s.signal().equals(c.get("signal").asText()) && s.divergences() != null).count();
                assertEquals(windows, c.get("points").asInt(), "a point per recent window with a p-value: " + c);
            }
            if (c.get("kind").asText().equals("distribution")) {
                ScoreRecord r = latestOfModel.stream().filter(s -> s.signal().equals(c.get("signal").asText())).findFirst().orElseThrow();
                List<String> bins = r.distribution().stream().map(ScoreRecord.BinShare::bin).toList();
                List<String> drawn = new ArrayList<>();
                c.get("bins").forEach(b -> drawn.add(b.asText()));
                assertEquals(bins, drawn, "the latest window's bins, in order");
                assertTrue(c.get("hover").asText("").contains(" · reference "), c.toString());
            }
        }
        assertTrue(seen.get("verdict").asText().contains("signals drifted"), seen.get("verdict").asText());
        assertTrue(seen.get("contributors").asInt() > 0, "top contributors listed");
    }

    @Test
    void aPValueOfZeroOnTheModelsPageIsDrawnAtTheAxisFloorAndMarked() throws Exception {
        JsonNode seen = new Browser().go(base + "/#model=big-model").waitFor("body[data-detail='big-model']").collect("charts")
                .screenshot("live-p0.png").run();
        ObjectNode p = Browser.charts(seen, "charts").stream().filter(c -> "pValue".equals(c.path("metric").asText(null))).findFirst().orElseThrow();
        assertEquals(4, p.get("points").asInt());
        assertEquals(1, p.get("clamped").asInt(), p.toString());
        assertTrue(p.get("title").asText().contains("▼ 1 below") && p.get("title").asText().contains("exactly 0"), p.toString());
        double min = p.get("yMin").asDouble();
        assertTrue(min >= 1e-20 && min <= 1e-6 && p.get("yMax").asDouble() <= 1, "a finite log axis below the other windows' p: " + p);
    }

    @Test
    void anInstanceThatDoesNotAnswerIsNamedNotHidden() throws Exception {
        // an instance with no model of its own, whose peers are the instance above and one that is gone
        int gone = io.kdrift.testing.Tools.freePort();
        io.kdrift.http.Peers peers = peers(() -> List.of("127.0.0.1:" + http.port(), "127.0.0.1:" + gone));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (HttpEndpoint third = new HttpEndpoint("127.0.0.1", 0, registry, new LatestScores(registry), () -> health(true, ""), null,
                new HttpEndpoint.Live(new RecentWindows(), peers, List.of()))) {
            String url = "http://127.0.0.1:" + third.port();
            JsonNode gathered = JSON.readTree(Http.response(url + "/cluster/scores").body());
            assertEquals(latest.latest().size(), gathered.get("records").size(), "the answering peer's records");
            assertEquals(3, gathered.get("instances").size());
            JsonNode missing = gathered.get("instances").get(2);
            assertEquals("127.0.0.1:" + gone, missing.get("instance").asText());
            assertFalse(missing.get("answered").asBoolean());
            assertTrue(missing.get("error").asText().contains("ConnectException"), missing.toString());
            JsonNode seen = new Browser().go(url + "/").waitFor("body[data-rendered=true]")
                    .eval("instances", "document.getElementById('instances').textContent").run();
            assertTrue(seen.get("instances").asText().startsWith("models of 2 of 3 instances — not answering: 127.0.0.1:" + gone),
                    seen.get("instances").asText());
        }
    }

    @Test
    void whenKafkaStreamsCannotSayWhereTheOthersAreThePageSaysSo() throws Exception {
        io.kdrift.http.Peers shuttingDown = peers(() -> {
            throw new IllegalStateException("Kafka Streams is PENDING_SHUTDOWN, so the other instances are not known now");
        });
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (HttpEndpoint alone = new HttpEndpoint("127.0.0.1", 0, registry, latest, () -> health(true, ""), null,
                new HttpEndpoint.Live(new RecentWindows(), shuttingDown, List.of()))) {
            String url = "http://127.0.0.1:" + alone.port();
            JsonNode seen = new Browser().go(url + "/").waitFor("body[data-rendered=true]")
                    .eval("instances", "document.getElementById('instances').textContent").run();
            assertEquals("this instance's models only: Kafka Streams is PENDING_SHUTDOWN, so the other instances are not known now",
                    seen.get("instances").asText());
        }
    }

    @Test
    void inputRecordsDeletedBeforeKdriftReadThemAreSaidInRedWithTheirTopics() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String lost = "\"inputLag\":0,\"stalled\":false,\"lastProgress\":\"2026-11-30T16:23:48.622Z\",\"threadFailures\":0,"
                + "\"inputRecordsLost\":789,\"inputRecordsLostByTopic\":{\"labels\":155,\"predictions\":634}";
        try (HttpEndpoint endpoint = new HttpEndpoint("127.0.0.1", 0, registry, latest, () -> health(true, lost), null,
                new HttpEndpoint.Live(recent, io.kdrift.http.Peers.NONE, List.of()))) {
            JsonNode seen = new Browser().go("http://127.0.0.1:" + endpoint.port() + "/").waitFor("body[data-rendered=true]")
                    .eval("lost", "document.getElementById('lost').hidden ? '' : document.getElementById('lost').textContent")
                    .eval("health", "document.getElementById('health').textContent").screenshot("live-lost.png").run();
            assertEquals("789 input records were deleted by the broker before kdrift read them (labels: 155, predictions: 634): their windows "
                    + "are scored without them", seen.get("lost").asText());
            assertEquals("healthy (Kafka Streams RUNNING)", seen.get("health").asText(), "alive: a loss is not a reason to restart");
        }
        // none lost: nothing said
        JsonNode none = new Browser().go("http://127.0.0.1:" + http.port() + "/").waitFor("body[data-rendered=true]")
                .eval("hidden", "String(document.getElementById('lost').hidden)").run();
        assertEquals("true", none.get("hidden").asText());
    }

    @Test
    void aStalledOrDeadKdriftIsSaidAboveItsOldData() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String stalled = "\"inputLag\":36,\"stalled\":true,\"lastProgress\":\"2026-11-30T16:23:48.622Z\",\"threadFailures\":0";
        try (HttpEndpoint stuck = new HttpEndpoint("127.0.0.1", 0, registry, latest, () -> health(false, stalled), null,
                new HttpEndpoint.Live(recent, io.kdrift.http.Peers.NONE, List.of()))) {
            // Chromium logs the 503 of /health as a console error: the page's own words are what is checked
            JsonNode seen = new Browser().toleratingFailedRequests().go("http://127.0.0.1:" + stuck.port() + "/").waitFor("body[data-rendered=true]")
                    .eval("health", "document.getElementById('health').textContent").screenshot("live-stalled.png").run();
            assertEquals("kdrift is stalled: input waits and nothing was committed since 2026-11-30T16:23:48.622Z (/health 503); what follows may be old",
                    seen.get("health").asText());
        }
        // a kdrift that dies under an open page: the next refresh says so, and when the data were last fresh. It dies when
        // the page's second refresh asks /health (the first has rendered by then), not after a fixed time: Chromium,
        // started on a loaded machine, once took longer than that to load the page at all
        java.util.concurrent.CountDownLatch secondRefresh = new java.util.concurrent.CountDownLatch(2);
        HttpEndpoint dying = new HttpEndpoint("127.0.0.1", 0, registry, latest, () -> {
            secondRefresh.countDown();
            return health(true, "");
        }, null, new HttpEndpoint.Live(recent, io.kdrift.http.Peers.NONE, List.of()));
        Thread closer = new Thread(() -> {
            try {
                secondRefresh.await(90, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            dying.close();
        });
        closer.start();
        Browser browser = new Browser().toleratingFailedRequests();
        JsonNode seen = browser.go("http://127.0.0.1:" + dying.port() + "/").waitFor("body[data-rendered=true]")
                .eval("before", "document.getElementById('health').textContent")
                .waitFor("#health[data-status=UNREACHABLE]", java.time.Duration.ofSeconds(60))
                .eval("after", "document.getElementById('health').textContent").run();
        closer.join();
        assertEquals("healthy (Kafka Streams RUNNING)", seen.get("before").asText());
        assertTrue(seen.get("after").asText().matches("kdrift does not answer \\(.+\\): what follows is from \\d\\d:\\d\\d:\\d\\d UTC; retrying every 10 s"),
                seen.get("after").asText());
        assertTrue(browser.failedRequests().stream().allMatch(u -> u.contains("/health") || u.contains("/cluster/")), browser.failedRequests().toString());
    }

    @Test
    void theApiAnswersWhatThePageReads() throws Exception {
        JsonNode cluster = get("/cluster/scores");
        assertEquals(1, cluster.get("instances").size());
        assertEquals(latest.latest().size(), cluster.get("records").size());
        assertTrue(cluster.get("records").get(0).has("distribution") || cluster.get("records").toString().contains("\"distribution\""),
                "the latest records carry their distributions");
        assertTrue(cluster.get("records").toString().contains("\"topContributors\""));
        JsonNode history = get("/history?model=churn-v3");
        assertEquals(recent.scores("churn-v3").size(), history.size());
        assertTrue(history.size() > latest.latest().stream().filter(r -> r.model().equals("churn-v3")).count(), "more than the latest window");
        assertFalse(history.toString().contains("\"distribution\"") || history.toString().contains("\"topContributors\""),
                "the recent windows keep their numbers, not their bins");
        JsonNode brief = get("/cluster/scores?brief");
        assertEquals(latest.latest().size(), brief.get("records").size());
        assertFalse(brief.toString().contains("\"distribution\""), "brief: without the bins");
        JsonNode one = get("/cluster/scores?model=price-v1&brief");
        one.get("records").forEach(r -> assertEquals("price-v1", r.get("model").asText()));
        assertFalse(one.get("records").isEmpty());
        JsonNode alerts = get("/alerts");
        assertEquals(recent.firing().size(), alerts.size());
        assertTrue(alerts.get(0).get("alert").get("startsAt").asText().endsWith("Z"), alerts.get(0).toString());
        HttpResponse<String> noModel = Http.response(base + "/history");
        assertEquals(400, noModel.statusCode());
        HttpResponse<String> page = Http.response(base + "/nothing");
        assertEquals(404, page.statusCode());
    }
}
