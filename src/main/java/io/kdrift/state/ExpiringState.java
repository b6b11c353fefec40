package io.kdrift.state;

import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;

/**
 * Entries that wait in a keyed store until their time is up, indexed by when they expire ({@link ExpiryIndex}): the
 * skeleton of kdrift's joins. A serving layer's half waits for its partner (inference.RequestJoin), a prediction for
 * its label and a label for its prediction (performance.LabelJoin); each is taken out when its partner comes, or handed
 * out as expired when the join's clock passes its expiry.
 *
 * @param <V> a waiting entry; it carries its expiry ({@code expiresAt}), a value of {@link #expiry} or {@link #notAfter}
 */
public final class ExpiringState<V> {
    private final KeyedState<V> store;
    private final ExpiryIndex index;
    private final ToLongFunction<V> expiresAt;

    public ExpiringState(KeyedState<V> store, ExpiryIndex index, ToLongFunction<V> expiresAt) {
        this.store = store;
        this.index = index;
        this.expiresAt = expiresAt;
    }

    /** The entry waiting under {@code key}, or null. */
    public V get(String key) {
        return store.get(key);
    }

    /** {@code value} waits under {@code key} until its expiry. */
    public void add(String key, V value) {
        store.put(key, value);
        index.add(key, expiresAt.applyAsLong(value));
    }

    /** The entry under {@code key} becomes {@code value}, with the same expiry (a prediction now labelled, a label more). */
    public void replace(String key, V value) {
        store.put(key, value);
    }

    /** The entry under {@code key} waits no longer (its partner came); its index entry is skipped when it comes due. */
    public void remove(String key) {
        store.delete(key);
    }

    /**
     * Hands out, in expiry then arrival order, and removes, the entries whose expiry {@code clock} has reached. An index
     * entry whose key is gone, or waits again with a later expiry (the same key came back), is skipped.
     */
    public void expire(long clock, BiConsumer<String, V> expired) {
        for (String key : index.due(clock)) {
            V v = store.get(key);
            if (v != null && expiresAt.applyAsLong(v) <= clock) {
                store.delete(key);
                expired.accept(key, v);
            }
        }
    }

    /** Whether entries may be waiting (true until the expiry of the last that waited has passed). */
    public boolean mayHaveWaiting() {
        return !index.isEmpty();
    }

    /** When something due at {@code t} expires (the end of its index bucket). */
    public long expiry(long t) {
        return index.expiry(t);
    }

    /** The latest expiry not after {@code t}: something that must be gone by {@code t}. */
    public long notAfter(long t) {
        return index.notAfter(t);
    }
}
