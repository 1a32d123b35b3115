package org.fieldgate.gateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.config.SensorConfig;
import org.fieldgate.gateway.testing.DemoConfig;
import org.fieldgate.gateway.testing.GatewayProcess;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;

/**
 * Write amplification: the bytes the gateway process caused to be written to the block device
 * ({@code /proc/PID/io} {@code write_bytes} of the runnable jar in a child JVM) ÷ the payload bytes a
 * subscriber received from a real mosquitto, over the same window of real time, beside the raw cost
 * of the same payload kept durable within a second ({@link RawAppendBaseline}). Two sites:
 *
 * <ul>
 *   <li>the demo site: {@code config/demo.yaml} as shipped (sensors, rules, pipeline), with
 *       mosquitto instead of the embedded broker, the store in a fresh directory;</li>
 *   <li>a typical river/air site at its real rates, measured over a window of real time and
 *       extrapolated per hour, day, 72 hours and year: its writes are paced by the clock (group
 *       commits each second, batches each interval, WAL checkpoints every few minutes), so time
 *       cannot be compressed without changing what is measured.</li>
 * </ul>
 *
 * The window starts when the gateway is up (run file written) and ends before it is stopped: the
 * JVM's start-up (and sqlite-jdbc unpacking its native library) is reported apart.
 */
final class WriteAmplification {

    private static final long DAY = 86_400;

    /** A site to run: the config for a broker url, how long to measure, and what it stands for. */
    private record Site(String name, String gatewayId, String description, Duration window,
                        java.util.function.Function<String, String> yaml) {
    }

    /** What one window measured. */
    private record Window(double seconds, Delivered delivered, long logBytes, ProcessIo gateway, ProcessIo sinceStart,
                          long payloadSinceStart, long fsyncs, RawAppendBaseline raw, int historyChannels,
                          long historyPerDay) {
        long payloadBytes() {
            return delivered.bytes();
        }

        double ratio() {
            return gateway.writeBytes() / (double) payloadBytes();
        }

        /** The gateway's ratio with the crews' page history's writes of the window's length added. */
        double ratioWithHistory() {
            return (gateway.writeBytes() + historyPerDay * seconds / DAY) / (double) payloadBytes();
        }

        double rawRatio() {
            return raw.writeBytes() / (double) payloadBytes();
        }

        double perDay(long bytes) {
            return bytes / seconds * DAY;
        }
    }

    private final boolean quick;
    private final Path tempDir;
    private final boolean typicalSiteToo;
    private final Map<String, String> figures = new LinkedHashMap<>();

    WriteAmplification(boolean quick, Path tempDir, boolean typicalSiteToo) {
        this.quick = quick;
        this.tempDir = tempDir;
        this.typicalSiteToo = typicalSiteToo;
    }

    Map<String, String> run() throws Exception {
        BenchDisk disk = BenchDisk.choose(tempDir);
        try {
            return run(disk);
        } finally {
            Benchmark.deleteTree(disk.dir());
        }
    }

    private Map<String, String> run(BenchDisk disk) throws Exception {
        System.out.println("write amplification: gateway write_bytes / payload bytes received by a subscriber;"
                + " stores on " + disk.mount());
        Window demo = measure(demoSite(), disk);
        print(demo);
        figures.put("write amplification, demo site", String.format(Locale.ROOT,
                "%.2f× payload (%.2f× with the page's history; raw append + fsync/s %.1f×, gateway/raw %.1f), %s/day",
                demo.ratio(), demo.ratioWithHistory(), demo.rawRatio(), demo.ratio() / demo.rawRatio(),
                mb(demo.perDay(demo.gateway().writeBytes()))));
        System.out.println();
        if (!typicalSiteToo) {
            return figures;
        }

        Window typical = measure(typicalSite(), disk);
        print(typical);
        double day = typical.perDay(typical.gateway().writeBytes());
        System.out.printf(Locale.ROOT, "  extrapolated: %s per 72 hours, %.1f GB per year (%.1f× the capacity of a"
                        + " 32 GB card; the card's own erase-block amplification comes on top)%n",
                mb(3 * day), day * 365 / 1e9, day * 365 / 32e9);
        figures.put("write amplification, typical site", String.format(Locale.ROOT,
                "%.2f× payload (%.2f× with the page's history; raw %.1f×, gateway/raw %.1f), %s/day, %s/72 h",
                typical.ratio(), typical.ratioWithHistory(), typical.rawRatio(),
                typical.ratio() / typical.rawRatio(), mb(day), mb(3 * day)));
        System.out.println();
        return figures;
    }

    // ---- the sites ------------------------------------------------------------------------------

    /** config/demo.yaml with mosquitto for the embedded broker, the store here, any free status port. */
    private Site demoSite() {
        DemoConfig demo = DemoConfig.shipped();
        return new Site("demo", demo.gatewayId(), "demo site (config/demo.yaml's sensors, rules and pipeline;"
                + " mosquitto instead of the embedded broker)", Duration.ofSeconds(quick ? 30 : 120), demo::yaml);
    }

    /**
     * A river gauge with an air-quality kiosk: water level every 10 s, air quality (PMS5003-like)
     * every 10 s with its hourly indices, a rain gauge's one reading a minute, one flood alarm raised
     * and cleared in the window; the default pipeline batch (10 s). The project has no simulated rain
     * gauge (the real driver needs a Pi's GPIO), so a second simulated gauge reporting once a minute
     * stands in for it: one small telemetry message a minute, like a rain gauge's.
     */
    private Site typicalSite() {
        Duration window = Duration.ofSeconds(quick ? 120 : 600);
        long w = window.toSeconds();
        return new Site("typical", "typical-site", "typical site (water level and air quality every 10 s, a rain"
                + " gauge's reading a minute, one flood alarm raised and cleared), at its real rates", window,
                url -> """
                        gateway: { id: typical-site }
                        uplink: { mqtt: { servers: ["%s"] } }
                        storage: { path: store.db }
                        status: { http: { bind: "127.0.0.1:0" } }
                        sensors:
                          - { id: wl1, driver: sim-water-level, every: 10s,
                              scenario: { seed: 7, start_m: 9.3, peak_m: 9.7, time_to_peak: %ds, duration: %ds,
                                          noise_m: 0.005 } }
                          - { id: aq1, driver: sim-air-quality, every: 10s, aqi: [vn] }
                          - { id: rg1, driver: sim-water-level, every: 60s, scenario: { seed: 3 } }   # rain gauge stand-in
                        rules:
                          - id: flood
                            input: wl1.stage_m
                            levels: [ { name: BD1, above: 9.5 } ]
                            hysteresis: 0.05
                            hold: 20s
                        """.formatted(url, w * 2 / 5, w * 9 / 10));
    }

    // ---- measuring ------------------------------------------------------------------------------

    private Window measure(Site site, BenchDisk disk) throws Exception {
        System.out.println(site.description() + ", " + site.window().toSeconds() + " s from up:");
        Path dir = Files.createDirectories(disk.dir().resolve(site.name()));
        String topics = "ews/" + site.gatewayId() + "/#";
        try (MosquittoBroker broker = MosquittoBroker.started();
             MqttRecorder recorder = MqttRecorder.subscribe(broker.url(), topics);
             GatewayProcess gateway = GatewayProcess.prepare(dir, site.yaml().apply(broker.url()))) {
            FsyncTrace trace = FsyncTrace.ifAvailable(dir.resolve("fsync.trace"));
            if (trace != null) {
                gateway.wrappedIn(trace.wrapper());
            }
            gateway.start();
            gateway.awaitUp(Duration.ofSeconds(60));
            long pid = gateway.gatewayPid();
            ProcessIo atUp = ProcessIo.of(pid);
            long upNanos = System.nanoTime();
            long upMillis = System.currentTimeMillis();
            Thread.sleep(site.window().toMillis());
            ProcessIo atEnd = ProcessIo.of(pid);
            long endNanos = System.nanoTime();
            long endMillis = System.currentTimeMillis();
            gateway.terminate(Duration.ofSeconds(30));

            List<MqttRecorder.Received> all = recorder.messages();
            Delivered delivered = Delivered.in(all, upNanos, endNanos);
            if (delivered.bytes() == 0) {
                throw new IllegalStateException(site.name() + ": the subscriber received nothing:\n" + gateway.log());
            }
            long sinceStart = all.stream().filter(m -> m.at() < endNanos).mapToLong(m -> m.payload().length).sum();
            long fsyncs = trace == null ? -1 : trace.callsBetween(upMillis, endMillis);
            RawAppendBaseline raw = RawAppendBaseline.replay(dir.resolve("raw-baseline.bin"), delivered.bytesPerSecond());
            List<String[]> channels = scalarChannels(dir, site.yaml().apply(broker.url()));
            long history = HistoryWrites.bytesPerDay(Files.createDirectories(dir.resolve("history-bench")), channels);
            return new Window((endNanos - upNanos) / 1e9, delivered, gateway.log().length(), atEnd.minus(atUp), atEnd,
                    sinceStart, fsyncs, raw, channels.size(), history);
        }
    }

    /**
     * The site's scalar channels, {@code {sensor, channel}}: those the crews' page history keeps a
     * line a minute for (the gateway's {@code history/} only fills after its first 10 minutes, so it
     * is measured apart, by {@link HistoryWrites}).
     */
    private static List<String[]> scalarChannels(Path dir, String yaml) throws Exception {
        Path file = dir.resolve("site-for-history.yaml");
        Files.writeString(file, yaml);
        FieldgateConfig config = ConfigLoader.load(file, DriverRegistry.load());
        List<String[]> out = new ArrayList<>();
        for (SensorConfig s : config.sensors()) {
            for (ChannelSpec c : s.channels()) {
                if (!c.waveform()) {
                    out.add(new String[] {s.id(), c.name()});
                }
            }
        }
        return out;
    }

    /** What the subscriber received in [from, to) ({@link System#nanoTime()}). */
    private record Delivered(long bytes, int messages, int alerts, long liveOnlyBytes, long[] bytesPerSecond) {
        static Delivered in(List<MqttRecorder.Received> all, long from, long to) {
            long[] perSecond = new long[(int) Math.ceil((to - from) / 1e9)];
            long bytes = 0;
            int messages = 0;
            int alerts = 0;
            long liveOnly = 0;
            for (MqttRecorder.Received m : all) {
                if (m.at() < from || m.at() >= to) {
                    continue;
                }
                bytes += m.payload().length;
                messages++;
                alerts += m.topic().contains("/alert/") ? 1 : 0;
                liveOnly += m.topic().endsWith("/health") || m.topic().endsWith("/state") ? m.payload().length : 0;
                perSecond[(int) ((m.at() - from) / 1_000_000_000L)] += m.payload().length;
            }
            return new Delivered(bytes, messages, alerts, liveOnly, perSecond);
        }
    }

    private static void print(Window w) {
        System.out.printf(Locale.ROOT, "  payload received by the subscriber   %,13d B in %,d messages (%,.0f B/s; %d alerts;"
                        + " %,d B of it live-only state and health, never stored)%n",
                w.payloadBytes(), w.delivered().messages(), w.payloadBytes() / w.seconds(), w.delivered().alerts(),
                w.delivered().liveOnlyBytes());
        System.out.printf(Locale.ROOT, "  gateway write_bytes                  %,13d B = %5.1f× payload   (%s; cancelled"
                        + " %,d B)%n", w.gateway().writeBytes(), w.ratio(), fsyncs(w.fsyncs(), w.seconds()),
                w.gateway().cancelledWriteBytes());
        System.out.printf(Locale.ROOT, "  raw baseline: append + fsync each s  %,13d B = %5.1f× payload   (%s)%n",
                w.raw().writeBytes(), w.rawRatio(), fsyncs(w.raw().fsyncs(), w.seconds()));
        System.out.printf(Locale.ROOT, "  ratio gateway / raw baseline         %13.1f%n", w.ratio() / w.rawRatio());
        System.out.printf(Locale.ROOT, "  crews' page history (%d channels, a line each a minute, written every 10 min):"
                        + " %,d B per day = %.3f× payload; gateway with it %.2f× payload%n", w.historyChannels(),
                w.historyPerDay(), w.historyPerDay() * w.seconds() / DAY / w.payloadBytes(), w.ratioWithHistory());
        System.out.printf(Locale.ROOT, "  gateway writes %s per hour, %s per day (raw baseline %s per day)%n",
                mb(w.perDay(w.gateway().writeBytes()) / 24), mb(w.perDay(w.gateway().writeBytes())),
                mb(w.perDay(w.raw().writeBytes())));
        System.out.printf(Locale.ROOT, "  from the process start (JVM start-up, store creation, first connect"
                        + " included): %,d B = %.1f× payload;"
                        + " its log (a file here, journald on a site) %,d B%n", w.sinceStart().writeBytes(),
                w.sinceStart().writeBytes() / (double) w.payloadSinceStart(), w.logBytes());
    }

    private static String fsyncs(long n, double seconds) {
        return n < 0 ? "fsyncs not counted: no strace" : String.format(Locale.ROOT, "%,d fsyncs, %.1f/s", n, n / seconds);
    }

    private static String mb(double bytes) {
        return bytes >= 1e9 ? String.format(Locale.ROOT, "%.2f GB", bytes / 1e9)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
