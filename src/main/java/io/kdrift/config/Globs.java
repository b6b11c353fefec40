package io.kdrift.config;

import java.util.List;
import java.util.regex.Pattern;

/** The globs of model and signal lists (alert rules, segments): {@code *} any run of characters, {@code ?} one, the rest literal. */
public final class Globs {
    private Globs() {
    }

    public static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** Whether any of the globs matches the whole name. */
    public static boolean anyMatches(List<Pattern> globs, String name) {
        return globs.stream().anyMatch(p -> p.matcher(name).matches());
    }
}
