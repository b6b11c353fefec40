package io.kdrift.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * docs/runbook.md, bundled in the jar, as a plain page: each heading gets the anchor GitHub would give it
 * (lower case, spaces as hyphens), so that {@code runbook_url} of every alert lands on its section; the rest
 * is shown as written.
 */
final class Runbook {
    private Runbook() {
    }

    static byte[] html() {
        String md;
        try (InputStream in = Runbook.class.getResourceAsStream("runbook.md")) {
            md = in == null ? "# Runbook\n\nNot bundled in this build." : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>kdrift runbook</title>"
                + "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}pre{white-space:pre-wrap;font-family:inherit}</style>"
                + "</head><body>\n");
        StringBuilder text = new StringBuilder();
        for (String line : md.split("\n", -1)) {
            int level = 0;
            while (level < line.length() && line.charAt(level) == '#') {
                level++;
            }
            if (level > 0 && level <= 6 && line.length() > level && line.charAt(level) == ' ') {
                flush(h, text);
                String title = line.substring(level + 1).trim();
                h.append("<h").append(level).append(" id=\"").append(anchor(title)).append("\">").append(escape(title))
                        .append("</h").append(level).append(">\n");
            } else {
                text.append(line).append('\n');
            }
        }
        flush(h, text);
        return h.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
    static String anchor(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    private static void flush(StringBuilder h, StringBuilder text) {
        if (!text.toString().isBlank()) {
            h.append("<pre>").append(escape(text.toString().strip())).append("</pre>\n");
        }
        text.setLength(0);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
