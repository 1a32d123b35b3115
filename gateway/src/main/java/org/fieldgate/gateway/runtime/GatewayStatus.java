package org.fieldgate.gateway.runtime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.clock.ClockQuality;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.config.SensorConfig;
import org.fieldgate.gateway.contract.HealthMessage;
import org.fieldgate.gateway.outputs.OutputState;
import org.fieldgate.gateway.pipeline.AlarmSnapshot;
import org.fieldgate.gateway.pipeline.Pipeline;
import org.fieldgate.gateway.pipeline.SensorSnapshot;
import org.fieldgate.gateway.status.StatusReport;
import org.fieldgate.gateway.store.BacklogStats;
import org.fieldgate.gateway.store.EvictedRange;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.StoreException;
import org.fieldgate.gateway.store.StoreHealth;
import org.fieldgate.gateway.supervision.PartStatus;
import org.fieldgate.gateway.uplink.ClientCertificate;
import org.fieldgate.gateway.uplink.UplinkStatus;

/**
 * Gathers the facts of a running gateway into the status report ({@code GET /api/status}) and the
 * health message ({@code R/G/health}): one source, two views.
 */
final class GatewayStatus {

    private final FieldgateConfig config;
    private final String version;
    private final long started;
    private final Clock clock;
    private final ClockQuality clockQuality;
    private final OutboxStore store;
    private final Pipeline pipeline;
    private final SensorFleet sensors;
    private volatile java.util.function.Supplier<UplinkStatus> uplink = () -> null;
    private volatile String localBroker;
    private volatile java.util.function.Supplier<List<PartStatus>> parts = List::of;
    private volatile java.util.function.Supplier<List<OutputState>> outputs = List::of;
    private volatile java.util.function.Supplier<StatusReport.Config> runningConfig = () -> null;
    private final DrainEstimate drain = new DrainEstimate();
    private final ClientCertificate certificate;

    GatewayStatus(FieldgateConfig config, String version, long started, Clock clock, ClockQuality clockQuality,
                  OutboxStore store, Pipeline pipeline, SensorFleet sensors) {
        this.config = config;
        this.clockQuality = clockQuality;
        this.version = version;
        this.started = started;
        this.clock = clock;
        this.store = store;
        this.pipeline = pipeline;
        this.sensors = sensors;
        var tls = config.uplink().mqtt().tls();
        this.certificate = new ClientCertificate(tls == null ? null : tls.cert(), clock);
    }

    void uplink(java.util.function.Supplier<UplinkStatus> source) {
        this.uplink = source;
    }

    void parts(java.util.function.Supplier<List<PartStatus>> source) {
        this.parts = source;
    }

    void outputs(java.util.function.Supplier<List<OutputState>> source) {
        this.outputs = source;
    }

    void runningConfig(java.util.function.Supplier<StatusReport.Config> source) {
        this.runningConfig = source;
    }

    void localBroker(String address) {
        this.localBroker = address;
    }

    StatusReport report() {
        return report(false);
    }

    /**
     * The report for the live pages, pushed every second while one is open: its backlog figures may
     * be up to {@value #LIVE_BACKLOG_MAX_AGE_MS} ms old, as reading them first deletes the
     * acknowledged rows in a transaction of its own, which the next tick would otherwise carry.
     */
    StatusReport liveReport() {
        return report(true);
    }

    static final long LIVE_BACKLOG_MAX_AGE_MS = 10_000;
    private volatile BacklogStats lastBacklog;
    private volatile long lastBacklogAt;

    private StatusReport report(boolean live) {
        long now = clock.millis();
        BacklogStats backlog = live && lastBacklog != null && now - lastBacklogAt < LIVE_BACKLOG_MAX_AGE_MS
                ? lastBacklog : backlog();
        Map<String, SensorSnapshot> seen = pipeline.sensors();
        List<StatusReport.Sensor> sensorList = new ArrayList<>();
        for (SensorConfig s : config.sensors()) {
            SensorSnapshot snap = seen.get(s.id());
            List<StatusReport.ChannelValue> last = new ArrayList<>();
            Long lastT = null;
            if (snap != null) {
                for (Reading r : new TreeMap<>(snap.channels()).values()) {
                    last.add(new StatusReport.ChannelValue(r.channel(), r.value(), r.quality().wire(), r.time()));
                }
                snap.waveformPeak().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                        last.add(new StatusReport.ChannelValue(e.getKey() + "_peak", e.getValue(), "ok",
                                snap.lastReadingTime())));
                lastT = snap.lastReadingTime() > 0 ? snap.lastReadingTime() : null;
            }
            sensorList.add(new StatusReport.Sensor(s.id(), s.driver(), sensors.state(s.id()).wire(), lastT, last,
                    counters(s.id())));
        }
        List<StatusReport.Alarm> alarms = new ArrayList<>();
        for (AlarmSnapshot a : pipeline.alarms().values()) {
            if (a.active() && a.lastEvent() != null) {
                var e = a.lastEvent();
                alarms.add(new StatusReport.Alarm(a.rule(), a.level(), a.severity(), e.sensor(), e.channel(), e.value(),
                        e.threshold(), a.since(), a.acknowledged() ? a.acknowledgedBy() : null, e.shaking()));
            }
        }
        UplinkStatus u = uplink.get();
        ClientCertificate.State c = certificate.status();
        StatusReport.Certificate cert = c == null ? null
                : new StatusReport.Certificate(c.file(), c.subject(), c.notAfter(), c.daysLeft(), c.renewSoon(), c.error());
        StatusReport.Uplink up = u == null
                ? new StatusReport.Uplink(false, null, config.uplink().mqtt().servers(), null, "not started", 0, 0, 0, 0, 0,
                        cert)
                : new StatusReport.Uplink(u.connected(), u.server(), config.uplink().mqtt().servers(),
                        u.lastConnectedAt() > 0 ? u.lastConnectedAt() : null, u.lastError(), u.published(), u.acked(),
                        u.reconnects(), u.inflight(), u.ackTimeouts(), cert);
        return new StatusReport(config.gateway().id(), version, now, started, (now - started) / 1000, sensorList,
                alarms, up,
                new StatusReport.Backlog(backlog.messages(), backlog.bytes(), oldestAge(backlog, now),
                        drain.seconds(lastBacklogAt, backlog.messages(), up.connected())),
                store(backlog),
                localBroker, new StatusReport.ClockState(clockQuality.knownGood(), clockQuality.reason()), threads(),
                rules(), outputs(), runningConfig.get());
    }

    /** The driver's counters and the sensor's quality-gate counts. */
    private Map<String, Long> counters(String sensor) {
        Map<String, Long> gate = pipeline.qualityGateCounts(sensor);
        if (gate.isEmpty()) {
            return sensors.counters(sensor);
        }
        Map<String, Long> all = new TreeMap<>(sensors.counters(sensor));
        all.putAll(gate);
        return all;
    }

    private List<StatusReport.Part> threads() {
        List<StatusReport.Part> out = new ArrayList<>();
        for (PartStatus p : parts.get()) {
            out.add(new StatusReport.Part(p.name(), p.state().wire(), p.restarts(), p.lastError()));
        }
        return out;
    }

    /**
     * One line for the service manager ({@code systemctl status}): uplink, backlog, alarms, e.g.
     * {@code uplink connected; backlog 12 messages, oldest 3 s; alarm flood BD1}.
     */
    String serviceStatus() {
        StatusReport r = liveReport();
        StringBuilder s = new StringBuilder(r.uplink().connected() ? "uplink connected" : "uplink DOWN");
        s.append("; backlog ").append(r.backlog().messages()).append(" messages");
        if (r.backlog().oldestAgeS() != null) {
            s.append(", oldest ").append(r.backlog().oldestAgeS()).append(" s");
        }
        if (r.alarms().isEmpty()) {
            s.append("; no alarm");
        }
        for (StatusReport.Alarm a : r.alarms()) {
            s.append("; alarm ").append(a.rule()).append(' ').append(a.level());
        }
        return s.toString();
    }

    /** The {@code R/G/health} payload. */
    byte[] health() {
        return HealthMessage.write(report());
    }

    /** Evicted ranges shown in status and health: the most recent ones. */
    static final int EVICTED_RANGES_SHOWN = 20;

    private StatusReport.Store store(BacklogStats backlog) {
        StoreHealth health = store.health();
        List<long[]> ranges = new ArrayList<>();
        try {
            for (EvictedRange e : store.recentEvictions(EVICTED_RANGES_SHOWN)) {
                ranges.add(new long[]{e.firstSeq(), e.lastSeq()});
            }
        } catch (StoreException e) {
            // the counts still show; the ranges come back with the store
        }
        return new StatusReport.Store(config.storage().path().toString(), backlog.fileBytes(),
                config.storage().maxSize(), backlog.lastSeq(), pipeline.counters().storeFailures(), health.writable(),
                health.writable() ? null : health.unwritableSince(), health.writeError(), backlog.deadLetters(),
                backlog.evictedMessages(), ranges, health.recovery() == null ? null : health.recovery().summary(),
                pipeline.alertsInMemory());
    }

    private List<StatusReport.Output> outputs() {
        List<StatusReport.Output> out = new ArrayList<>();
        for (OutputState o : outputs.get()) {
            out.add(new StatusReport.Output(o.id(), !o.ready() ? "unavailable" : o.on() ? "on" : "off", o.testing(),
                    o.rules(), o.error()));
        }
        return out;
    }

    private List<StatusReport.Rule> rules() {
        Map<String, Map<String, Long>> counts = pipeline.alertCounts();
        List<StatusReport.Rule> out = new ArrayList<>();
        for (RuleConfig r : config.rules()) {
            List<StatusReport.RuleLevel> levels = new ArrayList<>();
            for (RuleConfig.Level l : r.kind().equals("levels") ? r.levels() : List.<RuleConfig.Level>of()) {
                levels.add(new StatusReport.RuleLevel(l.name(), l.above(), l.below()));
            }
            out.add(new StatusReport.Rule(r.id(), r.kind(), r.sensor(), r.channel(), levels,
                    new TreeMap<>(counts.getOrDefault(r.id(), Map.of()))));
        }
        return out;
    }

    private BacklogStats backlog() {
        try {
            BacklogStats b = store.stats();
            lastBacklogAt = clock.millis();
            lastBacklog = b;
            return b;
        } catch (StoreException e) {
            return new BacklogStats(-1, -1, 0, -1, -1);
        }
    }

    private static Long oldestAge(BacklogStats b, long now) {
        return b.oldestCreated() > 0 ? Math.max(0, (now - b.oldestCreated()) / 1000) : null;
    }
}
