package io.kdrift.eval;

import io.kdrift.alert.AlertEngine;
import io.kdrift.alert.AlertRecord;
import io.kdrift.alert.ModelAlerts;
import io.kdrift.codec.EventParser;
import io.kdrift.config.KdriftConfig;
import io.kdrift.drift.EventBinner;
import io.kdrift.drift.ModelState;
import io.kdrift.drift.WindowScorer;
import io.kdrift.drift.WindowState;
import io.kdrift.event.ParseResult;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * One model through the code the topology calls, window by window: the parser, the binner, the scorer, the alert engine
 * and the reference's hold; it keeps which alerts fire. What the evaluation harnesses share.
 */
final class MonitoredModel {
    private final EventBinner binner;
    private final WindowScorer scorer;
    private final AlertEngine engine;
    private final EventParser parser = new EventParser();
    private final ModelState model;
    private final ModelAlerts alerts = new ModelAlerts();
    /** "signal/rule" of the alerts firing. */
    private final Set<String> firing = new HashSet<>();

    MonitoredModel(KdriftConfig config, ModelState model) {
        this.binner = new EventBinner(config);
        this.scorer = new WindowScorer(config);
        this.engine = new AlertEngine(config);
        this.model = model;
    }

    WindowState open(long start) {
        return binner.newWindow(model, start);
    }

    /** Counts one event (kdrift's own JSON) in the window starting at {@code start}. */
    void add(WindowState window, long start, String json, long ts) {
        ParseResult p = parser.parse(null, json.getBytes(StandardCharsets.UTF_8), ts);
        if (p.event() == null || binner.conflict(model, p.event()) != null) {
            throw new IllegalStateException("not an event of the model: " + json);
        }
        binner.add(model, window, p.event(), st -> st == start ? window : null);
    }

    /** Closes the window: scores and verdict, the rules judge them, the reference learns it unless held. */
    WindowScorer.Closed close(WindowState window) {
        WindowScorer.Closed closed = scorer.close(model, window, st -> null);
        AlertEngine.Judgement judgement = engine.judge(alerts, closed);
        scorer.learn(model, window, judgement.holdReference());
        for (AlertRecord a : judgement.changes()) {
            String key = a.signal() + "/" + a.rule();
            if (AlertRecord.FIRING.equals(a.status())) {
                firing.add(key);
            } else {
                firing.remove(key);
            }
        }
        return closed;
    }

    boolean firing(String signal, String rule) {
        return firing.contains(signal + "/" + rule);
    }
}
