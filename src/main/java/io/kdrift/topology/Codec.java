package io.kdrift.topology;

/** Turns a state object into bytes for the changelog and back. */
public interface Codec<V> {
    byte[] encode(V value);

    V decode(byte[] bytes);
}
