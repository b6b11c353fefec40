package io.kdrift.drift;

import io.kdrift.config.Globs;
import io.kdrift.config.KdriftConfig;
import io.kdrift.config.SegmentSettings;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.SegmentKey;
import io.kdrift.event.WholeNumbers;
import io.kdrift.stats.CategoryIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which segments an event of a model also counts in (docs/segments.md): for each configured segment key that applies
 * to the model, the segment of its value ({@link SegmentKey}). The values a model has had are kept in its state, each
 * key capped at its {@code max}: later new values go to {@code __other__}, events without one to {@code __missing__}, so
 * a segment's traffic adds up to its model's, and a restart keeps every value in its segment.
 */
public final class Segments {
    private record Key(SegmentSettings settings, List<Pattern> models) {
    }

    private final List<Key> keys = new ArrayList<>();
    /** The keys that apply to each model, matched once (globs are regular expressions: not per event). */
    private final Map<String, List<Key>> byModel = new HashMap<>();

    public Segments(KdriftConfig config) {
        for (SegmentSettings s : config.segments()) {
            keys.add(new Key(s, s.models().stream().map(Globs::compile).toList()));
        }
    }

    /** Whether any segment key is configured. */
    public boolean any() {
        return !keys.isEmpty();
    }

    /**
     * The segment keys of an event of model {@code m} (none for a segment itself).
     *
     * @param header a record header's value by name (UTF-8), or null
     * @return the keys; {@code m} is marked changed in {@code changed[0]} when a value was seen for the first time
     */
    public List<String> of(ModelState m, PredictionEvent event, Function<String, String> header, boolean[] changed) {
        if (keys.isEmpty() || SegmentKey.isSegment(m.model)) {
            return List.of();
        }
        List<Key> applicable = byModel.computeIfAbsent(m.model, model -> keys.stream().filter(k -> Globs.anyMatches(k.models, model)).toList());
        if (applicable.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(applicable.size());
        for (Key k : applicable) {
            String name = k.settings.name();
            String value = k.settings.feature() != null ? category(event, name) : header.apply(name);
            CategoryIndex index = m.segmentValues.computeIfAbsent(name, n -> new CategoryIndex(k.settings.max()));
            int before = index.size();
            int i = value == null ? CategoryIndex.MISSING_INDEX : index.indexOf(value);
            changed[0] |= index.size() != before;
            out.add(keyString(m, name, index, i));
        }
        return out;
    }

    /** The segment key of value {@code i} of the model's key {@code name}, made the first time it is asked for. */
    private static String keyString(ModelState m, String name, CategoryIndex index, int i) {
        String[] made = m.segmentKeys.get(name);
        if (made == null || made.length <= i) {
            made = java.util.Arrays.copyOf(made == null ? new String[0] : made, Math.max(i + 1, index.size()));
            m.segmentKeys.put(name, made);
        }
        if (made[i] == null) {
            made[i] = SegmentKey.of(m.model, name, index.name(i));
        }
        return made[i];
    }

    /** A categorical feature's value; a number's text (a segment key names a slice, whatever its type); null when missing. */
    private static String category(PredictionEvent e, String feature) {
        for (int i = 0; i < e.featureCount(); i++) {
            if (e.featureName(i).equals(feature)) {
                return switch (e.featureKind(i)) {
                    case CATEGORY -> e.featureCategory(i);
                    case NUMBER -> WholeNumbers.text(e.featureNumber(i));
                    case MISSING -> null;
                };
            }
        }
        return null;
    }
}
