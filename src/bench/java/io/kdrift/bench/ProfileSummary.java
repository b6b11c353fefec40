package io.kdrift.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JDK Flight Recorder file of {@link ProfileBroker} and tells where the stream threads' CPU samples
 * went (BENCHMARKS.md).
 * Usage: {@code ProfileSummary FILE.jfr}.
 */
public final class ProfileSummary {
    private ProfileSummary() {
    }

    private static final String[] NAMES = {
        "parsing and validating the event (`EventParser` over Jackson's streaming parser)",
        "drift engine, alert rules and processor (histogram updates, scoring, score JSON)",
        "Prometheus gauges (registered when a signal is first scored)",
        "encoding state for the changelog (`ObjectStore`, `StateCodec`)",
        "Kafka Streams: passing records between nodes, producing outputs",
        "Kafka Streams: poll (fetch, records into the task queues)",
        "Kafka Streams: commit",
        "Kafka Streams: the rest (record queues, task bookkeeping, metrics)"};

    /**
     * The category of one sample: the frame nearest the leaf that is kdrift's or Kafka Streams' forwarding
     * decides (so that Jackson under the parser counts as parsing, and a node hop under a kdrift processor
     * counts as Kafka Streams); samples with neither go by the stream thread's phase.
     */
    private static int categoryOf(List<String> frames) {
        for (String f : frames) {
            if (f.startsWith("io.kdrift.event.")) {
                return 0;
            }
            if (f.startsWith("io.kdrift.metrics.")) {
                return 2;
            }
            if (f.startsWith("io.kdrift.topology.ObjectStore") || f.startsWith("io.kdrift.drift.StateCodec")) {
                return 3;
            }
            if (f.startsWith("io.kdrift.")) {
                return 1;
            }
            if (f.startsWith("org.apache.kafka.streams.processor.internals.ProcessorContextImpl.forward")
                    || f.startsWith("org.apache.kafka.streams.processor.internals.RecordCollectorImpl")) {
                return 4;
            }
        }
        String all = String.join("\n", frames);
        if (all.contains("StreamThread.pollPhase")) {
            return 5;
        }
        if (all.contains(".commit") || all.contains("maybeCommit")) {
            return 6;
        }
        return 7;
    }

    public static void main(String[] args) throws IOException {
        int[] counts = new int[NAMES.length];
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                    || !e.getThread("sampledThread").getJavaName().contains("StreamThread")) {
                continue;
            }
            List<String> frames = new ArrayList<>();
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
            }
            counts[categoryOf(frames)]++;
            total++;
        }
        System.out.printf(Locale.ROOT, "| share of the stream threads' samples (%d) | where |%n|---|---|%n", total);
        for (int i = 0; i < NAMES.length; i++) {
            System.out.printf(Locale.ROOT, "| %.0f %% | %s |%n", 100.0 * counts[i] / total, NAMES[i]);
        }
    }
}
