package io.kdrift.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Makes third-party metrics pass Prometheus' own lint ({@code promtool check metrics}). Kafka's client
 * metrics and two JVM binders break its rules in three ways; this filter, applied to every meter:
 * <ul>
 *   <li>drops the few metrics measured in nanoseconds or milliseconds ({@code kafka_*_io_time_ns_total},
 *       {@code kafka_*_txn_*_time_ns_total}, {@code kafka_app_info_start_time_ms}, {@code process_cpu_time_ns_total}, …):
 *       Prometheus wants seconds, and a filter can rename a meter but not rescale it;</li>
 *   <li>renames gauges ending in {@code _count}, which Prometheus reserves for histograms and summaries:
 *       {@code …connection.count} becomes {@code …connections}, {@code system.cpu.count} becomes
 *       {@code system.cpu.cores}, any other ends in {@code .number};</li>
 *   <li>gives a description to the meters that have none (some Kafka client metrics).</li>
 * </ul>
 */
public final class PrometheusLint implements MeterFilter {
    private static final Pattern SUB_SECOND_UNIT = Pattern.compile("\\.(ns|ms)(\\.|$)");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        boolean subSecond = SUB_SECOND_UNIT.matcher(id.getName()).find() || "ns".equals(id.getBaseUnit()) || "ms".equals(id.getBaseUnit());
        return subSecond ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = id.getName();
        if (id.getType() == Meter.Type.GAUGE) {
            if (name.endsWith(".connection.count")) {
                name = name.substring(0, name.length() - ".connection.count".length()) + ".connections";
            } else if (name.equals("system.cpu.count")) {
                name = "system.cpu.cores";
            } else if (name.endsWith(".count")) {
                name = name.substring(0, name.length() - ".count".length()) + ".number";
            }
        }
        String description = id.getDescription();
        if (description == null || description.isBlank()) {
            description = "Metric " + id.getName() + (id.getName().startsWith("kafka.") ? " of the Kafka clients" : "");
        }
        if (name.equals(id.getName()) && Objects.equals(description, id.getDescription())) {
            return id;
        }
        return new Meter.Id(name, Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
    }
}
