package io.kdrift.http;

import com.sun.net.httpserver.HttpExchange;
import io.kdrift.codec.JsonObjects;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/** How kdrift's HTTP resources answer: a body with its type, a JSON error, a JSON array of records. */
final class Responses {
    private Responses() {
    }

    static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", type);
            if ("HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    /** {@code {"error": MESSAGE}}. */
    static byte[] error(String message) {
        return JsonObjects.write(g -> g.writeStringField("error", message));
    }

    /** The records as a JSON array, one per line; a model (or null) keeps that model's only. */
    static <R> byte[] array(List<R> records, Function<R, String> modelOf, Function<R, byte[]> json, String model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        boolean first = true;
        for (R r : records) {
            if (model != null && !modelOf.apply(r).equals(model)) {
                continue;
            }
            out.write(first ? "\n".getBytes(StandardCharsets.UTF_8) : ",\n".getBytes(StandardCharsets.UTF_8));
            out.write(json.apply(r));
            first = false;
        }
        out.write("\n]\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
