package org.fieldgate.gateway.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.testing.HandClock;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.config.WaveformUplink;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.mseed.MiniSeedReader;
import org.fieldgate.gateway.mseed.MiniSeedRecord;
import org.fieldgate.gateway.rules.RuleEngine;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.SqliteOutboxStore;
import org.fieldgate.gateway.store.StoredMessage;
import org.fieldgate.gateway.testing.OpenEewRecording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a one-second group commit has stored survives a crash: the pipeline is abandoned after a
 * commit (its memory is lost, as in a crash; the store is closed under it), a new pipeline on the
 * reopened store turns the staged fragments into messages. With the real Pinotepa record in the
 * blocks a driver delivers, cut in the middle of the event window: the scalar batch, every
 * streamed sample (JSON seconds or miniSEED) and the recorded part of the window come back.
 */
class PipelineCrashRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Follows the record: half a second after the last sample delivered, as on a live site. */
    private final HandClock clock = new HandClock(0);

    @TempDir
    Path dir;

    private Pipeline pipeline(SqliteOutboxStore store, WaveformUplink uplink) {
        RuleConfig quake = PipelineSeismicTest.quake(); // the same trigger as there
        WaveformPlan plan = new WaveformPlan(Map.of("seis1", uplink), Map.of("seis1", Map.of("quake", (RuleCondition.StaLta) quake.condition())));
        return new Pipeline(Pipeline.Parts.of(new Topics("ews", "gw1"), new MessageEncoder("gw1"),
                new RuleEngine(List.of(quake)), store, Duration.ofSeconds(10), clock, () -> { }).withWaveforms(plan));
    }

    /** Everything in the outbox, both lanes. */
    private static List<StoredMessage> all(SqliteOutboxStore store) throws Exception {
        List<StoredMessage> out = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            out.addAll(store.page(lane, 0, 100_000));
        }
        return out;
    }

    /**
     * Feeds the record up to 20 s after the alert, committing a tick per second of samples (four
     * blocks), plus one scalar reading per tick; then "crashes" right after a tick.
     *
     * @return the blocks delivered
     */
    private List<WaveformPacket> runAndCrash(SqliteOutboxStore store, WaveformUplink uplink) throws Exception {
        List<WaveformPacket> blocks = OpenEewRecording.load("station009-35.jsonl", "station009-40.jsonl").packets(8);
        Pipeline p = pipeline(store, uplink);
        ReadingSink seis1 = p.forSensor("seis1");
        ReadingSink wl1 = p.forSensor("wl1");
        List<WaveformPacket> delivered = new ArrayList<>();
        int stopAt = -1;
        for (int i = 0; i < blocks.size() && (stopAt < 0 || i < stopAt); i++) {
            WaveformPacket b = blocks.get(i);
            clock.millis = b.t0() + Math.round(b.length() * 1000 / b.sampleRate()) + 500;
            seis1.waveform(b);
            delivered.add(b);
            if (i % 4 == 3) {
                wl1.readings(List.of(new Reading("stage_m", blocks.get(i).t0(), i, Quality.OK)));
                p.commitTick(false);
            }
            if (stopAt < 0 && !store.page(Lane.ALERT, 0, 1).isEmpty()) {
                stopAt = (i + 80) / 4 * 4; // 20 s into the event, in the middle of its window
            }
        }
        assertThat(stopAt).as("the quake raised").isPositive();
        p.commitTick(false); // the last tick before the crash (a no-op when one just ran)
        store.close(); // the pipeline is never closed: what it held only in memory is gone
        return delivered;
    }

    @Test
    void afterACrashTheStagedReadingsWaveformSecondsAndEventWindowAreRecoveredAndSent() throws Exception {
        Path db = dir.resolve("store.db");
        List<WaveformPacket> delivered;
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            delivered = runAndCrash(store, WaveformUplink.DEFAULT);
        }
        int samples = delivered.stream().mapToInt(WaveformPacket::length).sum();
        WaveformPacket last = delivered.get(delivered.size() - 1);
        long lastSample = last.t0() + Math.round((last.length() - 1) * 1000 / last.sampleRate());
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            assertThat(store.staged()).as("fragments left by the crash").isNotEmpty();
            // the window's samples are in the one-second packets: staged once, as a 9-byte reference
            assertThat(store.staged()).filteredOn(f -> f.stream().startsWith("window/"))
                    .singleElement().satisfies(f -> assertThat(f.data()).hasSize(9));
            long seqBefore = store.stats().lastSeq();
            try (Pipeline recovered = pipeline(store, WaveformUplink.DEFAULT)) {
                recovered.flush();
            }
            assertThat(store.staged()).isEmpty();
            List<StoredMessage> rows = all(store);

            // the stream: every sample delivered, once
            int streamed = 0;
            List<Double> stages = new ArrayList<>();
            List<JsonNode> window = new ArrayList<>();
            for (StoredMessage m : rows) {
                JsonNode j = JSON.readTree(new String(m.payload(), UTF_8));
                if (m.topic().equals("ews/gw1/telemetry/seis1")) {
                    streamed += j.get("ch").get("z").size();
                } else if (m.topic().equals("ews/gw1/telemetry/wl1")) {
                    j.get("readings").forEach(r -> stages.add(r.get("val").asDouble()));
                } else if (m.topic().equals("ews/gw1/event/quake")) {
                    window.add(j);
                }
            }
            assertThat(streamed).as("streamed samples").isEqualTo(samples);
            // the scalar readings: one per tick, all there
            assertThat(stages).hasSize(samples / 32).doesNotHaveDuplicates();

            // the window, cut by the crash: from 5 s before the onset to the last sample delivered
            assertThat(window).isNotEmpty();
            JsonNode first = window.get(0);
            assertThat(first.get("truncated").asBoolean()).isTrue();
            long onset = first.get("onset").asLong();
            assertThat(first.get("t0").asLong()).isCloseTo(onset - 5_000, within(40L));
            int windowSamples = 0;
            for (JsonNode w : window) {
                windowSamples += w.get("ch").get("z").size();
            }
            JsonNode lastPart = window.get(window.size() - 1);
            long end = lastPart.get("t0").asLong() + Math.round((lastPart.get("ch").get("z").size() - 1) * 32.0);
            assertThat(end).isCloseTo(lastSample, within(40L));
            assertThat(windowSamples).isCloseTo((int) ((lastSample - first.get("t0").asLong()) / 32), within(3));

            // seqs go on above everything stored before, in commit order
            List<Long> newSeqs = rows.stream().map(StoredMessage::seq).filter(s -> s > seqBefore).sorted().toList();
            assertThat(newSeqs).isNotEmpty();
        }
    }

    /** The samples of the event window the recovered messages carry, in order, and its parts. */
    private static List<JsonNode> windowParts(SqliteOutboxStore store) throws Exception {
        List<JsonNode> window = new ArrayList<>();
        for (StoredMessage m : all(store)) {
            if (m.topic().equals("ews/gw1/event/quake")) {
                window.add(JSON.readTree(new String(m.payload(), UTF_8)));
            }
        }
        return window;
    }

    private static List<Double> z(List<JsonNode> parts) {
        List<Double> z = new ArrayList<>();
        parts.forEach(w -> w.get("ch").get("z").forEach(v -> z.add(v.asDouble())));
        return z;
    }

    @Test
    void aWindowWhoseFirstSecondsWereDeliveredIsRebuiltFromTheSecondsTheOutboxStillHolds() throws Exception {
        Path db = dir.resolve("delivered.db");
        List<WaveformPacket> delivered;
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            delivered = runAndCrash(store, WaveformUplink.DEFAULT);
        }
        WaveformPacket last = delivered.get(delivered.size() - 1);
        long lastSample = last.t0() + Math.round((last.length() - 1) * 1000 / last.sampleRate());
        long kept;
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            // the uplink had delivered (and the store deleted) every second up to 10 s before the crash
            List<StoredMessage> seconds = store.page(Lane.TELEMETRY, 0, 100_000).stream()
                    .filter(m -> m.topic().equals("ews/gw1/telemetry/seis1")).toList();
            List<StoredMessage> gone = seconds.subList(0, seconds.size() - 10);
            store.deleteAll(gone.stream().map(StoredMessage::id).toList());
            kept = JSON.readTree(new String(seconds.get(seconds.size() - 10).payload(), UTF_8)).get("t0").asLong();
        }
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            try (Pipeline recovered = pipeline(store, WaveformUplink.DEFAULT)) {
                recovered.flush();
            }
            List<JsonNode> window = windowParts(store);
            assertThat(window).isNotEmpty().allMatch(w -> w.get("truncated").asBoolean());
            assertThat(window.get(0).get("t0").asLong()).as("starts at the first second still held").isEqualTo(kept);
            JsonNode lastPart = window.get(window.size() - 1);
            long end = lastPart.get("t0").asLong() + Math.round((lastPart.get("ch").get("z").size() - 1) * 32.0);
            assertThat(end).as("ends at the last sample delivered").isCloseTo(lastSample, within(40L));
            // the same samples as the driver delivered from there on
            List<Double> expected = new ArrayList<>();
            for (WaveformPacket b : delivered) {
                for (int i = 0; i < b.length(); i++) {
                    if (b.t0() + Math.round(i * 1000 / b.sampleRate()) >= kept) {
                        expected.add(Math.round(b.axes().get("z")[i] * 1e6) / 1e6);
                    }
                }
            }
            assertThat(z(window)).isEqualTo(expected);
        }
    }

    @Test
    void aWindowOfASiteThatSendsNoStreamIsStagedAsSamplesAndRecoveredWhole() throws Exception {
        Path db = dir.resolve("triggered.db");
        WaveformUplink triggered = new WaveformUplink(WaveformUplink.Send.TRIGGERED, WaveformUplink.Format.JSON, null,
                Duration.ofMinutes(1));
        List<WaveformPacket> delivered;
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            delivered = runAndCrash(store, triggered);
        }
        WaveformPacket last = delivered.get(delivered.size() - 1);
        long lastSample = last.t0() + Math.round((last.length() - 1) * 1000 / last.sampleRate());
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            assertThat(store.staged()).filteredOn(f -> f.stream().startsWith("window/"))
                    .as("the samples themselves").hasSizeGreaterThan(1).allMatch(f -> f.data().length > 9);
            try (Pipeline recovered = pipeline(store, triggered)) {
                recovered.flush();
            }
            List<JsonNode> window = windowParts(store);
            assertThat(window).isNotEmpty();
            long onset = window.get(0).get("onset").asLong();
            assertThat(window.get(0).get("t0").asLong()).isCloseTo(onset - 5_000, within(40L));
            long t0 = window.get(0).get("t0").asLong();
            assertThat(z(window).size()).isCloseTo((int) ((lastSample - t0) / 32) + 1, within(3));
        }
    }

    @Test
    void afterACrashThePartialMiniSeedRecordsAreRecoveredAndEverySampleArrivesOnce() throws Exception {
        Path db = dir.resolve("mseed.db");
        WaveformUplink.MiniSeed codes = new WaveformUplink.MiniSeed("XX", "PIN09", "00", Map.of(), 512, 1e-5,
                Duration.ofSeconds(30));
        WaveformUplink uplink = new WaveformUplink(WaveformUplink.Send.CONTINUOUS, WaveformUplink.Format.MINISEED,
                codes, Duration.ofMinutes(1));
        List<WaveformPacket> delivered;
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            delivered = runAndCrash(store, uplink);
        }
        List<Integer> z = new ArrayList<>();
        for (WaveformPacket b : delivered) {
            for (double v : b.axes().get("z")) {
                z.add((int) Math.round(v / 1e-5));
            }
        }
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, Clock.systemUTC())) {
            try (Pipeline recovered = pipeline(store, uplink)) {
                recovered.flush();
            }
            List<Integer> decoded = new ArrayList<>();
            for (StoredMessage m : all(store)) {
                if (!m.topic().equals("ews/gw1/mseed/seis1")) {
                    continue;
                }
                for (MiniSeedRecord r : MiniSeedReader.readAll(m.payload())) {
                    assertThat(r.sequenceNumber()).isEqualTo((int) (m.seq() % 1_000_000));
                    if (r.streamId().endsWith("Z")) {
                        for (int c : r.samples()) {
                            decoded.add(c);
                        }
                    }
                }
            }
            assertThat(decoded).as("z counts, in order, each once").isEqualTo(z);
        }
    }
}
