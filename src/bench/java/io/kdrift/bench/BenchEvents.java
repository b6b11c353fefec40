package io.kdrift.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Production-like prediction events for the benchmarks, generated once and shared by every contender:
 * a class prediction, probabilities over 10 classes, {@code numericFeatures} numeric and 2 categorical
 * features, and a label on half the events; {@code models} models, event time advancing 10 ms per event.
 */
final class BenchEvents {
    static final long START = 1_767_600_000_000L;
    final List<byte[]> values = new ArrayList<>();
    final List<byte[]> keys = new ArrayList<>();
    final List<Long> timestamps = new ArrayList<>();

    BenchEvents(int events, int models, int numericFeatures) {
        this(events, models, numericFeatures, 10);
    }

    /** @param stepMs event time between consecutive events */
    BenchEvents(int events, int models, int numericFeatures, long stepMs) {
        JsonFactory json = new JsonFactory();
        SplittableRandom random = new SplittableRandom(17);
        String[] classes = new String[10];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = "class-" + i;
        }
        String[] countries = {"de", "fr", "us", "in", "br", "jp"};
        String[] devices = {"ios", "android", "web"};
        for (int n = 0; n < events; n++) {
            String model = "model-" + (n % models);
            long ts = START + n * stepMs;
            ByteArrayOutputStream out = new ByteArrayOutputStream(600);
            try (JsonGenerator g = json.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("model", model);
                g.writeNumberField("timestamp", ts);
                double[] p = new double[classes.length];
                double sum = 0;
                for (int i = 0; i < p.length; i++) {
                    p[i] = random.nextDouble() + (i == 0 ? 2 : 0);
                    sum += p[i];
                }
                int best = 0;
                g.writeObjectFieldStart("probabilities");
                for (int i = 0; i < p.length; i++) {
                    p[i] = Math.round(p[i] / sum * 10000) / 10000.0;
                    if (p[i] > p[best]) {
                        best = i;
                    }
                    g.writeNumberField(classes[i], p[i]);
                }
                g.writeEndObject();
                g.writeStringField("prediction", classes[best]);
                g.writeObjectFieldStart("features");
                for (int f = 0; f < numericFeatures; f++) {
                    g.writeNumberField("x" + f, Math.round(random.nextGaussian() * 1000) / 100.0);
                }
                g.writeStringField("country", countries[random.nextInt(countries.length)]);
                g.writeStringField("device", devices[random.nextInt(devices.length)]);
                g.writeEndObject();
                if (n % 2 == 0) {
                    g.writeStringField("label", classes[random.nextInt(3)]);
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            values.add(out.toByteArray());
            keys.add(model.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            timestamps.add(ts);
        }
    }

    int size() {
        return values.size();
    }
}
