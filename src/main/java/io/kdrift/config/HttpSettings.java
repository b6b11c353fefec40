package io.kdrift.config;

/**
 * The HTTP endpoint of {@code kdrift run}: the live page at /, /metrics, /health, /ready, /scores and the rest (docs/operations.md).
 *
 * @param host address to bind (default 0.0.0.0)
 * @param port port (default 8080; 0 picks a free one)
 * @param advertisedHost the host name or address at which the other instances reach this one (a pod's IP on Kubernetes); kdrift
 *                       gives it to Kafka Streams as {@code application.server}, so that the live page gathers every instance's
 *                       models ({@code /cluster/...}). Unset (the default): the page shows this instance's models and says so.
 * @param recentWindows  windows of each signal the live page can draw (default 48; about 10 kB per signal at 48, BENCHMARKS.md);
 *                       0 keeps none (a model's page then shows its latest window only)
 * @param allowRebaseline whether {@code POST /models/MODEL/rebaseline} restarts a model's reference (default false: the
 *                        endpoint has no authentication, and anyone who reaches it could silence a model's drift alerts;
 *                        {@code kdrift rebaseline} needs access to Kafka instead)
 */
public record HttpSettings(String host, Integer port, Boolean allowRebaseline, String advertisedHost, Integer recentWindows) {
    public static final HttpSettings DEFAULT = new HttpSettings(null, null, null, null, null);

    public HttpSettings {
        host = host == null ? "0.0.0.0" : host;
        port = port == null ? 8080 : port;
        allowRebaseline = allowRebaseline != null && allowRebaseline;
        recentWindows = recentWindows == null ? 48 : recentWindows;
        if (recentWindows < 0 || recentWindows > 10_000) {
            throw new ConfigFieldException("recentWindows", "must be between 0 and 10000, got " + recentWindows);
        }
        if (port < 0 || port > 65535) {
            throw new ConfigFieldException("port", "must be between 0 and 65535, got " + port);
        }
        if (advertisedHost != null && (advertisedHost.isBlank() || !advertisedHost.matches("[A-Za-z0-9.:\\[\\]-]+"))) {
            throw new ConfigFieldException("advertisedHost", "must be a host name or an address, got '" + advertisedHost + "'");
        }
        if (advertisedHost != null && port == 0) {
            throw new ConfigFieldException("advertisedHost", "needs a fixed http.port (0 picks a free port, which the other instances cannot know)");
        }
    }
}
