package io.kdrift.embedded;

import io.kdrift.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) running inside kdrift,
 * from Kafka's own server classes: for {@code kdrift run} without bootstrap servers and for
 * {@code kdrift demo}. It listens on 127.0.0.1 only, keeps its log in a directory (formatted on first
 * start, reused after), and sets the internal topics to replication 1, as one node requires.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaRaftServer server;
    private final String bootstrap;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrap) {
        this.server = server;
        this.bootstrap = bootstrap;
    }

    /**
     * Starts the broker. A port of 0 picks a free one.
     *
     * @param dataDir the broker's log directory; created and formatted if new
     */
    public static EmbeddedKafka start(Path dataDir, int port, int controllerPort) {
        int clientPort = port == 0 ? freePort() : port;
        int quorumPort = controllerPort == 0 ? freePort() : controllerPort;
        if (!free(clientPort)) {
            throw new UserError("port " + clientPort + " on 127.0.0.1 is already in use, so the embedded Kafka broker cannot start. "
                    + "If a Kafka broker runs there, use it: KDRIFT_BOOTSTRAP_SERVERS=127.0.0.1:" + clientPort + " bin/kdrift run "
                    + "(or kafka.bootstrap.servers in the configuration); else give the embedded broker another port (embedded.port)", null);
        }
        if (!free(quorumPort)) {
            throw new UserError("port " + quorumPort + " on 127.0.0.1 (the embedded broker's controller port) is already in use: "
                    + "give it another one with embedded.controllerPort, or use your own broker with KDRIFT_BOOTSTRAP_SERVERS", null);
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded broker's directory " + dataDir, e);
        }
        String dir = dataDir.toAbsolutePath().toString();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + quorumPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + quorumPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir);
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        KafkaConfig config = KafkaConfig.fromProps(p);
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(dir);
        }
        long started = System.nanoTime();
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        String bootstrap = "127.0.0.1:" + clientPort;
        LOG.info("embedded Kafka broker (KRaft, single node) listening on {} in {} ms, data in {}",
                bootstrap, (System.nanoTime() - started) / 1_000_000, dir);
        return new EmbeddedKafka(server, bootstrap);
    }

    private static void format(String dir) {
        try {
            new Formatter()
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dir))
                    .setMetadataLogDirectory(dir)
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the embedded broker's directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether nothing listens on the port of 127.0.0.1 (a broker there would take it first, then fail deep inside Kafka). */
    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The address clients use: {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return bootstrap;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        LOG.info("embedded Kafka broker stopped");
    }
}
