package io.kdrift.topology;

import io.kdrift.time.Channel;
import java.util.HashMap;
import java.util.Map;

/** The channels a processor has seen, made once each: looked up for every record, never allocated for one. */
final class Channels {
    private final Map<String, Channel[]> byTopic = new HashMap<>();

    Channel of(String via, String topic, int partition, boolean labels) {
        Channel[] known = byTopic.get(topic);
        if (known == null || partition >= known.length) {
            Channel[] grown = new Channel[Math.max(partition + 1, known == null ? 8 : known.length * 2)];
            if (known != null) {
                System.arraycopy(known, 0, grown, 0, known.length);
            }
            byTopic.put(topic, grown);
            known = grown;
        }
        Channel c = known[partition];
        if (c == null) {
            c = new Channel(via, topic, partition, labels);
            known[partition] = c;
        }
        return c;
    }
}
