package io.kdrift.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /cluster/RESOURCE[?model=M]}: one of this instance's JSON arrays ({@code scores}, {@code verdicts},
 * {@code performance}, {@code alerts}, {@code history}, {@code history/verdicts}) gathered from every instance that Kafka
 * Streams knows ({@link Peers}), as {@code {"instances": [...], "records": [...]}}. Each instance says whether it answered:
 * the page shows plainly when part of the cluster is missing, rather than showing fewer models as if there were no more.
 */
final class ClusterView {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Peers peers;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    ClusterView(Peers peers) {
        this.peers = peers;
    }

    /** The resource's records of every instance, each asked with the same query (raw, or null); {@code local} is this instance's array. */
    byte[] gather(String resource, String rawQuery, byte[] local) throws IOException {
        List<String> others;
        String unknown = null;
        try {
            others = peers.others();
        } catch (IllegalStateException e) {
            others = List.of();
            unknown = e.getMessage();
        }
        List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
        for (String peer : others) {
            String uri = "http://" + peer + "/" + resource + (rawQuery == null ? "" : "?" + rawQuery);
            answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode instances = out.putArray("instances");
        ArrayNode records = out.putArray("records");
        ObjectNode self = instances.addObject().put("instance", peers.self() == null ? "this instance" : peers.self()).put("self", true)
                .put("answered", true);
        if (peers.self() == null) {
            self.put("note", "other instances are not known: set http.advertisedHost (docs/operations.md)");
        } else if (unknown != null) {
            self.put("note", unknown);
        }
        records.addAll((ArrayNode) JSON.readTree(local));
        for (int i = 0; i < others.size(); i++) {
            ObjectNode instance = instances.addObject().put("instance", others.get(i)).put("self", false);
            try {
                HttpResponse<byte[]> r = answers.get(i).get();
                JsonNode body = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
                if (body instanceof ArrayNode a) {
                    records.addAll(a);
                    instance.put("answered", true);
                } else {
                    instance.put("answered", false).put("error", "HTTP " + r.statusCode());
                }
            } catch (Exception e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                instance.put("answered", false).put("error", cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return JSON.writeValueAsBytes(out);
    }
}
