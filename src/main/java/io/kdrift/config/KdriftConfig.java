package io.kdrift.config;

import io.kdrift.event.PredictionEvent;
import io.kdrift.event.SegmentKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The whole configuration, as read from one YAML file; every section is optional and has defaults.
 * {@code kafka} holds Kafka client settings passed through as they are (security settings included).
 */
public record KdriftConfig(
        TopicSettings topics,
        WindowSettings window,
        ReferenceSettings reference,
        ScoringSettings scoring,
        BinningSettings binning,
        Map<String, ModelSettings> models,
        LimitSettings limits,
        Map<String, String> kafka,
        HttpSettings http,
        EmbeddedSettings embedded,
        MetricsSettings metrics,
        AlertSettings alerts,
        HealthSettings health,
        StateSettings state,
        LabelSettings labels,
        List<InputSettings> inputs,
        List<SegmentSettings> segments) {

    public static final KdriftConfig DEFAULT = new KdriftConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null);

    /** Whether any input's records are requests and responses joined by id (docs/inputs.md). */
    public boolean joinsRequests() {
        return inputs.stream().anyMatch(InputSettings::inference);
    }

    public KdriftConfig {
        topics = topics == null ? TopicSettings.DEFAULT : topics;
        window = window == null ? WindowSettings.DEFAULT : window;
        reference = reference == null ? ReferenceSettings.DEFAULT : reference;
        scoring = scoring == null ? ScoringSettings.DEFAULT : scoring;
        binning = binning == null ? BinningSettings.DEFAULT : binning;
        models = models == null ? Map.of() : Map.copyOf(models);
        limits = limits == null ? LimitSettings.DEFAULT : limits;
        kafka = kafka == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(kafka));
        http = http == null ? HttpSettings.DEFAULT : http;
        embedded = embedded == null ? EmbeddedSettings.DEFAULT : embedded;
        metrics = metrics == null ? MetricsSettings.DEFAULT : metrics;
        alerts = alerts == null ? AlertSettings.DEFAULT : alerts;
        health = health == null ? HealthSettings.DEFAULT : health;
        state = state == null ? StateSettings.DEFAULT : state;
        labels = labels == null ? LabelSettings.DEFAULT : labels;
        // topics.input is the home of the default input topic: an input that names no topic reads it
        inputs = inputs == null || inputs.isEmpty() ? List.of(InputSettings.of(topics.input())) : inputs;
        List<InputSettings> withTopics = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            InputSettings in = inputs.get(i).orTopic(topics.input());
            for (String topic : in.namedTopics()) {
                if (!named.add(topic)) {
                    throw new ConfigFieldException("inputs", "topic " + topic + " is read by two inputs: one format a topic");
                }
            }
            withTopics.add(in);
        }
        inputs = List.copyOf(withTopics);
        // inputs of one join scope (an OIP pair of part: request and part: response) meet by model and id, or by id alone
        Map<String, InputSettings> byScope = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            InputSettings in = inputs.get(i);
            InputSettings other = in.inference() ? byScope.putIfAbsent(in.joinScope(i), in) : null;
            if (other != null && !Objects.equals(other.model(), in.model())) {
                throw new ConfigFieldException("inputs", "the " + in.format() + " " + in.encoding() + " inputs of part request and part response "
                        + "are joined with each other: give both the same model, or neither (then each request takes its response's)");
            }
        }
        for (String model : models.keySet()) {
            if (!PredictionEvent.isValidModelId(model)) {
                throw new ConfigFieldException("models", "\"" + model + "\" is not a model id (1-128 of [A-Za-z0-9._:-])");
            }
        }
        segments = segments == null ? List.of() : List.copyOf(segments);
        Set<String> segmentNames = new HashSet<>();
        for (SegmentSettings seg : segments) {
            if (!segmentNames.add(seg.name())) {
                throw new ConfigFieldException("segments", "two segment keys are named " + seg.name());
            }
            // a pinned model's reference is its baseline, which has no segments
            List<java.util.regex.Pattern> globs = seg.models().stream().map(Globs::compile).toList();
            boolean pinned = reference.mode() == ReferenceMode.PINNED
                    || models.entrySet().stream().anyMatch(e -> e.getValue().reference() != null
                    && e.getValue().reference().mode() == ReferenceMode.PINNED && Globs.anyMatches(globs, e.getKey()));
            if (pinned) {
                throw new ConfigFieldException("segments", "segment key " + seg.name() + " applies to a pinned model: segments need "
                        + "a rolling or fixed reference (a baseline has no segments); narrow its models");
            }
        }
    }

    /** The settings of a model key (of a segment: of its model). */
    private ModelSettings settings(String key) {
        return models.get(SegmentKey.model(key));
    }

    /** The binning of a numeric signal of a model: model's signal, model's default, global signal, global default. */
    public BinSpec numericBinning(String model, String signal) {
        ModelSettings m = settings(model);
        if (m != null && m.binning().signals().containsKey(signal)) {
            return m.binning().signals().get(signal);
        }
        if (binning.signals().containsKey(signal)) {
            return binning.signals().get(signal);
        }
        if (m != null && m.binning().numeric() != null) {
            return m.binning().numeric();
        }
        if ("confidence".equals(signal)) {
            return BinSpec.DEFAULT_CONFIDENCE;
        }
        return binning.numeric() != null ? binning.numeric() : BinSpec.DEFAULT_NUMERIC;
    }

    /** True when the configuration gives this signal a numeric binning explicitly. */
    public boolean declaresNumeric(String model, String signal) {
        ModelSettings m = settings(model);
        return (m != null && m.binning().signals().containsKey(signal)) || binning.signals().containsKey(signal);
    }

    /** The reference settings of a model: its own, else the global ones. */
    public ReferenceSettings reference(String model) {
        ModelSettings m = settings(model);
        return m != null && m.reference() != null ? m.reference() : reference;
    }

    /** True when any model compares with a pinned baseline: the reference topic is then read. */
    public boolean usesPinnedReference() {
        return reference.mode() == ReferenceMode.PINNED
                || models.values().stream().anyMatch(m -> m.reference() != null && m.reference().mode() == ReferenceMode.PINNED);
    }

    public int maxCategories(String model) {
        ModelSettings m = settings(model);
        if (m != null && m.binning().maxCategories() != null) {
            return m.binning().maxCategories();
        }
        return binning.maxCategories() != null ? binning.maxCategories() : 50;
    }
}
