package io.kdrift.bench;

import io.kdrift.state.KeyedState;
import io.kdrift.time.Channel;
import io.kdrift.time.Watermarks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a task's clock costs per channel (an input partition and the way it comes): heap, measured as used heap before
 * and after a clock of {@code channels} channels (each of its own partition, as many hops as given), and the bytes each
 * stores in {@code kdrift-stream-time}; and how long hearing a record takes.
 *
 * <pre>java -cp ... io.kdrift.bench.WatermarksFootprint 20000 2</pre>
 */
public final class WatermarksFootprint {
    private WatermarksFootprint() {
    }

    public static void main(String[] args) {
        int partitions = Integer.parseInt(args[0]);
        int hops = Integer.parseInt(args[1]);
        List<String> vias = hops == 1 ? List.of("kdrift-events-by-model") : List.of("kdrift-events-by-model", "kdrift-keyed-events-by-model");
        Map<String, Long> store = new HashMap<>();
        long before = used();
        Watermarks w = new Watermarks(60_000, KeyedState.over(store), io.kdrift.time.Backlog.NONE, c -> vias, c -> java.util.List.of(), Long.MIN_VALUE, 0);
        for (int p = 0; p < partitions; p++) {
            for (String via : vias) {
                w.heard(new Channel(via, "topic-" + (p / 100), p % 100, false), 1_000_000L + p, 1);
            }
        }
        long after = used();
        w.tick(2);
        long storedBytes = 0;
        for (Map.Entry<String, Long> e : store.entrySet()) {
            storedBytes += e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 8;
        }
        System.out.printf("%,d channels (%,d partitions x %d hops): %.0f bytes of heap a channel, %.0f bytes stored a channel (key and value)%n",
                w.channelCount(), partitions, vias.size(), (after - before) / (double) w.channelCount(), storedBytes / (double) store.size());
        // hearing a record of a channel ahead (no scan), and of the one channel that holds the clock (a scan of every channel)
        Channel slow = new Channel(vias.get(0), "topic-0", 0, false);
        for (int p = 0; p < partitions; p++) {
            for (String via : vias) {
                Channel c = new Channel(via, "topic-" + (p / 100), p % 100, false);
                if (!c.equals(slow)) {
                    w.heard(c, 1_000_000_000_000L, 3);
                }
            }
        }
        Channel fast = new Channel(vias.get(0), "topic-0", 1, false);
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            int n = 5_000_000;
            for (int i = 0; i < n; i++) {
                w.heard(fast, 2_000_000_000_000L + round * (long) n + i, 3);
            }
            long t1 = System.nanoTime();
            int m = 2_000;
            for (int i = 0; i < m; i++) {
                w.heard(slow, 1_000_000L + round * (long) m + i + 1, 3);
            }
            long t2 = System.nanoTime();
            System.out.printf("round %d: %.1f ns a record of a channel ahead, %.0f ns a record of the channel holding the clock%n", round + 1,
                    (t1 - t0) / (double) n, (t2 - t1) / (double) m);
        }
    }

    private static long used() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
