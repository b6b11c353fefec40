package io.kdrift.replay;

import io.kdrift.codec.BaselineJson;
import io.kdrift.codec.EventParser;
import io.kdrift.config.KdriftConfig;
import io.kdrift.drift.Baseline;
import io.kdrift.drift.BaselineStates;
import io.kdrift.drift.EventBinner;
import io.kdrift.drift.ModelState;
import io.kdrift.drift.WindowState;
import io.kdrift.event.ParseResult;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the baselines of {@code kdrift baseline}: every event of a data set counted, per model, as if in
 * one window, with the bins the configuration gives (quantile edges learned from the data set's first
 * values, as at run time). Event times play no part.
 */
public final class BaselineBuilder {
    private final EventBinner binner;
    private final BaselineStates baselineStates;
    private final EventParser parser;
    private final Map<String, ModelState> models = new TreeMap<>();
    private final Map<String, WindowState> counts = new TreeMap<>();

    public BaselineBuilder(KdriftConfig config) {
        this.binner = new EventBinner(config);
        this.baselineStates = new BaselineStates(config);
        this.parser = new EventParser(config.limits().toEventLimits());
    }

    /** Counts one event; null if it was counted, else why it was rejected (as the monitor would reject it). */
    public Rejection add(byte[] json) {
        ParseResult parsed = parser.parse(null, json, 0L);
        if (!parsed.isAccepted()) {
            return parsed.rejection();
        }
        PredictionEvent e = parsed.event();
        ModelState m = models.computeIfAbsent(e.model(), ModelState::new);
        Rejection conflict = binner.conflict(m, e);
        if (conflict != null) {
            return conflict;
        }
        WindowState all = counts.computeIfAbsent(e.model(), x -> new WindowState(0));
        binner.add(m, all, e, start -> all);
        return null;
    }

    /** One baseline per model seen, in model order; the version is a hash of the content. */
    public List<Baseline> build(String createdAt) {
        List<Baseline> out = new ArrayList<>();
        for (Map.Entry<String, ModelState> e : models.entrySet()) {
            WindowState all = counts.get(e.getKey());
            if (all == null) {
                continue; // every event of the model was rejected
            }
            Baseline unversioned = baselineStates.baseline(e.getValue(), all, null, null);
            String version = BaselineJson.versionOf(BaselineJson.toJson(unversioned));
            out.add(new Baseline(unversioned.model(), version, createdAt, unversioned.events(), unversioned.logLossSum(),
                    unversioned.logLossCount(), unversioned.signals()));
        }
        return out;
    }
}
