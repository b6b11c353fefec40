package io.kdrift.config;

/**
 * The single-node Kafka broker that {@code kdrift run} starts in-process when no bootstrap servers are
 * configured.
 *
 * @param port client port on 127.0.0.1 (default 9092)
 * @param controllerPort KRaft controller port on 127.0.0.1 (default 9093)
 * @param dataDir where the broker keeps its log, so that a restart resumes (default data/kafka)
 */
public record EmbeddedSettings(Integer port, Integer controllerPort, String dataDir) {
    public static final EmbeddedSettings DEFAULT = new EmbeddedSettings(null, null, null);

    public EmbeddedSettings {
        port = port == null ? 9092 : port;
        controllerPort = controllerPort == null ? 9093 : controllerPort;
        dataDir = dataDir == null ? "data/kafka" : dataDir;
        if (port < 0 || port > 65535) {
            throw new ConfigFieldException("port", "must be between 0 and 65535, got " + port);
        }
        if (controllerPort < 0 || controllerPort > 65535) {
            throw new ConfigFieldException("controllerPort", "must be between 0 and 65535, got " + controllerPort);
        }
    }
}
