package io.kdrift.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The files the report and the live page are drawn with, from the classpath: the charting library uPlot (from its webjar,
 * MIT licence), kdrift's chart code and style (charts.js, charts.css beside this class) and the live page (page.html).
 * One place that knows where they are, read by {@code kdrift report} (which inlines them) and the HTTP endpoint (which serves them).
 */
public final class WebAssets {
    private static final String UPLOT_DIR = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";

    private WebAssets() {
    }

    /** uPlot's minified script. */
    public static String uplotJs() {
        return read(UPLOT_DIR + "uPlot.iife.min.js");
    }

    /** uPlot's style. */
    public static String uplotCss() {
        return read(UPLOT_DIR + "uPlot.min.css");
    }

    /** kdrift's charts (KdriftCharts: line, distribution, contributors), drawn with uPlot. */
    public static String chartsJs() {
        return read("io/kdrift/web/charts.js");
    }

    /** The style of kdrift's charts and tables, shared by the report and the live page. */
    public static String chartsCss() {
        return read("io/kdrift/web/charts.css");
    }

    /** The live page served at {@code /}. */
    public static String page() {
        return read("io/kdrift/web/page.html");
    }

    /** The version of uPlot bundled (the Maven dependency's, written at build time). */
    public static String uplotVersion() {
        Properties p = new Properties();
        try (InputStream in = WebAssets.class.getResourceAsStream("assets.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/kdrift/web/assets.properties is missing from the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("uplot.version");
    }

    private static String read(String resource) {
        try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
