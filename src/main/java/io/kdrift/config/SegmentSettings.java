package io.kdrift.config;

import java.util.List;

/**
 * A segment key (docs/segments.md): the traffic of the models it applies to is also monitored per value of a categorical
 * feature or of a record header, each value as its own key {@code MODEL{NAME=VALUE}}.
 *
 * @param feature a categorical feature whose value names the segment (exactly one of feature and header)
 * @param header  a record header (UTF-8) whose value names the segment
 * @param models  globs of the models it applies to (default all)
 * @param max     distinct values per model (default 20): later new values are counted together as {@code __other__};
 *                events without a value are the segment {@code __missing__}
 */
public record SegmentSettings(String feature, String header, List<String> models, Integer max) {
    public SegmentSettings {
        if ((feature == null) == (header == null)) {
            throw new ConfigFieldException("feature", "give exactly one of feature or header");
        }
        String name = feature != null ? feature : header;
        if (!name.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw new ConfigFieldException(feature != null ? "feature" : "header", "\"" + name + "\" is not 1-64 of [A-Za-z0-9._:-]");
        }
        models = models == null ? List.of("*") : List.copyOf(models);
        max = max == null ? 20 : max;
        if (max < 1 || max > 1000) {
            throw new ConfigFieldException("max", "must be between 1 and 1000, got " + max);
        }
    }

    /** The name in segment keys: the feature's or the header's. */
    public String name() {
        return feature != null ? feature : header;
    }
}
