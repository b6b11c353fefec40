package io.kdrift.config;

/**
 * The HTTP endpoint of {@code kdrift run}: /metrics, /health, /ready, /scores.
 *
 * @param host address to bind (default 0.0.0.0)
 * @param port port (default 8080; 0 picks a free one)
 * @param allowRebaseline whether {@code POST /models/MODEL/rebaseline} restarts a model's reference (default false: the
 *                        endpoint has no authentication, and anyone who reaches it could silence a model's drift alerts;
 *                        {@code kdrift rebaseline} needs access to Kafka instead)
 */
public record HttpSettings(String host, Integer port, Boolean allowRebaseline) {
    public static final HttpSettings DEFAULT = new HttpSettings(null, null, null);

    public HttpSettings {
        host = host == null ? "0.0.0.0" : host;
        port = port == null ? 8080 : port;
        allowRebaseline = allowRebaseline != null && allowRebaseline;
        if (port < 0 || port > 65535) {
            throw new ConfigFieldException("port", "must be between 0 and 65535, got " + port);
        }
    }
}
