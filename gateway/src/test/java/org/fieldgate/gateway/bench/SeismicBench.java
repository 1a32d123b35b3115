package org.fieldgate.gateway.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.pipeline.Pipeline;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.rules.RuleEngine;
import org.fieldgate.gateway.rules.StaLtaRule;
import org.fieldgate.gateway.store.SqliteOutboxStore;
import org.fieldgate.gateway.testing.OpenEewRecording;
import org.fieldgate.gateway.uplink.Uplink;

/**
 * Benchmark section "seismic": (a) how many 3-axis samples per second one core's earthquake trigger
 * sustains on a real record, side by side with ObsPy's bare classic STA/LTA on the same three axes
 * (the raw baseline); (b) trigger-to-publish latency: from the block holding the triggering sample
 * entering the pipeline to the alert reaching a subscriber of mosquitto, through the real store
 * (SQLite on disk) and uplink (Paho).
 */
final class SeismicBench {

    private static final Topics TOPICS = new Topics("ews", Benchmark.GW);
    private static final MessageEncoder ENCODER = new MessageEncoder(Benchmark.GW);

    private final boolean quick;
    private final Map<String, String> figures = new LinkedHashMap<>();

    SeismicBench(boolean quick) {
        this.quick = quick;
    }

    static RuleConfig quake(String axis, RuleCondition.StaLta.Method method, double[] bandpass) {
        RuleCondition.StaLta t = new RuleCondition.StaLta(Duration.ofSeconds(1), Duration.ofSeconds(10), 4.0, 1.5, method,
                axis, bandpass, Duration.ZERO, Duration.ofMinutes(2), Duration.ZERO, Duration.ZERO);
        return new RuleConfig("quake", "seis1", null, Duration.ZERO, List.of(), false, t);
    }

    /** Detector throughput on the station009 record, repeated; returns the summary figures. */
    Map<String, String> throughput() {
        OpenEewRecording record = OpenEewRecording.load("station009-35.jsonl", "station009-40.jsonl");
        List<WaveformPacket> blocks = record.packets(32);
        int repeats = quick ? 5 : 40;
        long samples = (long) record.length() * repeats;
        double[][] axes = {record.x(), record.y(), record.z()};

        double raw = best(() -> {
            double sink = 0;
            for (int r = 0; r < repeats; r++) {
                for (double[] axis : axes) {
                    double[] cf = rawClassic(axis, 31, 312);
                    sink += cf[cf.length - 1];
                }
            }
            return sink;
        }, samples);
        System.out.printf("seismic detector on a real record (station009, %,d 3-axis samples, one core)%n", samples);
        System.out.printf("  %-44s %,12.0f samples/s%n", "raw baseline: classic STA/LTA x, y, z", raw);
        for (Object[] c : new Object[][] {
                {"rule: classic, vector sum", quake("vector", RuleCondition.StaLta.Method.CLASSIC, null)},
                {"rule: classic, any axis", quake("any", RuleCondition.StaLta.Method.CLASSIC, null)},
                {"rule: recursive, vector sum", quake("vector", RuleCondition.StaLta.Method.RECURSIVE, null)},
                {"rule: classic, vector, band-pass 0.5-10 Hz", quake("vector", RuleCondition.StaLta.Method.CLASSIC,
                        new double[] {0.5, 10})}}) {
            RuleConfig config = (RuleConfig) c[1];
            double rate = best(() -> {
                double sink = 0;
                for (int r = 0; r < repeats; r++) {
                    StaLtaRule rule = (StaLtaRule) RuleEngine.create(config);
                    for (WaveformPacket p : blocks) {
                        sink += rule.waveform("seis1", p).size();
                    }
                }
                return sink;
            }, samples);
            System.out.printf("  %-44s %,12.0f samples/s   ratio to raw %.2f   (%.0f× a 250 Hz sensor)%n", c[0],
                    rate, rate / raw, rate / 250);
            if (c[0].equals("rule: classic, vector sum")) {
                figures.put("seismic trigger throughput", String.format(Locale.ROOT,
                        "%,.0f 3-axis samples/s per core (%.2f of raw STA/LTA on 3 axes)", rate, rate / raw));
            }
        }
        return figures;
    }

    /** ObsPy's classic_sta_lta as plain loops: the raw baseline. */
    private static double[] rawClassic(double[] a, int nsta, int nlta) {
        double[] cf = new double[a.length];
        double sta = 0;
        double lta = 0;
        for (int i = 0; i < a.length; i++) {
            double sq = a[i] * a[i];
            sta += sq - (i >= nsta ? a[i - nsta] * a[i - nsta] : 0);
            lta += sq - (i >= nlta ? a[i - nlta] * a[i - nlta] : 0);
            cf[i] = i < nlta - 1 ? 0 : (sta / nsta) / Math.max(lta / nlta, Double.MIN_NORMAL);
        }
        return cf;
    }

    /** The best of three timed runs (after a warm-up run), in samples per second. */
    private static double best(java.util.function.DoubleSupplier work, long samples) {
        work.getAsDouble();
        double best = 0;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            double sink = work.getAsDouble();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (sink == Double.MIN_VALUE) {
                System.out.print(""); // keeps the result alive
            }
            best = Math.max(best, samples / seconds);
        }
        return best;
    }

    /**
     * Trigger-to-publish latency: a 100 Hz quiet stream (fed fast), then a block whose first sample is a
     * jolt; the alert's {@code t} is that sample, so the probe matches it with the moment the block
     * entered the pipeline.
     */
    Map<String, String> latency(String url, Path dir) throws Exception {
        int events = quick ? 10 : 40;
        Clock clock = Clock.systemUTC();
        Random noise = new Random(6);
        try (SqliteOutboxStore store = SqliteOutboxStore.open(dir.resolve("seismic.db"), clock);
             Benchmark.AlertProbe probe = new Benchmark.AlertProbe(url)) {
            Uplink[] holder = new Uplink[1];
            try (Pipeline pipeline = new Pipeline(Pipeline.Parts.of(TOPICS, ENCODER,
                    new RuleEngine(List.of(quake("vector", RuleCondition.StaLta.Method.CLASSIC, null))), store,
                    Duration.ofSeconds(10), clock, () -> holder[0].wake()))) {
                holder[0] = new Uplink(Benchmark.mqtt(url), Benchmark.GW, "bench", store,
                        Uplink.pahoTransports(Benchmark.mqtt(url), Benchmark.GW, null), null, clock);
                holder[0].start();
                while (!holder[0].status().connected()) {
                    Thread.sleep(5);
                }
                ReadingSink sink = pipeline.forSensor("seis1");
                long t = clock.millis() - 3_600_000L;
                for (int e = 0; e < events; e++) {
                    for (int b = 0; b < (e == 0 ? 250 : 150); b++) { // 25 s, then 15 s of quiet: warm-up, re-arm
                        sink.waveform(block(t, noise, false));
                        t += 100;
                    }
                    WaveformPacket jolt = block(t, noise, true);
                    probe.expect(t);
                    sink.waveform(jolt);
                    t += 100;
                    Thread.sleep(50);
                }
                Thread.sleep(1000);
                holder[0].close(Duration.ofSeconds(2));
            }
            long[] lat = probe.latenciesMillis();
            Arrays.sort(lat);
            String text = lat.length == 0 ? "no alert received" : String.format(Locale.ROOT,
                    "p50 %d ms, p99 %d ms, max %d ms over %d triggers", Benchmark.percentile(lat, 50),
                    Benchmark.percentile(lat, 99), lat[lat.length - 1], lat.length);
            System.out.println("seismic trigger-to-publish latency (block in -> alert at a mosquitto subscriber, "
                    + "SQLite on disk): " + text);
            figures.put("seismic trigger-to-publish latency", text);
        }
        return figures;
    }

    /** 10 samples at 100 Hz of quiet noise; with {@code jolt}, the first sample is a 0.5 m/s2 jolt on x. */
    private static WaveformPacket block(long t0, Random noise, boolean jolt) {
        Map<String, double[]> axes = new LinkedHashMap<>();
        for (String axis : List.of("x", "y", "z")) {
            double[] v = new double[10];
            for (int i = 0; i < v.length; i++) {
                v[i] = noise.nextGaussian() * 0.001;
            }
            axes.put(axis, v);
        }
        if (jolt) {
            axes.get("x")[0] = 0.5;
        }
        return new WaveformPacket(t0, 100.0, "m/s2", axes);
    }
}
