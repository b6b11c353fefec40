package io.kdrift.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** HTTP GETs of the tests, against kdrift's endpoint, Prometheus, Alertmanager or a webhook receiver. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Http() {
    }

    /** The response to a GET of {@code url}. */
    public static HttpResponse<String> response(String url) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body of a GET of {@code url}, whatever its status. */
    public static String get(String url) {
        return response(url).body();
    }

    /** The status of a GET of {@code url}; -1 when nothing answers (not started yet, or stopped). */
    public static int status(String url) {
        try {
            return response(url).statusCode();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }
}
