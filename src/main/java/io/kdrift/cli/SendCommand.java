package io.kdrift.cli;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kdrift send}: produces a JSON-lines file of events to Kafka, as a serving layer would. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Sends a JSON-lines file of prediction events to the input topic, each keyed by its 'model' field: "
                + "a quick way to feed a running kdrift.")
final class SendCommand implements Callable<Integer> {
    @Mixin
    InputTopic target;

    private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");

    @Option(names = "--input", required = true, paramLabel = "EVENTS.jsonl")
    Path input;

    @Override
    public Integer call() throws Exception {
        InputFiles.readable(input, "--input");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        // a broker that does not answer is said within seconds, not after the producer's minutes of retries
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        long n = 0;
        java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Matcher m = MODEL.matcher(line);
                byte[] key = m.find() ? m.group(1).getBytes(StandardCharsets.UTF_8) : null;
                try {
                    producer.send(new ProducerRecord<>(target.topic, key, line.getBytes(StandardCharsets.UTF_8)), (meta, e) -> {
                        if (e != null) {
                            failed.compareAndSet(null, e);
                        }
                    });
                } catch (org.apache.kafka.common.KafkaException e) {
                    failed.compareAndSet(null, e);
                }
                if (failed.get() != null) {
                    break;
                }
                n++;
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new io.kdrift.UserError("cannot send to topic " + target.topic + " at " + target.bootstrap + ": " + failed.get().getMessage()
                    + " (is a broker running there, and does the topic exist? kdrift run creates it)", failed.get());
        }
        System.err.printf("send: %,d events -> %s at %s%n", n, target.topic, target.bootstrap);
        return 0;
    }
}
