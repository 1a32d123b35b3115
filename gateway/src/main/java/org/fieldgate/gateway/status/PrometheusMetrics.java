package org.fieldgate.gateway.status;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /metrics}: the status report in the Prometheus text format (0.0.4), written by the
 * Prometheus Java client's data model and text writer (no registry, no protobuf: every scrape is
 * built from one fresh report, so the figures agree with {@code /api/status}). Families: uplink,
 * backlog, store, per-sensor state and counters, active alarms, clock, supervised parts and the
 * JVM's basics. No label carries a secret (no server URL, no path).
 */
final class PrometheusMetrics {

    /** The text format's media type without its charset (the server adds UTF-8). */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4";
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private final List<MetricSnapshot> families = new ArrayList<>();

    private PrometheusMetrics() {
    }

    /** The exposition of {@code r}, as bytes. */
    static byte[] expose(StatusReport r) {
        PrometheusMetrics m = new PrometheusMetrics();
        m.collect(r);
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            WRITER.write(out, new MetricSnapshots(m.families), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }

    private void collect(StatusReport r) {
        gauge("fieldgate_info", "The gateway's id and version (always 1).", Map.of(
                Labels.of("gw", r.gw(), "version", r.version()), 1.0));
        gauge("fieldgate_uptime_seconds", "Seconds since the gateway started.", r.uptimeS());

        StatusReport.Uplink u = r.uplink();
        gauge("fieldgate_uplink_connected", "1 while the MQTT uplink is connected.", u.connected() ? 1 : 0);
        counter("fieldgate_uplink_published", "Messages published since start.", u.published());
        counter("fieldgate_uplink_acked", "Messages the broker acknowledged since start.", u.acked());
        counter("fieldgate_uplink_reconnects", "Reconnections since start.", u.reconnects());
        counter("fieldgate_uplink_ack_timeouts", "Publishes the broker did not acknowledge in time.", u.ackTimeouts());
        gauge("fieldgate_uplink_inflight", "Messages published and not yet acknowledged.", u.inflight());
        if (u.certificate() != null && u.certificate().notAfter() != null) {
            gauge("fieldgate_client_certificate_not_after_seconds", "End of the gateway's client certificate"
                    + " (uplink.mqtt.tls.cert), Unix time.", u.certificate().notAfter() / 1000.0);
        }

        StatusReport.Backlog b = r.backlog();
        gauge("fieldgate_backlog_messages", "Messages stored and not yet delivered.", b.messages());
        gauge("fieldgate_backlog_bytes", "Payload bytes stored and not yet delivered.", b.bytes());
        if (b.oldestAgeS() != null) {
            gauge("fieldgate_backlog_oldest_age_seconds", "Age of the oldest message waiting.", b.oldestAgeS());
        }

        StatusReport.Store s = r.store();
        gauge("fieldgate_store_size_bytes", "Database plus WAL on disk.", s.sizeBytes());
        gauge("fieldgate_store_max_size_bytes", "The store's disk budget (storage.max_size).", s.maxSizeBytes());
        gauge("fieldgate_store_last_seq", "The last sequence number assigned.", s.lastSeq());
        gauge("fieldgate_store_writable", "1 while the store can be written.", s.writable() ? 1 : 0);
        counter("fieldgate_store_append_failures", "Commits that failed since start.", s.appendFailures());
        gauge("fieldgate_store_dead_letters", "Messages in the dead-letter table.", s.deadLetters());
        counter("fieldgate_store_evicted_messages", "Telemetry evicted under the disk budget.", s.evictedMessages());

        Map<Labels, Double> up = new LinkedHashMap<>();
        Map<Labels, Double> age = new LinkedHashMap<>();
        Map<Labels, Double> events = new LinkedHashMap<>();
        for (StatusReport.Sensor x : r.sensors()) {
            up.put(Labels.of("sensor", x.id(), "driver", x.driver(), "state", x.state()), x.state().equals("ok") ? 1.0 : 0.0);
            if (x.lastT() != null) {
                age.put(Labels.of("sensor", x.id()), Math.max(0, r.now() - x.lastT()) / 1000.0);
            }
            x.counters().forEach((k, v) -> events.put(Labels.of("sensor", x.id(), "kind", k), v.doubleValue()));
        }
        gauge("fieldgate_sensor_up", "1 while the sensor's state is ok; the state is a label.", up);
        gauge("fieldgate_sensor_last_reading_age_seconds", "Seconds since the sensor's last reading.", age);
        counter("fieldgate_sensor_events", "Per-sensor counters (readings, packets, checksum errors, …).", events);

        Map<Labels, Double> alarms = new LinkedHashMap<>();
        for (StatusReport.Alarm a : r.alarms()) {
            alarms.put(Labels.of("rule", a.rule(), "level", a.level(),
                    "acknowledged", a.acknowledgedBy() == null ? "false" : "true"), (double) a.severity());
        }
        gauge("fieldgate_alarm_severity", "Severity of each active alarm (1 = the lowest level).", alarms);
        gauge("fieldgate_alarms_active", "Active alarms.", r.alarms().size());
        Map<Labels, Double> ruleSeverity = new LinkedHashMap<>();
        Map<Labels, Double> ruleAlerts = new LinkedHashMap<>();
        for (StatusReport.Rule rule : r.rules()) {
            int severity = r.alarms().stream().filter(a -> a.rule().equals(rule.id()))
                    .mapToInt(StatusReport.Alarm::severity).max().orElse(0);
            ruleSeverity.put(Labels.of("rule", rule.id(), "kind", rule.kind()), (double) severity);
            rule.alerts().forEach((state, n) -> ruleAlerts.put(Labels.of("rule", rule.id(), "state", state),
                    n.doubleValue()));
        }
        gauge("fieldgate_rule_severity", "Each rule's state: the severity of its active alarm, 0 when quiet.",
                ruleSeverity);
        counter("fieldgate_alerts", "Alert events each rule made since start, by state (raised, updated, cleared).",
                ruleAlerts);
        Map<Labels, Double> outputs = new LinkedHashMap<>();
        for (StatusReport.Output o : r.outputs()) {
            outputs.put(Labels.of("output", o.id(), "state", o.state(), "testing", Boolean.toString(o.testing())),
                    o.state().equals("on") ? 1.0 : 0.0);
        }
        gauge("fieldgate_output_on", "1 while a local output (siren, beacon) is on; its state is a label.", outputs);
        gauge("fieldgate_clock_synced", "1 while the clock is known good.", r.clock() != null && r.clock().synced() ? 1 : 0);

        Map<Labels, Double> parts = new LinkedHashMap<>();
        Map<Labels, Double> restarts = new LinkedHashMap<>();
        for (StatusReport.Part p : r.threads()) {
            parts.put(Labels.of("part", p.name(), "state", p.state()), p.state().equals("dead") ? 0.0 : 1.0);
            restarts.put(Labels.of("part", p.name()), (double) p.restarts());
        }
        gauge("fieldgate_part_up", "0 once a supervised part is dead; its state is a label.", parts);
        counter("fieldgate_part_restarts", "Restarts of each supervised part.", restarts);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        gauge("jvm_memory_used_bytes", "JVM memory in use.", Map.of(
                Labels.of("area", "heap"), (double) memory.getHeapMemoryUsage().getUsed(),
                Labels.of("area", "nonheap"), (double) memory.getNonHeapMemoryUsage().getUsed()));
        gauge("jvm_memory_max_bytes", "The JVM's heap limit.", Map.of(
                Labels.of("area", "heap"), (double) memory.getHeapMemoryUsage().getMax()));
        gauge("jvm_threads_current", "Live JVM threads.", ManagementFactory.getThreadMXBean().getThreadCount());
    }

    private void gauge(String name, String help, double value) {
        gauge(name, help, Map.of(Labels.EMPTY, value));
    }

    private void gauge(String name, String help, Map<Labels, Double> points) {
        GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(name).help(help);
        points.forEach((labels, v) -> g.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(labels).value(v).build()));
        families.add(g.build());
    }

    private void counter(String name, String help, double value) {
        counter(name, help, Map.of(Labels.EMPTY, value));
    }

    private void counter(String name, String help, Map<Labels, Double> points) {
        CounterSnapshot.Builder c = CounterSnapshot.builder().name(name).help(help);
        points.forEach((labels, v) -> c.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(labels).value(v).build()));
        families.add(c.build());
    }
}
