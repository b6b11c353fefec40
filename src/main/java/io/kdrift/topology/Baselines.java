package io.kdrift.topology;

import io.kdrift.codec.BaselineJson;
import io.kdrift.codec.RebaselineJson;
import io.kdrift.drift.Baseline;
import io.kdrift.event.SegmentKey;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pinned baselines: the compacted reference topic (key = model, value = {@link BaselineJson}) read whole by
 * every instance into a global store, and decoded for the drift processor only when a model's baseline changes.
 * The same topic carries re-baseline requests ({@link RebaselineJson}, key {@code rebaseline/MODEL}).
 */
final class Baselines {
    static final String STORE = "kdrift-baselines";
    private static final Logger LOG = LoggerFactory.getLogger(Baselines.class);

    private final ReadOnlyKeyValueStore<String, String> store;
    /** The last decoded baseline of each model, with the text it was decoded from. */
    private final Map<String, Decoded> decoded = new HashMap<>();

    private record Decoded(String json, Baseline baseline) {
    }

    Baselines(ReadOnlyKeyValueStore<String, String> store) {
        this.store = store;
    }

    static void addTo(StreamsBuilder builder, String topic) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String()).withLoggingDisabled(),
                topic, Consumed.with(Serdes.String(), Serdes.String()).withName("kdrift-reference"), Loader::new);
    }

    /** When a re-baseline of the key was last asked for (epoch ms), or null: a segment's own, or its model's. */
    Long rebaselineRequestedAt(String key) {
        Long own = requestedAt(key);
        Long model = SegmentKey.isSegment(key) ? requestedAt(SegmentKey.model(key)) : null;
        if (own == null || model == null) {
            return own == null ? model : own;
        }
        return Math.max(own, model);
    }

    private Long requestedAt(String key) {
        String json = store.get(RebaselineJson.key(key));
        return json == null ? null : RebaselineJson.parse(json).requestedAt();
    }

    /** The model's current baseline, or null if none was published (or the published one is not valid). */
    Baseline of(String model) {
        String json = store.get(model);
        if (json == null) {
            return null;
        }
        Decoded d = decoded.get(model);
        if (d != null && d.json.equals(json)) {
            return d.baseline;
        }
        Baseline b = decode(model, json);
        decoded.put(model, new Decoded(json, b));
        return b;
    }

    private static Baseline decode(String key, String json) {
        try {
            Baseline b = BaselineJson.parse(json);
            if (!b.model().equals(key)) {
                throw new IllegalArgumentException("model: \"" + b.model() + "\" but the record key is \"" + key + "\"");
            }
            return b;
        } catch (IllegalArgumentException e) {
            LOG.error("the baseline of model '{}' on the reference topic is not valid and is ignored: {}", key, e.getMessage());
            return null;
        }
    }

    /** Keeps the valid baselines of the reference topic in the global store; a tombstone removes one. */
    private static final class Loader implements Processor<String, String, Void, Void> {
        private KeyValueStore<String, String> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            if (record.key() == null) {
                LOG.error("a record of the reference topic has no key (the model id): ignored");
            } else if (record.value() == null) {
                store.delete(record.key());
            } else if (record.key().startsWith(RebaselineJson.KEY_PREFIX)) {
                rebaseline(record.key(), record.value());
            } else if (decode(record.key(), record.value()) != null) {
                store.put(record.key(), record.value());
                LOG.info("baseline of model '{}' loaded", record.key());
            }
        }

        private void rebaseline(String key, String json) {
            try {
                RebaselineJson.Request r = RebaselineJson.parse(json);
                if (!key.equals(RebaselineJson.key(r.model()))) {
                    throw new IllegalArgumentException("rebaseline: \"" + r.model() + "\" but the record key is \"" + key + "\"");
                }
                store.put(key, json);
                LOG.info("re-baseline of model '{}' requested at {}: its reference restarts", r.model(), java.time.Instant.ofEpochMilli(r.requestedAt()));
            } catch (IllegalArgumentException e) {
                LOG.error("a re-baseline request on the reference topic is not valid and is ignored: {}", e.getMessage());
            }
        }
    }
}
