package org.fieldgate.gateway.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.config.WaveformUplink;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.mseed.MiniSeedReader;
import org.fieldgate.gateway.mseed.MiniSeedRecord;
import org.fieldgate.gateway.rules.RuleEngine;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.StoredMessage;
import org.fieldgate.gateway.testing.InMemoryOutboxStore;
import org.fieldgate.gateway.testing.OpenEewRecording;
import org.junit.jupiter.api.Test;

/**
 * The real OpenEEW record of the 2018 Mw 7.2 Pinotepa earthquake near the epicentre (station 009;
 * data from OpenEEW (openeew.com), CC BY-SA 4.0) through the pipeline in the small blocks a driver
 * delivers: alerts with onset and ground motion, the event window on the alert lane, and the stream
 * as one-second packets or, for a site on a tight plan, summaries only.
 */
class PipelineSeismicTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long REFERENCE_ONSET = Instant.parse("2018-02-16T23:39:57.987Z").toEpochMilli();
    /** Start of the re-timed record (its first line's first sample). */
    private static long start;
    /** Index of the sample at {@link #REFERENCE_ONSET} in the record's own (receive-time) convention. */
    private static int referenceIndex;

    private final InMemoryOutboxStore store = new InMemoryOutboxStore();

    static RuleConfig quake() {
        RuleCondition.StaLta t = new RuleCondition.StaLta(Duration.ofMillis(1024), Duration.ofMillis(10240), 3.0, 1.5,
                RuleCondition.StaLta.Method.CLASSIC, "vector", null, Duration.ZERO, Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofSeconds(10));
        return new RuleConfig("quake", "seis1", null, Duration.ZERO, List.of(), false, t);
    }

    private Pipeline pipeline(WaveformUplink uplink) {
        RuleConfig quake = quake();
        WaveformPlan plan = new WaveformPlan(Map.of("seis1", uplink), Map.of("seis1", Map.of("quake", (RuleCondition.StaLta) quake.condition())));
        Clock clock = Clock.fixed(Instant.parse("2018-02-16T23:50:00Z"), ZoneOffset.UTC);
        return new Pipeline(Pipeline.Parts.of(new Topics("ews", "gw1"), new MessageEncoder("gw1"),
                new RuleEngine(List.of(quake)), store, Duration.ofSeconds(10), clock, () -> { }).withWaveforms(plan));
    }

    /**
     * The record in blocks of 8 samples (a quarter second at 31.25 Hz), timed as a live driver times
     * them (contiguous at the nominal rate; the record's own times are receive times, which jitter by
     * up to 0.7 s from line to line).
     */
    private static List<WaveformPacket> blocks() {
        OpenEewRecording record = OpenEewRecording.load("station009-35.jsonl", "station009-40.jsonl");
        start = record.startMillis();
        referenceIndex = 0;
        while (record.t()[referenceIndex] * 1000 < REFERENCE_ONSET - 1) {
            referenceIndex++;
        }
        return record.packets(8);
    }

    private static JsonNode json(StoredMessage m) throws Exception {
        return JSON.readTree(new String(m.payload(), UTF_8));
    }

    private List<StoredMessage> on(String topic) {
        return store.rows().stream().filter(m -> m.topic().equals(topic)).toList();
    }

    @Test
    void anEarthquakeRaisesWithOnsetAndGroundMotionAndSendsItsWindowOnTheAlertLane() throws Exception {
        List<WaveformPacket> blocks = blocks();
        int samples = blocks.stream().mapToInt(WaveformPacket::length).sum();
        try (Pipeline p = pipeline(WaveformUplink.DEFAULT)) {
            ReadingSink sink = p.forSensor("seis1");
            blocks.forEach(sink::waveform);
        }
        List<StoredMessage> alerts = on("ews/gw1/alert/quake");
        JsonNode raised = json(alerts.get(0));
        assertThat(raised.get("state").asText()).isEqualTo("raised");
        assertThat(raised.get("ch").asText()).isEqualTo("vector");
        // the vector sum triggers within a few samples of x and z alone
        assertThat(raised.get("onset").asLong()).isCloseTo(start + referenceIndex * 32L, within(5 * 32L));
        assertThat(raised.has("pga") && raised.has("pgv") && raised.has("mmi")).isTrue();
        assertThat(alerts.get(0).lane()).isEqualTo(Lane.ALERT);

        JsonNode cleared = null;
        for (StoredMessage m : alerts) {
            JsonNode j = json(m);
            if (j.get("state").asText().equals("cleared") && j.get("onset").asLong() == raised.get("onset").asLong()) {
                cleared = j;
                break;
            }
        }
        assertThat(cleared).isNotNull();
        assertThat(cleared.get("pga").asDouble()).isCloseTo(0.51891, within(0.51891 * 0.01));
        assertThat(cleared.get("reason").asText()).isEqualTo("max_duration");

        // the window: 5 s before the onset to 10 s after the end, contiguous, in parts on the alert lane
        List<StoredMessage> windows = on("ews/gw1/event/quake");
        assertThat(windows).isNotEmpty().allSatisfy(m -> assertThat(m.lane()).isEqualTo(Lane.ALERT));
        JsonNode first = json(windows.get(0));
        int parts = first.get("parts").asInt();
        assertThat(parts).isGreaterThan(1); // 75 s at 31.25 Hz, 3 axes: 7000 values, 3000 per part
        long onset = first.get("onset").asLong();
        long end = first.get("end").asLong();
        assertThat(onset).isEqualTo(raised.get("onset").asLong());
        assertThat(end).isEqualTo(cleared.get("end").asLong());
        assertThat(first.get("t0").asLong()).isBetween(onset - 5_000 - 40, onset - 5_000 + 40);
        long expectedNext = first.get("t0").asLong();
        for (int k = 0; k < parts; k++) {
            JsonNode w = json(windows.get(k));
            assertThat(w.get("part").asInt()).isEqualTo(k + 1);
            assertThat(w.get("onset").asLong()).isEqualTo(onset);
            assertThat(w.get("t0").asLong()).isCloseTo(expectedNext, within(16L));
            assertThat(w.has("truncated")).isFalse();
            expectedNext = w.get("t0").asLong() + Math.round(w.get("ch").get("x").size() * 32.0);
        }
        assertThat(expectedNext - 32).isGreaterThanOrEqualTo(end + 10_000 - 40);
        assertThat(windows.stream().filter(m -> m.payload().length > 0 && new String(m.payload(), UTF_8)
                .contains("\"onset\":" + onset + ",")).count()).as("one window of %d parts", parts).isEqualTo(parts);

        // the continuous stream: every sample once, in one-second packets aligned to UTC seconds
        int streamed = 0;
        for (StoredMessage m : on("ews/gw1/telemetry/seis1")) {
            JsonNode j = json(m);
            int len = j.get("ch").get("z").size();
            assertThat(len).isBetween(1, 32);
            long firstT = j.get("t0").asLong();
            long last = firstT + Math.round((len - 1) * 1000 / 31.25);
            assertThat(Math.floorDiv(firstT, 1000)).isEqualTo(Math.floorDiv(last, 1000));
            streamed += len;
        }
        assertThat(streamed).isEqualTo(samples);
    }

    @Test
    void aTriggeredSiteSendsWindowsAndSummariesButNoStream() throws Exception {
        try (Pipeline p = pipeline(new WaveformUplink(WaveformUplink.Send.TRIGGERED, WaveformUplink.Format.JSON, null,
                Duration.ofMinutes(1)))) {
            ReadingSink sink = p.forSensor("seis1");
            blocks().forEach(sink::waveform);
        }
        assertThat(on("ews/gw1/event/quake")).isNotEmpty();
        List<JsonNode> summaries = new ArrayList<>();
        for (StoredMessage m : on("ews/gw1/telemetry/seis1")) {
            JsonNode j = json(m);
            assertThat(j.has("ch")).as("no waveform packet").isFalse();
            j.get("readings").forEach(summaries::add);
        }
        // the record starts at 23:34:59.3 and ends at 23:44:37: eleven minutes, six readings each
        // (peak and RMS of x, y, z), the last one part-full, sent at close
        assertThat(summaries).hasSize(66);
        JsonNode eventMinuteZPeak = summaries.stream().filter(r -> r.get("ch").asText().equals("z_peak")
                && r.get("t").asLong() == Instant.parse("2018-02-16T23:40:00Z").toEpochMilli()).findFirst().orElseThrow();
        assertThat(eventMinuteZPeak.get("val").asDouble()).isGreaterThan(0.1);
        JsonNode quietMinuteZRms = summaries.stream().filter(r -> r.get("ch").asText().equals("z_rms")
                && r.get("t").asLong() == Instant.parse("2018-02-16T23:36:00Z").toEpochMilli()).findFirst().orElseThrow();
        assertThat(quietMinuteZRms.get("val").asDouble()).isBetween(1e-5, 1e-3);
    }

    @Test
    void aMiniSeedSiteSendsDenseSteim2RecordsNumberedByTheMessageSeq() {
        WaveformUplink.MiniSeed codes = new WaveformUplink.MiniSeed("XX", "PIN09", "00", Map.of("z", "HNZ"), 512, 1e-5,
                Duration.ofSeconds(30));
        List<WaveformPacket> blocks = blocks();
        try (Pipeline p = pipeline(new WaveformUplink(WaveformUplink.Send.CONTINUOUS, WaveformUplink.Format.MINISEED,
                codes, Duration.ofMinutes(1)))) {
            ReadingSink sink = p.forSensor("seis1");
            blocks.forEach(sink::waveform);
        }
        assertThat(on("ews/gw1/telemetry/seis1")).isEmpty();
        List<StoredMessage> messages = on("ews/gw1/mseed/seis1");
        Map<String, List<Integer>> decoded = new LinkedHashMap<>();
        long bytes = 0;
        for (StoredMessage m : messages) {
            bytes += m.payload().length;
            for (MiniSeedRecord r : MiniSeedReader.readAll(m.payload())) {
                assertThat(r.sequenceNumber()).isEqualTo((int) (m.seq() % 1_000_000));
                assertThat(r.recordLength()).isEqualTo(512);
                List<Integer> series = decoded.computeIfAbsent(r.streamId(), k -> new ArrayList<>());
                for (int c : r.samples()) {
                    series.add(c);
                }
            }
        }
        // x and y take the codes derived from 31.25 Hz (B: 10–80 Hz, N: accelerometer); z as configured
        assertThat(decoded.keySet()).containsExactlyInAnyOrder("XX.PIN09.00.BNE", "XX.PIN09.00.BNN", "XX.PIN09.00.HNZ");
        double[] z = new double[decoded.get("XX.PIN09.00.HNZ").size()];
        int k = 0;
        for (WaveformPacket b : blocks) {
            for (double v : b.axes().get("z")) {
                z[k++] = v;
            }
        }
        assertThat(k).isEqualTo(z.length);
        List<Integer> zCounts = decoded.get("XX.PIN09.00.HNZ");
        for (int i = 0; i < k; i++) {
            assertThat(zCounts.get(i)).isEqualTo((int) Math.round(z[i] / 1e-5));
        }
        assertThat((double) bytes / (3.0 * k)).as("bytes per sample").isLessThanOrEqualTo(2.0);
    }

    @Test
    void eventWindowsThatCannotBeStoredWaitForTheStoreInOrder() {
        List<WaveformPacket> blocks = blocks();
        try (Pipeline p = pipeline(new WaveformUplink(WaveformUplink.Send.TRIGGERED, WaveformUplink.Format.JSON, null,
                Duration.ofMinutes(1)))) {
            ReadingSink sink = p.forSensor("seis1");
            store.failing = true; // a full disk while the earthquake happens
            blocks.forEach(sink::waveform);
            assertThat(on("ews/gw1/event/quake")).isEmpty();
            store.failing = false;
            p.flush();
            List<StoredMessage> windows = on("ews/gw1/event/quake");
            assertThat(windows).isNotEmpty();
            for (int k = 1; k < windows.size(); k++) {
                assertThat(windows.get(k).seq()).isGreaterThan(windows.get(k - 1).seq());
            }
            assertThat(new String(windows.get(0).payload(), UTF_8)).contains("\"part\":1,");
        }
    }
}
