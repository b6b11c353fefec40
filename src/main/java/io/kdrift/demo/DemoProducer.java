package io.kdrift.demo;

import io.kdrift.codec.LabelJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends the synthetic models' events to Kafka as a serving layer would, keyed by model id, with event
 * time running {@code speed} times faster than the wall clock so that windows close every few seconds (for
 * {@code kdrift simulate}, only until it catches up with the wall clock); with a label topic, the models' truths follow
 * their predictions there.
 */
public final class DemoProducer implements Runnable, AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final SyntheticTraffic traffic;
    private final long eventTimeStart;
    private final double speed;
    private final int eventsPerSecond;
    private final boolean notAheadOfClock;
    private volatile boolean running = true;
    private long sent;
    /** Where churn-v3's truths go, {@code labelDelayMs} of event time after their prediction; null: no ids, no label topic. */
    private final String labelTopic;
    private final long labelDelayMs;
    /** Truths waiting for their time, oldest first. */
    private final ArrayDeque<PendingLabel> labels = new ArrayDeque<>();

    private record PendingLabel(long due, String model, String id, String label) {
    }

    /** Where iris-v2's requests and responses go, as KServe's payload logger writes them; null: not sent. */
    private volatile String servedTopic;

    /**
     * Also sends {@link SyntheticTraffic#SERVED_MODEL}'s predictions to {@code topic} as its serving layer logs them: a
     * request and a response for each, KServe CloudEvents in binary mode (payload in the value, ce_* headers).
     */
    public DemoProducer servingLayerOn(String topic) {
        this.servedTopic = topic;
        return this;
    }

    /**
     * @param driftAfterMs event time after which the drift is injected
     * @param eventsPerSecond events per wall-clock second, per model
     * @param notAheadOfClock event time stops at the wall clock once it has caught up (and then runs with it), so
     *                        that a kdrift with its default window.maxAhead takes every event
     */
    public DemoProducer(String bootstrap, String topic, long eventTimeStart, double speed, long driftAfterMs, int eventsPerSecond,
                        boolean notAheadOfClock) {
        this(bootstrap, topic, eventTimeStart, speed, driftAfterMs, eventsPerSecond, notAheadOfClock, null, 0);
    }

    /**
     * @param labelTopic   the predictions carry an id, and about half of them get their truth on this topic, keyed by the
     *                     prediction's id as label topics often are, {@code labelDelayMs} of event time later
     */
    public DemoProducer(String bootstrap, String topic, long eventTimeStart, double speed, long driftAfterMs, int eventsPerSecond,
                        boolean notAheadOfClock, String labelTopic, long labelDelayMs) {
        this.notAheadOfClock = notAheadOfClock;
        this.labelTopic = labelTopic;
        this.labelDelayMs = labelDelayMs;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.traffic = new SyntheticTraffic(System.nanoTime(), eventTimeStart + driftAfterMs);
        this.eventTimeStart = eventTimeStart;
        this.speed = speed;
        this.eventsPerSecond = eventsPerSecond;
    }

    @Override
    public void run() {
        long wallStart = System.currentTimeMillis();
        long tick = 0;
        while (running) {
            long wallNow = System.currentTimeMillis();
            long eventTime = eventTimeStart + (long) ((wallNow - wallStart) * speed);
            if (notAheadOfClock) {
                eventTime = Math.min(eventTime, wallNow);
            }
            int batch = Math.max(1, eventsPerSecond / 10);
            for (int i = 0; i < batch; i++) {
                long ts = eventTime + i;
                producer.send(new ProducerRecord<>(topic, "churn-v3".getBytes(StandardCharsets.UTF_8), churn(ts)));
                producer.send(new ProducerRecord<>(topic, "price-v1".getBytes(StandardCharsets.UTF_8), price(ts)));
                sent += 2;
                if (servedTopic != null) {
                    sendServed(ts);
                }
            }
            sendLabelsDueBy(eventTime);
            tick++;
            long next = wallStart + tick * 100;
            long sleep = next - System.currentTimeMillis();
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private byte[] churn(long ts) {
        if (labelTopic == null) {
            return traffic.churnEvent(ts);
        }
        String id = "c-" + ts + "-" + sent;
        return withLabelLater("churn-v3", id, ts, traffic.churnPrediction(ts, id));
    }

    private byte[] price(long ts) {
        if (labelTopic == null) {
            return traffic.priceEvent(ts);
        }
        String id = "p-" + ts + "-" + sent;
        return withLabelLater("price-v1", id, ts, traffic.pricePrediction(ts, id));
    }

    private byte[] withLabelLater(String model, String id, long ts, SyntheticTraffic.Prediction p) {
        if (p.truth() != null) {
            labels.addLast(new PendingLabel(ts + labelDelayMs, model, id, p.truth()));
        }
        return p.event();
    }

    private void sendLabelsDueBy(long eventTime) {
        while (!labels.isEmpty() && labels.peekFirst().due() <= eventTime) {
            PendingLabel l = labels.removeFirst();
            producer.send(new ProducerRecord<>(labelTopic, l.id().getBytes(StandardCharsets.UTF_8), LabelJson.of(l.model(), l.id(), l.label(), l.due())));
        }
    }

    private void sendServed(long ts) {
        SyntheticTraffic.Served served = traffic.served(ts);
        String id = "i-" + ts + "-" + sent;
        producer.send(cloudEvent(id, "request", ts, served.request()));
        producer.send(cloudEvent(id, "response", ts + 7, served.response())); // the model took 7 ms
        sent++;
    }

    private ProducerRecord<byte[], byte[]> cloudEvent(String id, String type, long time, byte[] payload) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(servedTopic, payload);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", id);
        headers.put("ce_type", "org.kubeflow.serving.inference." + type);
        headers.put("ce_source", "http://" + SyntheticTraffic.SERVED_MODEL + ".demo.svc/");
        headers.put("ce_time", Instant.ofEpochMilli(time).toString());
        headers.put("ce_inferenceservicename", SyntheticTraffic.SERVED_MODEL);
        headers.put("content-type", "application/json");
        headers.forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        return r;
    }

    public long sent() {
        return sent;
    }

    @Override
    public void close() {
        running = false;
        producer.close();
    }
}
