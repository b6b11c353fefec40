package io.kdrift.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ScoreFieldTest {
    /** What Go's fmt prints for these (its documentation: %g drops trailing zeros, %e from exponent -5 and 3 digits). */
    @Test
    void placeholdersPrintAsGoPrintfDoes() {
        String[][] g3 = {
                {"0.5", "0.5"}, {"1234.5", "1.23e+03"}, {"0.0000123", "1.23e-05"}, {"100", "100"}, {"1e-7", "1e-07"},
                {"0.00012345", "0.000123"}, {"999.5", "1e+03"}, {"0.31234", "0.312"}, {"-2.5", "-2.5"}, {"1e300", "1e+300"},
                {"12.25", "12.2"}, {"12.35", "12.3"}, {"0", "0"}, {"123", "123"}, {"1000", "1e+03"}, {"4.9e-324", "4.94e-324"}};
        for (String[] c : g3) {
            assertEquals(c[1], ScoreField.g3(Double.parseDouble(c[0])), c[0]);
        }
        String[][] whole = {{"200", "200"}, {"2.5", "2"}, {"3.5", "4"}, {"1234.4999", "1234"}, {"0.2", "0"}, {"1e16", "10000000000000000"}};
        for (String[] c : whole) {
            assertEquals(c[1], ScoreField.whole(Double.parseDouble(c[0])), c[0]);
        }
        assertEquals("NaN", ScoreField.g3(Double.NaN));
        assertEquals("+Inf", ScoreField.g3(Double.POSITIVE_INFINITY));
    }

    @Test
    void everyFieldHasAValueAndThePrometheusNamesAreTheGauges() {
        ScoreRecord r = ScoreRecord.logLoss("m", 0, 60_000, ScoreStatus.OK, 3, 30, 20, new ScoreRecord.LogLoss(0.9, 0.6));
        assertEquals(0.3, ScoreField.LOG_LOSS_INCREASE.value(r), 1e-12);
        assertNull(ScoreField.KL.value(r));
        assertEquals("kdrift_score_kl_nats", ScoreField.KL.prometheusName());
        assertEquals("kdrift_window_events", ScoreField.CURRENT_COUNT.prometheusName());
        assertEquals("kdrift_window_events{model='m',signal='s',window='current'}", ScoreField.CURRENT_COUNT.promQuery("model='m',signal='s'"));
        assertEquals("kdrift_score_log_loss_nats{m,window='current'} - ignoring (window) kdrift_score_log_loss_nats{m,window='reference'}",
                ScoreField.LOG_LOSS_INCREASE.promQuery("m"));
        for (ScoreField f : ScoreField.values()) {
            assertEquals(f, ScoreField.byName(f.jsonName()));
            if (f != ScoreField.LOG_LOSS_INCREASE) {
                assertNotNull(f.gauge(), f + " is exported");
                assertNotNull(f.help(), f + " has help");
            }
        }
    }
}
