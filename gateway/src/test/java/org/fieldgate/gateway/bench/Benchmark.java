package org.fieldgate.gateway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.config.HostPort;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.config.UplinkSection;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.pipeline.Pipeline;
import org.fieldgate.gateway.rules.RuleEngine;
import org.fieldgate.gateway.status.StatusServer;
import org.fieldgate.gateway.status.StatusServerTestReports;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.store.SeqPayloads;
import org.fieldgate.gateway.store.SqliteOutboxStore;
import org.fieldgate.gateway.testing.GatewayProcess;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.uplink.Uplink;

/**
 * The figures of the store-and-forward path, each beside a raw baseline measured in the same run on
 * the same machine (absolute times drift between runs; ratios much less). Run with
 * {@code bin/fieldgate-bench}. Needs {@code mosquitto}.
 */
public final class Benchmark {

    static final String GW = "bench";
    private static final Topics TOPICS = new Topics("ews", GW);
    private static final MessageEncoder ENCODER = new MessageEncoder(GW);
    private static final Clock CLOCK = Clock.systemUTC();

    /** Sections, for {@code --only a,b}. */
    static final List<String> SECTIONS = List.of("store", "uplink", "memory", "rules", "waveform-bytes",
            "seismic", "page-clients", "write-amp", "write-amp-demo");

    private final Path dir;
    private final boolean quick;
    private final List<String> only;
    private final Map<String, String> figures = new LinkedHashMap<>();

    private Benchmark(Path dir, boolean quick, List<String> only) {
        this.dir = dir;
        this.quick = quick;
        this.only = only;
    }

    /** {@code [--quick] [--only SECTION,…]}; sections: {@link #SECTIONS}. */
    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        boolean quick = arguments.contains("--quick");
        int at = arguments.indexOf("--only");
        List<String> only = at >= 0 && at + 1 < args.length ? List.of(args[at + 1].split(",")) : List.of();
        for (String section : only) {
            if (!SECTIONS.contains(section)) {
                System.err.println("fieldgate-bench: unknown section '" + section + "', sections: " + SECTIONS);
                System.exit(2);
            }
        }
        Path dir = Files.createTempDirectory("fieldgate-bench");
        System.out.println("fieldgate benchmark" + (quick ? " (quick: smaller sizes, figures not comparable)" : "")
                + ", " + Runtime.getRuntime().availableProcessors() + " cores, java " + System.getProperty("java.version"));
        try {
            new Benchmark(dir, quick, only).run();
        } finally {
            deleteTree(dir);
        }
        System.exit(0);
    }

    private int n(int full, int small) {
        return quick ? small : full;
    }

    private boolean section(String name) {
        return only.isEmpty() || only.contains(name);
    }

    private void run() throws Exception {
        byte[] payload = sampleTelemetry();
        System.out.printf("typical telemetry message: %d bytes%n%n", payload.length);

        // 1. raw sqlite-jdbc vs our store, both batched (one transaction per 1000 rows)
        if (section("store")) {
            int rows = n(200_000, 20_000);
            double raw = rawSqliteInserts(rows, payload);
            double ours = storeAppendAll(rows, payload);
            report("store append, batched", ours, raw, "msg/s", "raw sqlite-jdbc batched inserts");
            int single = n(2_000, 500);
            double perMessage = storeAppendOneByOne(single, payload);
            System.out.printf("  store append, one transaction (fsync) per message as the pipeline does: %,.0f msg/s%n%n",
                    perMessage);
        }

        if (section("uplink")) {
            uplink(payload);
        }
        // 4. memory of the real gateway process with a 1-million-message backlog
        if (section("memory")) {
            rssWithBacklog(n(1_000_000, 100_000), payload);
            System.out.println();
        }

        // 5. rules: 200 level rules over 50 channels
        if (section("rules")) {
            rules(n(2_000_000, 200_000));
            System.out.println();
        }

        // 6. waveform uplink: bytes per sample on the wire, JSON vs miniSEED, on real records (sizes, not times)
        if (section("waveform-bytes")) {
            figures.putAll(new WaveformBytes(TOPICS, ENCODER).run());
        }

        // 7. the earthquake trigger: samples/s per core against raw STA/LTA, and trigger-to-publish latency
        if (section("seismic")) {
            SeismicBench seismic = new SeismicBench(quick);
            figures.putAll(seismic.throughput());
            try (MosquittoBroker broker = MosquittoBroker.started()) {
                figures.putAll(seismic.latency(broker.url(), dir));
            }
            System.out.println();
        }

        // 8. write amplification: bytes the gateway makes the SD card write per payload byte delivered
        if (section("page-clients")) {
            try (MosquittoBroker broker = MosquittoBroker.started()) {
                pageClients(broker.url());
            }
            System.out.println();
        }
        if (section("write-amp")) {
            figures.putAll(new WriteAmplification(quick, dir, true).run());
        } else if (only.contains("write-amp-demo")) { // the demo site alone, 2 minutes
            figures.putAll(new WriteAmplification(quick, dir, false).run());
        }

        System.out.println("summary");
        figures.forEach((k, v) -> System.out.printf("  %-46s %s%n", k, v));
    }

    private void uplink(byte[] payload) throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.started()) {
            // 2. raw Paho QoS 1, 1000 in flight, vs our uplink draining a stored backlog
            int messages = n(200_000, 20_000);
            double paho = rawPaho(broker.url(), messages, payload);
            double drain = drainBacklog(broker.url(), messages, payload, null);
            report("backlog drain to mosquitto", drain, paho, "msg/s", "raw Paho QoS 1, max inflight 1000");
            System.out.println();

            // 3. a 72-hour backlog of a typical site, and alert latency while it drains
            seventyTwoHours(broker.url());
            System.out.println();
        }
    }

    private void report(String what, double ours, double baseline, String unit, String baselineName) {
        System.out.printf("%-40s %,12.0f %s   baseline (%s) %,12.0f %s   ratio %.2f%n", what, ours, unit,
                baselineName, baseline, unit, ours / baseline);
        figures.put(what, String.format(Locale.ROOT, "%,.0f %s (%.0f%% of %s)", ours, unit, 100 * ours / baseline,
                baselineName));
    }

    /** A water-level batch as the pipeline writes it (10 s of readings, two channels). */
    private static byte[] sampleTelemetry() {
        List<Reading> r = new ArrayList<>();
        long t = 1_795_400_000_000L;
        r.add(new Reading("stage_m", t, 9.613, Quality.OK));
        r.add(new Reading("distance_m", t, 4.587, Quality.OK));
        return ENCODER.telemetry(1_000_000, "wl1", r);
    }

    // ---- store ---------------------------------------------------------------------------------

    private double rawSqliteInserts(int rows, byte[] payload) throws Exception {
        Path db = dir.resolve("raw.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, seq INTEGER, topic TEXT, payload BLOB)");
            }
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t(seq, topic, payload) VALUES (?,?,?)")) {
                for (int i = 1; i <= rows; i++) {
                    p.setLong(1, i);
                    p.setString(2, "ews/bench/telemetry/wl1");
                    p.setBytes(3, payload);
                    p.addBatch();
                    if (i % 1000 == 0) {
                        p.executeBatch();
                        c.commit();
                    }
                }
                p.executeBatch();
                c.commit();
            }
            return rows / seconds(t0);
        }
    }

    private double storeAppendAll(int rows, byte[] payload) throws Exception {
        try (SqliteOutboxStore store = SqliteOutboxStore.open(dir.resolve("append.db"), CLOCK)) {
            long t0 = System.nanoTime();
            fill(store, Lane.TELEMETRY, rows, seq -> payload);
            return rows / seconds(t0);
        }
    }

    private double storeAppendOneByOne(int rows, byte[] payload) throws Exception {
        try (SqliteOutboxStore store = SqliteOutboxStore.open(dir.resolve("single.db"), CLOCK)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < rows; i++) {
                store.append(Lane.TELEMETRY, seq -> List.of(new OutgoingMessage("ews/bench/telemetry/wl1", false, payload)));
            }
            return rows / seconds(t0);
        }
    }

    /** Appends {@code rows} messages in transactions of 1000. */
    private static void fill(SqliteOutboxStore store, Lane lane, int rows, java.util.function.LongFunction<byte[]> body)
            throws Exception {
        List<SeqPayloads> batch = new ArrayList<>(1000);
        for (int i = 0; i < rows; i++) {
            batch.add(seq -> List.of(new OutgoingMessage("ews/bench/telemetry/wl1", false, body.apply(seq))));
            if (batch.size() == 1000) {
                store.appendAll(lane, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            store.appendAll(lane, batch);
        }
    }

    // ---- uplink --------------------------------------------------------------------------------

    private double rawPaho(String url, int messages, byte[] payload) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(url, "bench-raw", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1000);
        Semaphore window = new Semaphore(1000);
        CountDownLatch done = new CountDownLatch(messages);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                window.release();
                done.countDown();
            }
        });
        client.connect(o).waitForCompletion(10_000);
        long t0 = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            window.acquire();
            client.publish("ews/bench/raw/wl1", payload, 1, false);
        }
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("raw Paho: PUBACKs missing");
        }
        double rate = messages / seconds(t0);
        client.disconnect().waitForCompletion(5_000);
        client.close();
        return rate;
    }

    static UplinkSection.Mqtt mqtt(String url) {
        return new UplinkSection.Mqtt(List.of(url), "ews", null, null, null, "bench-gw", Duration.ofSeconds(30),
                Duration.ofMinutes(10), 256);
    }

    /** Fills a store, then lets the uplink drain it; returns messages per second of the drain. */
    private double drainBacklog(String url, int messages, byte[] payload, Runnable duringDrain) throws Exception {
        try (SqliteOutboxStore store = SqliteOutboxStore.open(dir.resolve("drain-" + messages + ".db"), CLOCK)) {
            fill(store, Lane.TELEMETRY, messages, seq -> payload);
            return timeDrain(url, store, messages);
        }
    }

    private double timeDrain(String url, SqliteOutboxStore store, long messages) throws Exception {
        Uplink uplink = new Uplink(mqtt(url), GW, "bench", store, Uplink.pahoTransports(mqtt(url), GW, null), null, CLOCK);
        long t0 = System.nanoTime();
        uplink.start();
        awaitEmpty(store, Duration.ofMinutes(10));
        double rate = messages / seconds(t0);
        uplink.close(Duration.ofSeconds(2));
        return rate;
    }

    private static void awaitEmpty(SqliteOutboxStore store, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (store.stats().messages() > 0) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("backlog not drained in " + timeout + ": " + store.stats());
            }
            Thread.sleep(20);
        }
    }

    /**
     * 72 hours of a typical site: a 100 Hz 3-axis seismometer in 1-second packets, water level every
     * 10 s and air quality every minute (one message per 10 s batch, and per minute). While it
     * drains, a flood rule raises and clears an alarm every 200 ms; each alert's latency is from the
     * reading entering the pipeline to the alert reaching a subscriber.
     */
    private void seventyTwoHours(String url) throws Exception {
        int hours = quick ? 2 : 72;
        int seismic = hours * 3600;
        int water = hours * 360;
        int air = hours * 60;
        Random noise = new Random(72);
        byte[][] waveforms = new byte[16][];
        for (int k = 0; k < waveforms.length; k++) {
            Map<String, double[]> axes = new LinkedHashMap<>();
            for (String axis : List.of("x", "y", "z")) {
                double[] v = new double[100];
                for (int i = 0; i < 100; i++) {
                    v[i] = noise.nextGaussian() * 0.002;
                }
                axes.put(axis, v);
            }
            waveforms[k] = ENCODER.waveform(1_000_000 + k, "seis1", new WaveformPacket(1_795_400_000_000L, 100.0, "m/s2", axes));
        }
        byte[] waterBatch = sampleTelemetry();
        byte[] airBatch = ENCODER.telemetry(1_000_000, "aq1", List.of(
                new Reading("pm1_0", 1_795_400_000_000L, 12.6, Quality.OK),
                new Reading("pm2_5", 1_795_400_000_000L, 20.3, Quality.OK),
                new Reading("pm10", 1_795_400_000_000L, 30.2, Quality.OK)));
        long total = seismic + water + air;
        try (SqliteOutboxStore store = SqliteOutboxStore.open(dir.resolve("72h.db"), CLOCK)) {
            long t0 = System.nanoTime();
            // in time order: per second one waveform, every 10 s a water batch, every 60 s an air batch
            List<SeqPayloads> batch = new ArrayList<>(1000);
            for (int s = 0; s < seismic; s++) {
                byte[] w = waveforms[s % waveforms.length];
                batch.add(seq -> List.of(new OutgoingMessage("ews/bench/telemetry/seis1", false, w)));
                if (s % 10 == 0) {
                    batch.add(seq -> List.of(new OutgoingMessage("ews/bench/telemetry/wl1", false, waterBatch)));
                }
                if (s % 60 == 0) {
                    batch.add(seq -> List.of(new OutgoingMessage("ews/bench/telemetry/aq1", false, airBatch)));
                }
                if (batch.size() >= 1000) {
                    store.appendAll(Lane.TELEMETRY, batch);
                    batch.clear();
                }
            }
            store.appendAll(Lane.TELEMETRY, batch);
            long bytes = store.stats().bytes();
            System.out.printf("%d-hour backlog: %,d messages, %,d MB, stored in %.1f s%n", hours, total,
                    bytes / 1_000_000, seconds(t0));

            AlertProbe alerts = new AlertProbe(url);
            Uplink[] holder = new Uplink[1];
            RuleConfig flood = new RuleConfig("flood", "wl1", "stage_m",
                    List.of(new RuleConfig.Level("BD1", 9.5, null)), 0.0, Duration.ZERO, List.of());
            try (Pipeline pipeline = new Pipeline(Pipeline.Parts.of(TOPICS, ENCODER, new RuleEngine(List.of(flood)),
                    store, Duration.ofHours(1), CLOCK, () -> holder[0].wake()))) {
                holder[0] = new Uplink(mqtt(url), GW, "bench", store, Uplink.pahoTransports(mqtt(url), GW, null), null,
                        CLOCK);
                long d0 = System.nanoTime();
                holder[0].start();
                while (!holder[0].status().connected()) { // latency of alerts, not of the first connect
                    Thread.sleep(5);
                }
                // raise and clear while the backlog drains
                var sink = pipeline.forSensor("wl1");
                double level = 9.0;
                while (store.stats().messages() > 1000 && System.nanoTime() - d0 < TimeUnit.MINUTES.toNanos(10)) {
                    level = level < 9.5 ? 10.0 : 9.0;
                    long now = CLOCK.millis();
                    alerts.expect(now);
                    sink.readings(List.of(new Reading("stage_m", now, level, Quality.OK)));
                    Thread.sleep(200);
                }
                awaitEmpty(store, Duration.ofMinutes(10));
                double drainSeconds = seconds(d0);
                holder[0].close(Duration.ofSeconds(2));
                System.out.printf("%d-hour backlog drained in %.1f s (%,.0f msg/s, %.1f MB/s)%n", hours, drainSeconds,
                        total / drainSeconds, bytes / 1e6 / drainSeconds);
                figures.put(hours + "-hour backlog drain", String.format(Locale.ROOT, "%.1f s (%,d messages, %,d MB)",
                        drainSeconds, total, bytes / 1_000_000));
            }
            alerts.close();
            long[] lat = alerts.latenciesMillis();
            if (lat.length == 0) {
                System.out.println("alert latency: no alert was received");
                figures.put("alert latency while draining", "no alert received");
            } else {
                Arrays.sort(lat);
                String text = String.format(Locale.ROOT, "p50 %d ms, p99 %d ms, max %d ms over %d alerts",
                        percentile(lat, 50), percentile(lat, 99), lat[lat.length - 1], lat.length);
                System.out.println("alert latency while the backlog drains: " + text);
                figures.put("alert latency while draining", text);
            }
        }
    }

    /**
     * Alert latency with 20 live pages open against none, side by side in one run: a flood rule
     * raises and clears every 200 ms for 30 s (10 s with --quick) while the status server pushes
     * the report (a demo-sized one) to 0, then to 20 event-stream clients that read everything.
     */
    private void pageClients(String url) throws Exception {
        int seconds = quick ? 10 : 30;
        Map<Integer, String> results = new LinkedHashMap<>();
        for (int clients : new int[] {0, 20}) {
            try (SqliteOutboxStore store = SqliteOutboxStore.open(dir.resolve("pages-" + clients + ".db"), CLOCK);
                 StatusServer status = StatusServer.start(new HostPort("127.0.0.1", 0), false,
                         StatusServerTestReports::report, () -> null, new ObjectMapper()
                                 .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))) {
                List<Socket> pages = new ArrayList<>();
                List<Thread> readers = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    Socket page = new Socket("127.0.0.1", status.address().port());
                    page.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    pages.add(page);
                    Thread t = new Thread(() -> {
                        byte[] buf = new byte[16384];
                        try (InputStream in = page.getInputStream()) {
                            while (in.read(buf) >= 0) {
                                // a phone that keeps up
                            }
                        } catch (IOException e) {
                            // closed at the end
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                    readers.add(t);
                }
                AlertProbe alerts = new AlertProbe(url);
                Uplink[] holder = new Uplink[1];
                RuleConfig flood = new RuleConfig("flood", "wl1", "stage_m",
                        List.of(new RuleConfig.Level("BD1", 9.5, null)), 0.0, Duration.ZERO, List.of());
                try (Pipeline pipeline = new Pipeline(Pipeline.Parts.of(TOPICS, ENCODER, new RuleEngine(List.of(flood)),
                        store, Duration.ofSeconds(10), CLOCK, () -> holder[0].wake()))) {
                    pipeline.start();
                    holder[0] = new Uplink(mqtt(url), GW, "bench", store, Uplink.pahoTransports(mqtt(url), GW, null),
                            null, CLOCK);
                    holder[0].start();
                    while (!holder[0].status().connected()) {
                        Thread.sleep(5);
                    }
                    var sink = pipeline.forSensor("wl1");
                    double level = 9.0;
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                    while (System.nanoTime() < end) {
                        level = level < 9.5 ? 10.0 : 9.0;
                        long now = CLOCK.millis();
                        alerts.expect(now);
                        sink.readings(List.of(new Reading("stage_m", now, level, Quality.OK)));
                        Thread.sleep(200);
                    }
                    Thread.sleep(1000);
                    holder[0].close(Duration.ofSeconds(2));
                }
                alerts.close();
                for (Socket page : pages) {
                    page.close();
                }
                long[] lat = alerts.latenciesMillis();
                Arrays.sort(lat);
                String text = lat.length == 0 ? "no alert received" : String.format(Locale.ROOT,
                        "p50 %d ms, p99 %d ms, max %d ms over %d alerts", percentile(lat, 50), percentile(lat, 99),
                        lat[lat.length - 1], lat.length);
                results.put(clients, text);
                System.out.printf("alert latency with %2d live pages open: %s%n", clients, text);
            }
        }
        figures.put("alert latency, no page / 20 pages", results.get(0) + " / " + results.get(20));
    }

    static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Subscribes to the alert topic and matches each alert with the time its reading entered. */
    static final class AlertProbe implements AutoCloseable {
        private final MqttAsyncClient client;
        private final Map<Long, Long> sentNanos = new ConcurrentHashMap<>();
        private final List<Long> latencies = new ArrayList<>();

        AlertProbe(String url) throws Exception {
            client = new MqttAsyncClient(url, "bench-alerts", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    long now = System.nanoTime();
                    String json = new String(message.getPayload(), StandardCharsets.UTF_8);
                    int at = json.indexOf("\"t\":");
                    long t = Long.parseLong(json.substring(at + 4).replaceAll("[^0-9].*", ""));
                    Long sent = sentNanos.remove(t);
                    if (sent != null) {
                        synchronized (latencies) {
                            latencies.add((now - sent) / 1_000_000);
                        }
                    }
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            client.connect(o).waitForCompletion(10_000);
            client.subscribe("ews/" + GW + "/alert/#", 1).waitForCompletion(10_000);
        }

        void expect(long readingTime) {
            sentNanos.put(readingTime, System.nanoTime());
        }

        long[] latenciesMillis() {
            synchronized (latencies) {
                return latencies.stream().mapToLong(Long::longValue).toArray();
            }
        }

        @Override
        public void close() throws Exception {
            Thread.sleep(500);
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    // ---- memory --------------------------------------------------------------------------------

    /**
     * The real gateway (runnable jar, {@code -Xmx64m}) running the demo's three simulated sensors
     * with a backlog already in its store, publishing to mosquitto; its resident memory is sampled
     * while the backlog drains.
     */
    private void rssWithBacklog(int backlog, byte[] payload) throws Exception {
        Path gwDir = Files.createDirectories(dir.resolve("rss"));
        try (SqliteOutboxStore store = SqliteOutboxStore.open(gwDir.resolve("store.db"), CLOCK)) {
            fill(store, Lane.TELEMETRY, backlog, seq -> payload);
        }
        try (MosquittoBroker broker = MosquittoBroker.started();
             GatewayProcess gateway = GatewayProcess.prepare(gwDir, """
                     gateway: { id: bench }
                     uplink: { mqtt: { servers: ["%s"] } }
                     storage: { path: store.db }
                     status: { http: { bind: "127.0.0.1:0" } }
                     sensors:
                       - { id: wl1, driver: sim-water-level, every: 5s }
                       - { id: seis1, driver: sim-seismic }
                       - { id: aq1, driver: sim-air-quality, every: 10s }
                     """.formatted(broker.url()))) {
            gateway.start();
            gateway.awaitUp(Duration.ofSeconds(60));
            long pid = gateway.process().pid();
            List<Long> samples = new ArrayList<>();
            long t0 = System.nanoTime();
            while (gateway.status().path("backlog").path("messages").asLong() > 100
                    && System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(10)) {
                samples.add(rssKb(pid));
                Thread.sleep(500);
            }
            double seconds = seconds(t0);
            for (int i = 0; i < 6; i++) { // and a few seconds after, running the demo sensors only
                samples.add(rssKb(pid));
                Thread.sleep(500);
            }
            long max = samples.stream().mapToLong(Long::longValue).max().orElse(0);
            int q = Math.max(1, samples.size() / 4);
            long firstQuarter = samples.subList(0, q).stream().mapToLong(Long::longValue).max().orElse(0);
            long lastQuarter = samples.subList(samples.size() - q, samples.size()).stream().mapToLong(Long::longValue)
                    .max().orElse(0);
            String text = String.format(Locale.ROOT, "max %d MB (first quarter of the drain %d MB, last %d MB), "
                    + "%,d-message backlog drained in %.0f s", max / 1024, firstQuarter / 1024, lastQuarter / 1024,
                    backlog, seconds);
            System.out.println("gateway RSS with -Xmx64m: " + text);
            figures.put("gateway RSS (-Xmx64m), demo + backlog", text);
            gateway.terminate(Duration.ofSeconds(10));
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    // ---- rules ---------------------------------------------------------------------------------

    /**
     * 200 level rules (4 per channel, 2 levels each, hysteresis and hold) over 50 channels of 10
     * sensors; readings go round-robin over the channels with values that cross the thresholds now and
     * then. Baseline: the same routing and threshold comparisons written as a bare loop.
     */
    private void rules(int readings) {
        List<RuleConfig> configs = new ArrayList<>();
        String[] sensors = new String[50];
        String[] channels = new String[50];
        double[][] thresholds = new double[50][8];
        for (int c = 0; c < 50; c++) {
            sensors[c] = "s" + (c / 5);
            channels[c] = "ch" + (c % 5);
            for (int r = 0; r < 4; r++) {
                double low = 10 + r * 5;
                thresholds[c][2 * r] = low;
                thresholds[c][2 * r + 1] = low + 2;
                configs.add(new RuleConfig("r" + c + "-" + r, sensors[c], channels[c],
                        List.of(new RuleConfig.Level("L1", low, null), new RuleConfig.Level("L2", low + 2, null)),
                        0.1, Duration.ofSeconds(30), List.of()));
            }
        }
        RuleEngine engine = new RuleEngine(configs);
        Reading[] feed = new Reading[4096];
        Random random = new Random(200);
        long t = 1_795_400_000_000L;
        for (int i = 0; i < feed.length; i++) {
            int c = i % 50;
            feed[i] = new Reading(channels[c], t + i * 1000L, 5 + random.nextDouble() * 25, Quality.OK);
        }
        // warm up, then measure
        long events = 0;
        for (int i = 0; i < readings / 4; i++) {
            events += engine.evaluate(sensors[i % 50], shifted(feed[i % feed.length], i)).size();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < readings; i++) {
            events += engine.evaluate(sensors[i % 50], shifted(feed[i % feed.length], i)).size();
        }
        double ours = (System.nanoTime() - t0) / (double) readings;

        java.util.Map<String, double[]> routes = new java.util.HashMap<>();
        for (int c = 0; c < 50; c++) {
            routes.put(sensors[c] + "." + channels[c], thresholds[c]);
        }
        long crossings = 0;
        long b0 = System.nanoTime();
        for (int i = 0; i < readings; i++) {
            Reading r = shifted(feed[i % feed.length], i);
            double[] th = routes.get(sensors[i % 50] + "." + r.channel());
            for (double x : th) {
                if (r.value() > x) {
                    crossings++;
                }
            }
        }
        double raw = (System.nanoTime() - b0) / (double) readings;
        String text = String.format(Locale.ROOT, "%.0f ns per reading (4 rules watch each channel), %.2f µs per reading"
                + " per rule (target < 5 µs), %,.0f readings/s; bare threshold loop %.0f ns per reading",
                ours, ours / 4 / 1000, 1e9 / ours, raw);
        System.out.println("rules, 200 level rules over 50 channels: " + text + " (" + events + " alert events, "
                + crossings + " crossings)");
        figures.put("rule evaluation, 200 rules / 50 channels", text);
    }

    /** The reading at a later time, so hold timers move on. */
    private static Reading shifted(Reading r, int i) {
        return new Reading(r.channel(), r.time() + (long) (i / 4096) * 4_096_000L, r.value(), r.quality());
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
