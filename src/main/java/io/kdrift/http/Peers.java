package io.kdrift.http;

import java.util.List;

/**
 * The other instances of this kdrift application, as Kafka Streams knows them (each instance's {@code application.server},
 * set from {@code http.advertisedHost}): where the live page's {@code /cluster/...} resources gather from.
 */
public interface Peers {
    /** No other instance known: this instance alone, or addresses not advertised. */
    Peers NONE = new Peers() {
        @Override
        public String self() {
            return null;
        }

        @Override
        public List<String> others() {
            return List.of();
        }
    };

    /** This instance's advertised {@code host:port}, or null when it advertises none (http.advertisedHost unset). */
    String self();

    /**
     * The other instances' {@code host:port}, from the group's assignment metadata.
     *
     * @throws IllegalStateException saying why, when they cannot be known now (Kafka Streams not running)
     */
    List<String> others();
}
