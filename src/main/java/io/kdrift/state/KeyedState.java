package io.kdrift.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state {@link TaskWindows} keeps, by string key: a changelogged store in Kafka, a map elsewhere. Values are
 * objects that the caller changes in place and then marks dirty, so that a store that persists knows what to write.
 */
public interface KeyedState<V> {
    /** The value, or null. */
    V get(String key);

    void put(String key, V value);

    /** The value of {@code key}, obtained from {@link #get}, was changed in place. */
    void markDirty(String key);

    void delete(String key);

    /** Every key, in no particular order. */
    List<String> keys();

    /**
     * A count that changes whenever this state may have encoded what was put in it: an object put since the last change
     * is encoded as it is at the next one. This default is for a state that holds the objects themselves and never
     * encodes them.
     */
    default long writes() {
        return 0;
    }

    /** A state held in {@code map}, which holds the objects themselves: for whatever needs no restart (tests, offline drivers). */
    static <V> KeyedState<V> over(Map<String, V> map) {
        return new KeyedState<>() {
            @Override
            public V get(String key) {
                return map.get(key);
            }

            @Override
            public void put(String key, V value) {
                map.put(key, value);
            }

            @Override
            public void markDirty(String key) {
                // nothing to write: the object in the map is the state
            }

            @Override
            public void delete(String key) {
                map.remove(key);
            }

            @Override
            public List<String> keys() {
                return new ArrayList<>(map.keySet());
            }
        };
    }
}
