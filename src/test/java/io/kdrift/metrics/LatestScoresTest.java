package io.kdrift.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdrift.event.RejectReason;
import io.kdrift.result.ScoreRecord;
import io.kdrift.result.ScoreStatus;
import io.kdrift.stats.DriftScores;
import io.kdrift.testing.PerformanceRecords;
import io.kdrift.topology.EventCounters;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On a real PrometheusMeterRegistry: what a scrape shows as scores arrive, models leave and signals go silent. */
class LatestScoresTest {
    private static ScoreRecord record(String model, String signal, double kl) {
        return record(model, signal, kl, List.of(new ScoreRecord.BinShare("a", 0.75, 0.5), new ScoreRecord.BinShare("b", 0.25, 0.5)));
    }

    private static ScoreRecord record(String model, String signal, double kl, List<ScoreRecord.BinShare> distribution) {
        return ScoreRecord.scored(model, signal, 0, 60_000, ScoreStatus.OK, 3, 300, 100,
                new DriftScores(5, 300, 100, kl, 0.2, 1.5, 1.4, 1.3, 0.05, 0.3, 12.0, 0.01), distribution, List.of());
    }

    @Test
    void gaugesFollowTheLatestRecordAndSurviveGarbageCollection() {
        try (KdriftMetrics metrics = new KdriftMetrics(new EventCounters())) {
            metrics.scores().onScore(record("m1", "prediction", 0.1));
            metrics.scores().onScore(record("m1", "prediction", 0.25));
            System.gc();
            String scrape = metrics.registry().scrape();
            assertTrue(scrape.contains("kdrift_score_kl_nats{model=\"m1\",signal=\"prediction\"} 0.25"), scrape);
            assertTrue(scrape.contains("kdrift_window_events{model=\"m1\",signal=\"prediction\",window=\"reference\"} 300.0"), scrape);
            assertTrue(scrape.contains("kdrift_score_status{model=\"m1\",signal=\"prediction\",status=\"ok\"} 1.0"), scrape);
            assertTrue(scrape.contains("kdrift_score_status{model=\"m1\",signal=\"prediction\",status=\"warming_up\"} 0.0"), scrape);
            // bin_order: each bin's place, so that a dashboard sorts the bins by it rather than by their text
            assertTrue(scrape.contains("kdrift_distribution_share{bin=\"a\",bin_order=\"000\",model=\"m1\",signal=\"prediction\",window=\"reference\"} 0.75"),
                    scrape);
            assertTrue(scrape.contains("kdrift_distribution_share{bin=\"b\",bin_order=\"001\",model=\"m1\",signal=\"prediction\",window=\"current\"} 0.5"),
                    scrape);
        }
    }

    @Test
    void distributionSharesFollowEachRecordAndItsBins() {
        try (KdriftMetrics metrics = new KdriftMetrics(new EventCounters())) {
            String share = "kdrift_distribution_share{bin=\"%s\",bin_order=\"%s\",model=\"m1\",signal=\"prediction\",window=\"%s\"} %s";
            metrics.scores().onScore(record("m1", "prediction", 0.1));
            // same bins, new shares: the rows show the new record's shares
            metrics.scores().onScore(record("m1", "prediction", 0.1,
                    List.of(new ScoreRecord.BinShare("a", 0.6, 0.1), new ScoreRecord.BinShare("b", 0.4, 0.9))));
            String scrape = metrics.registry().scrape();
            assertTrue(scrape.contains(share.formatted("a", "000", "reference", "0.6")), scrape);
            assertTrue(scrape.contains(share.formatted("b", "001", "current", "0.9")), scrape);
            // bin "a" empty on both sides now, a new bin "c": a's rows go, c's come
            metrics.scores().onScore(record("m1", "prediction", 0.1,
                    List.of(new ScoreRecord.BinShare("b", 0.5, 0.2), new ScoreRecord.BinShare("c", 0.5, 0.8))));
            scrape = metrics.registry().scrape();
            assertFalse(scrape.contains("bin=\"a\""), scrape);
            assertTrue(scrape.contains(share.formatted("b", "000", "reference", "0.5")), scrape);
            assertTrue(scrape.contains(share.formatted("c", "001", "current", "0.8")), scrape);
        }
    }

    @Test
    void gaugesOfModelsThatLeftThisInstanceAreRemoved() {
        try (KdriftMetrics metrics = new KdriftMetrics(new EventCounters())) {
            metrics.scores().onScore(record("m1", "prediction", 0.1));
            metrics.scores().onScore(record("m2", "prediction", 0.2));
            metrics.scores().onModelsReleased(List.of("m1"));
            String scrape = metrics.registry().scrape();
            assertFalse(scrape.contains("model=\"m1\""), scrape);
            assertTrue(scrape.contains("kdrift_score_kl_nats{model=\"m2\",signal=\"prediction\"} 0.2"));
            assertEquals(1, metrics.scores().latest().size());
        }
    }

    @Test
    void gaugesOfSilentSignalsExpire() throws InterruptedException {
        try (KdriftMetrics metrics = new KdriftMetrics(new EventCounters())) {
            metrics.scores().onScore(record("m1", "prediction", 0.1));
            Thread.sleep(5);
            long cutoff = System.currentTimeMillis();
            metrics.scores().onScore(record("m1", "feature.x", 0.2));
            assertEquals(1, metrics.scores().expire(cutoff));
            String scrape = metrics.registry().scrape();
            assertFalse(scrape.contains("signal=\"prediction\""), scrape);
            assertTrue(scrape.contains("signal=\"feature.x\""));
        }
    }

    @Test
    void everyRejectReasonHasItsCounterFromTheStart() {
        try (KdriftMetrics metrics = new KdriftMetrics(new EventCounters())) {
            String scrape = metrics.registry().scrape();
            for (RejectReason r : RejectReason.values()) {
                assertTrue(scrape.contains("kdrift_events_rejected_total{reason=\"" + r.code() + "\"} 0.0"), r.code());
            }
        }
    }

    @Test
    void alertActiveIsOneWhileFiringAndZeroOnceResolvedAndGoesWithItsModel() {
        try (KdriftMetrics metrics = new KdriftMetrics(new EventCounters())) {
            metrics.scores().onAlertState("m1", "prediction", "KdriftDrift", "warning", true);
            String firing = "kdrift_alert_active{model=\"m1\",rule=\"KdriftDrift\",severity=\"warning\",signal=\"prediction\"}";
            assertTrue(metrics.registry().scrape().contains(firing + " 1.0"), metrics.registry().scrape());
            metrics.scores().onAlertState("m1", "prediction", "KdriftDrift", "warning", false);
            assertTrue(metrics.registry().scrape().contains(firing + " 0.0"));
            metrics.scores().onModelsReleased(List.of("m1"));
            assertFalse(metrics.registry().scrape().contains("kdrift_alert_active{"));
        }
    }

    @Test
    void performanceGaugesFollowTheLatestFinalWindowAndGoWithTheirModel() {
        try (KdriftMetrics metrics = new KdriftMetrics(new EventCounters())) {
            metrics.scores().onPerformance(PerformanceRecords.accuracy("m1", 60_000, ScoreStatus.OK, 40, 120, 0.9, 0.9, 0.5));
            metrics.scores().onPerformance(PerformanceRecords.accuracy("m1", 120_000, ScoreStatus.OK, 40, 120, 0.5, 0.9, 4.3e-8));
            metrics.scores().onPerformance(PerformanceRecords.everyField("m2"));
            System.gc();
            String scrape = metrics.registry().scrape();
            assertTrue(scrape.contains("kdrift_performance_accuracy{model=\"m1\",window=\"current\"} 0.5"), scrape);
            assertTrue(scrape.contains("kdrift_performance_accuracy{model=\"m1\",window=\"reference\"} 0.9"), scrape);
            assertTrue(scrape.contains("kdrift_performance_p_value{metric=\"accuracy\",model=\"m1\"} 4.3E-8"), scrape);
            assertTrue(scrape.contains("kdrift_performance_predictions{kind=\"labelled\",model=\"m1\"} 40.0"), scrape);
            assertTrue(scrape.contains("kdrift_performance_window_end_timestamp_seconds{model=\"m1\"} 120.0"), scrape);
            assertTrue(scrape.contains("kdrift_performance_status{model=\"m1\",status=\"ok\"} 1.0"), scrape);
            // no regression in m1's records: its regression gauges read NaN; m2 has them
            assertTrue(scrape.contains("kdrift_performance_mean_absolute_error{model=\"m1\",window=\"current\"} NaN"), scrape);
            assertTrue(scrape.contains("kdrift_performance_mean_absolute_error{model=\"m2\",window=\"current\"} 1234.5"), scrape);
            assertEquals(List.of("m1", "m2"), metrics.scores().latestPerformance().stream().map(r -> r.model()).toList());
            metrics.scores().onModelsReleased(List.of("m1"));
            scrape = metrics.registry().scrape();
            assertFalse(scrape.contains("model=\"m1\""), scrape);
            assertTrue(scrape.contains("kdrift_performance_accuracy{model=\"m2\",window=\"current\"} 0.8125"), scrape);
        }
    }

    @Test
    void verdictGaugesFollowTheLatestVerdictListOnlyTheDriftedSignalsAndGoWithTheirModel() {
        try (KdriftMetrics metrics = new KdriftMetrics(new EventCounters())) {
            io.kdrift.result.ModelVerdict.SignalTest x = new io.kdrift.result.ModelVerdict.SignalTest("feature.x", 1e-9, 3e-8, 0.7);
            io.kdrift.result.ModelVerdict.SignalTest y = new io.kdrift.result.ModelVerdict.SignalTest("feature.y", 1e-7, 2e-6, 0.3);
            metrics.scores().onVerdict(new io.kdrift.result.ModelVerdict("m1", 0, 60_000, ScoreStatus.OK, 400, 4, 1e-4, List.of(x, y), List.of(x, y),
                    3, 0L));
            System.gc();
            String scrape = metrics.registry().scrape();
            assertTrue(scrape.contains("kdrift_model_signals{kind=\"tested\",model=\"m1\"} 4.0"), scrape);
            assertTrue(scrape.contains("kdrift_model_signals{kind=\"drifted\",model=\"m1\"} 2.0"), scrape);
            assertTrue(scrape.contains("kdrift_model_drift_share{model=\"m1\"} 0.5"), scrape);
            assertTrue(scrape.contains("kdrift_reference_held_windows{model=\"m1\"} 3.0"), scrape);
            assertTrue(scrape.contains("kdrift_model_signal_drifted{model=\"m1\",signal=\"feature.x\"} 1.0"), scrape);
            assertTrue(scrape.contains("kdrift_model_signal_drifted{model=\"m1\",signal=\"feature.y\"} 1.0"), scrape);
            // the next window: y no longer drifted, its series goes; nothing held
            metrics.scores().onVerdict(new io.kdrift.result.ModelVerdict("m1", 60_000, 120_000, ScoreStatus.OK, 400, 4, 1e-4, List.of(x), List.of(x),
                    0, null));
            scrape = metrics.registry().scrape();
            assertFalse(scrape.contains("signal=\"feature.y\""), scrape);
            assertTrue(scrape.contains("kdrift_reference_held_windows{model=\"m1\"} 0.0"), scrape);
            assertEquals(List.of("m1"), metrics.scores().latestVerdicts().stream().map(v -> v.model()).toList());
            metrics.scores().onModelsReleased(List.of("m1"));
            assertFalse(metrics.registry().scrape().contains("model=\"m1\""), metrics.registry().scrape());
        }
    }
}
