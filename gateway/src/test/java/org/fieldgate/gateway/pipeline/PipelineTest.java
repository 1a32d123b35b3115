package org.fieldgate.gateway.pipeline;

import org.fieldgate.gateway.clock.ClockQuality;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.testing.HandClock;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.config.GatewaySection;
import org.fieldgate.gateway.config.PipelineSection;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.config.RuleConfig.Level;
import org.fieldgate.gateway.config.SensorConfig;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.rules.RuleEngine;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.store.StoredMessage;
import org.fieldgate.gateway.testing.InMemoryOutboxStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final RuleConfig FLOOD = new RuleConfig("flood", "wl1", "stage_m",
            List.of(new Level("BD1", 9.5, null), new Level("BD2", 10.5, null)), 0.05, Duration.ZERO, List.of("siren"));

    private final InMemoryOutboxStore store = new InMemoryOutboxStore();
    private final AtomicInteger changed = new AtomicInteger();
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(T0 + 500), ZoneOffset.UTC);
    private final Pipeline pipeline = new Pipeline(Pipeline.Parts.of(new Topics("ews", "gw1"),
            new MessageEncoder("gw1"), new RuleEngine(List.of(FLOOD)), store, Duration.ofSeconds(10), clock,
            changed::incrementAndGet));

    @AfterEach
    void close() {
        pipeline.close();
    }

    private static Reading stage(long sec, double v) {
        return new Reading("stage_m", T0 + sec * 1000, v, Quality.OK);
    }

    private static String text(StoredMessage m) {
        return new String(m.payload(), UTF_8);
    }

    @Test
    void scalarReadingsOfASensorBecomeOneMessagePerFlush() {
        ReadingSink wl1 = pipeline.forSensor("wl1");
        ReadingSink aq1 = pipeline.forSensor("aq1");
        wl1.readings(List.of(stage(0, 9.1), new Reading("distance_m", T0, 5.1, Quality.OK)));
        aq1.readings(List.of(new Reading("pm2_5", T0, 35.0, Quality.OK)));
        wl1.readings(List.of(stage(10, 9.2)));
        assertThat(store.rows()).isEmpty();
        assertThat(changed).hasValue(0);

        pipeline.flush();
        List<StoredMessage> rows = store.rows();
        assertThat(rows).hasSize(2).allSatisfy(m -> {
            assertThat(m.lane()).isEqualTo(Lane.TELEMETRY);
            assertThat(m.retained()).isFalse();
        });
        StoredMessage wl = rows.stream().filter(m -> m.topic().equals("ews/gw1/telemetry/wl1")).findFirst().orElseThrow();
        assertThat(text(wl)).isEqualTo("{\"v\":1,\"gw\":\"gw1\",\"seq\":" + wl.seq() + ",\"sensor\":\"wl1\",\"readings\":["
                + "{\"t\":1700000000000,\"ch\":\"stage_m\",\"val\":9.1,\"q\":\"ok\"},"
                + "{\"t\":1700000000000,\"ch\":\"distance_m\",\"val\":5.1,\"q\":\"ok\"},"
                + "{\"t\":1700000010000,\"ch\":\"stage_m\",\"val\":9.2,\"q\":\"ok\"}]}");
        assertThat(rows).extracting(StoredMessage::topic).contains("ews/gw1/telemetry/aq1");
        assertThat(changed).hasValue(1); // one group commit for both sensors

        pipeline.flush(); // nothing new: no empty messages
        assertThat(store.rows()).hasSize(2);
    }

    @Test
    void waveformBlocksLeaveAsOnePacketPerUtcSecond() {
        ReadingSink seis1 = pipeline.forSensor("seis1");
        seis1.waveform(block(T0, 0.01, -0.02)); // 100 Hz: samples at T0, T0+10
        assertThat(store.rows()).isEmpty(); // the second is not complete yet
        SensorSnapshot s = pipeline.sensors().get("seis1");
        assertThat(s.waveformPeak()).containsEntry("x", 0.02).containsEntry("z", 9.81);
        assertThat(s.lastReadingTime()).isEqualTo(T0 + 10);

        double[] rest = new double[98];
        seis1.waveform(block(T0 + 20, rest));
        seis1.waveform(block(T0 + 1000, 0.5)); // the first sample of the next second completes the first
        assertThat(store.rows()).isEmpty(); // it goes with the next group commit
        pipeline.commitTick(false);
        assertThat(store.rows()).singleElement().satisfies(m -> {
            assertThat(m.topic()).isEqualTo("ews/gw1/telemetry/seis1");
            assertThat(text(m)).startsWith("{\"v\":1,\"gw\":\"gw1\",\"seq\":1,\"sensor\":\"seis1\",\"t0\":1700000000000,"
                    + "\"sr\":100.0,\"unit\":\"m/s2\",\"ch\":{\"x\":[0.01,-0.02,0,");
        });
        assertThat(changed).hasValue(1);
        pipeline.close(); // the part-filled second goes at close
        assertThat(store.rows()).hasSize(2);
        assertThat(text(store.rows().get(1))).contains("\"t0\":1700000001000").contains("\"x\":[0.5]");
    }

    private static WaveformPacket block(long t0, double... x) {
        Map<String, double[]> axes = new LinkedHashMap<>();
        axes.put("x", x);
        axes.put("y", new double[x.length]);
        double[] z = new double[x.length];
        java.util.Arrays.fill(z, 9.81);
        axes.put("z", z);
        return new WaveformPacket(t0, 100.0, "m/s2", axes);
    }

    @Test
    void anAlertIsCommittedAtOnceAsAlertAndRetainedAlarmSharingOneSeq() throws Exception {
        ReadingSink wl1 = pipeline.forSensor("wl1");
        wl1.readings(List.of(stage(0, 9.0), stage(10, 10.62)));
        List<StoredMessage> alerts = store.page(Lane.ALERT, 0, 10);
        assertThat(alerts).hasSize(2);
        StoredMessage alert = alerts.get(0);
        StoredMessage alarm = alerts.get(1);
        assertThat(alert.topic()).isEqualTo("ews/gw1/alert/flood");
        assertThat(alert.retained()).isFalse();
        assertThat(alarm.topic()).isEqualTo("ews/gw1/alarm/flood");
        assertThat(alarm.retained()).isTrue();
        assertThat(alarm.seq()).isEqualTo(alert.seq());
        assertThat(alarm.payload()).isEqualTo(alert.payload());
        assertThat(text(alert)).isEqualTo("{\"v\":1,\"gw\":\"gw1\",\"seq\":" + alert.seq() + ",\"rule\":\"flood\","
                + "\"state\":\"raised\",\"level\":\"BD2\",\"severity\":2,\"sensor\":\"wl1\",\"ch\":\"stage_m\","
                + "\"value\":10.62,\"threshold\":10.5,\"t\":1700000010000}");
        assertThat(store.page(Lane.TELEMETRY, 0, 10)).isEmpty(); // telemetry still waits for its batch
        assertThat(changed).hasValue(1);

        AlarmSnapshot a = pipeline.alarms().get("flood");
        assertThat(a.active()).isTrue();
        assertThat(a.level()).isEqualTo("BD2");
        assertThat(a.severity()).isEqualTo(2);
        assertThat(a.since()).isEqualTo(T0 + 10_000);
        assertThat(a.lastEvent().state()).isEqualTo("raised");

        wl1.readings(List.of(stage(20, 9.0)));
        assertThat(pipeline.alarms().get("flood").active()).isFalse();
        assertThat(pipeline.alarms().get("flood").lastEvent().state()).isEqualTo("cleared");
        assertThat(pipeline.counters().alerts()).isEqualTo(2);
    }

    @Test
    void rulesSeeEveryReadingInOrderButIgnoreSuspectOnes() throws Exception {
        ReadingSink wl1 = pipeline.forSensor("wl1");
        wl1.readings(List.of(new Reading("stage_m", T0, 30.0, Quality.SUSPECT), stage(1, 9.6), stage(2, 9.0),
                stage(3, 10.6)));
        List<String> states = new ArrayList<>();
        for (StoredMessage m : store.page(Lane.ALERT, 0, 100)) {
            if (!m.retained()) {
                states.add(new ObjectMapper().readTree(m.payload()).get("state").asText());
            }
        }
        assertThat(states).containsExactly("raised", "cleared", "raised");
        pipeline.flush();
        JsonNode batch = new ObjectMapper().readTree(store.page(Lane.TELEMETRY, 0, 1).get(0).payload());
        assertThat(batch.get("readings")).hasSize(4);
        assertThat(batch.get("readings").get(0).get("q").asText()).isEqualTo("suspect");
    }

    @Test
    void seqsIncreaseAcrossLanesInCommitOrder() {
        ReadingSink wl1 = pipeline.forSensor("wl1");
        wl1.readings(List.of(stage(0, 9.0)));
        pipeline.flush();
        wl1.readings(List.of(stage(10, 9.7)));
        pipeline.flush();
        assertThat(store.rows()).extracting(StoredMessage::seq).containsExactly(1L, 2L, 2L, 3L);
    }

    @Test
    void whenTheStoreFailsRulesKeepRunningAndNothingIsLostOnceItWorksAgain() throws Exception {
        ReadingSink wl1 = pipeline.forSensor("wl1");
        store.failing = true;
        wl1.readings(List.of(stage(0, 9.0), stage(10, 9.8)));
        pipeline.flush();
        assertThat(store.rows()).isEmpty();
        assertThat(pipeline.alarms().get("flood").level()).isEqualTo("BD1");
        assertThat(pipeline.counters().storeFailures()).isGreaterThanOrEqualTo(2);
        wl1.readings(List.of(stage(20, 10.7))); // escalates while the disk is still dead
        assertThat(pipeline.alarms().get("flood").level()).isEqualTo("BD2");

        store.failing = false;
        pipeline.flush();
        List<String> alertStates = new ArrayList<>();
        for (StoredMessage m : store.page(Lane.ALERT, 0, 100)) {
            if (!m.retained()) {
                alertStates.add(new ObjectMapper().readTree(m.payload()).get("state").asText());
            }
        }
        assertThat(alertStates).containsExactly("raised", "escalated");
        JsonNode batch = new ObjectMapper().readTree(store.page(Lane.TELEMETRY, 0, 10).get(0).payload());
        assertThat(batch.get("readings")).extracting(r -> r.get("val").asDouble()).containsExactly(9.0, 9.8, 10.7);
        assertThat(pipeline.counters().dropped()).isZero();
    }

    @Test
    void whileTheStoreFailsAlertsGoFromMemoryUnderTheirOwnSeqAndAreStoredLaterOnlyIfUnacknowledged()
            throws Exception {
        ReadingSink wl1 = pipeline.forSensor("wl1");
        wl1.readings(List.of(stage(0, 9.0)));
        pipeline.flush(); // seq 1 stored
        store.failing = true;
        wl1.readings(List.of(stage(10, 9.8))); // raised while the disk is dead
        wl1.readings(List.of(stage(20, 10.7))); // escalated
        List<org.fieldgate.gateway.store.UnstoredAlert> waiting = pipeline.unstoredAlerts().waiting();
        assertThat(waiting).extracting(org.fieldgate.gateway.store.UnstoredAlert::seq).containsExactly(2L, 3L);
        assertThat(waiting.get(0).messages()).extracting(OutgoingMessage::topic)
                .containsExactly("ews/gw1/alert/flood", "ews/gw1/alarm/flood");
        assertThat(waiting.get(0).messages().get(1).retained()).isTrue();
        JsonNode raised = new ObjectMapper().readTree(waiting.get(0).messages().get(0).payload());
        assertThat(raised.get("seq").asLong()).isEqualTo(2);
        assertThat(raised.get("state").asText()).isEqualTo("raised");
        assertThat(changed.get()).as("the uplink was woken").isGreaterThanOrEqualTo(2);
        assertThat(pipeline.alertsInMemory()).isEqualTo(2);
        // the sirens follow the alarm state, which does not need the store
        assertThat(org.fieldgate.gateway.outputs.AlarmSource.of(pipeline).alarms().get().get("flood").level())
                .isEqualTo("BD2");

        pipeline.unstoredAlerts().acknowledged(2); // the broker took the raise
        assertThat(pipeline.unstoredAlerts().waiting()).extracting(org.fieldgate.gateway.store.UnstoredAlert::seq)
                .containsExactly(3L);

        store.failing = false;
        pipeline.flush();
        // the acknowledged one only leaves its alarm state; the other goes again under the same seq
        assertThat(store.page(Lane.ALERT, 0, 10)).extracting(StoredMessage::seq).containsExactly(3L, 3L);
        assertThat(store.unstoredStates).containsOnlyKeys(2L, 3L);
        assertThat(pipeline.unstoredAlerts().waiting()).isEmpty();
        assertThat(pipeline.alertsInMemory()).isZero();
        assertThat(store.page(Lane.TELEMETRY, 0, 10)).extracting(StoredMessage::seq).containsExactly(1L, 4L);
    }

    @Test
    void waveformsWaitInMemoryWhileTheStoreFailsBoundedOldestDroppedFirst() {
        store.failing = true;
        ReadingSink seis1 = pipeline.forSensor("seis1");
        int seconds = Pipeline.MAX_READY_TELEMETRY + 6;
        for (int i = 0; i <= seconds; i++) {
            seis1.waveform(new WaveformPacket(T0 + i * 1000L, 100.0, "m/s2", Map.of("z", new double[] {i})));
            if (i % 100 == 0) {
                pipeline.commitTick(false);
            }
        }
        pipeline.commitTick(false);
        assertThat(pipeline.counters().storeFailures()).isPositive();
        assertThat(pipeline.counters().dropped()).isEqualTo(6);

        store.failing = false;
        pipeline.commitTick(false);
        List<StoredMessage> rows = store.page(Lane.TELEMETRY, 0, 10_000);
        assertThat(rows).hasSize(Pipeline.MAX_READY_TELEMETRY);
        assertThat(text(rows.get(0))).contains("\"t0\":" + (T0 + 6000));
        assertThat(text(rows.get(rows.size() - 1))).contains("\"t0\":" + (T0 + (seconds - 1) * 1000L));
    }

    @Test
    void closeFlushesWhatWaitsAndIgnoresLaterReadings() {
        ReadingSink wl1 = pipeline.forSensor("wl1");
        wl1.readings(List.of(stage(0, 9.0)));
        pipeline.close();
        assertThat(store.page(Lane.TELEMETRY, 0, 10)).hasSize(1);
        wl1.readings(List.of(stage(10, 9.1)));
        pipeline.close();
        pipeline.flush();
        assertThat(store.rows()).hasSize(1);
    }

    @Test
    void snapshotKeepsTheLastReadingPerChannel() {
        ReadingSink wl1 = pipeline.forSensor("wl1");
        wl1.readings(List.of(stage(0, 9.0), new Reading("distance_m", T0, 5.2, Quality.OK)));
        wl1.readings(List.of(stage(10, 9.1)));
        SensorSnapshot s = pipeline.sensors().get("wl1");
        assertThat(s.channels().get("stage_m").value()).isEqualTo(9.1);
        assertThat(s.channels().get("distance_m").value()).isEqualTo(5.2);
        assertThat(s.lastReadingTime()).isEqualTo(T0 + 10_000);
        assertThat(s.receivedAt()).isEqualTo(clock.millis());
        assertThat(pipeline.alarms()).containsOnlyKeys("flood");
        assertThat(pipeline.alarms().get("flood")).isEqualTo(new AlarmSnapshot("flood", null, 0, 0, null));
    }

    @Test
    void readingsFromManyThreadsAreEachStoredExactlyOnce() throws Exception {
        int threads = 4;
        int perThread = 2_000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ReadingSink sink = pipeline.forSensor("s" + t);
            Thread w = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    sink.readings(List.of(new Reading("temp_c", T0 + i, i, Quality.OK)));
                    if (i % 500 == 0) {
                        pipeline.flush();
                    }
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        pipeline.flush();
        ObjectMapper json = new ObjectMapper();
        Map<String, List<Double>> perSensor = new LinkedHashMap<>();
        for (StoredMessage m : store.rows()) {
            JsonNode n = json.readTree(m.payload());
            for (JsonNode r : n.get("readings")) {
                perSensor.computeIfAbsent(n.get("sensor").asText(), k -> new ArrayList<>()).add(r.get("val").asDouble());
            }
        }
        assertThat(perSensor).hasSize(threads);
        perSensor.values().forEach(vals -> assertThat(vals).hasSize(perThread).isSorted());
        assertThat(pipeline.counters().readings()).isEqualTo((long) threads * perThread);
    }

    @Test
    void aBigBatchIsSplitIntoSeveralMessages() throws Exception {
        ReadingSink s = pipeline.forSensor("aq1");
        for (int i = 0; i < Pipeline.MAX_READINGS_PER_MESSAGE + 10; i++) {
            s.readings(List.of(new Reading("pm2_5", T0 + i, i, Quality.OK)));
        }
        pipeline.flush();
        assertThat(store.rows()).hasSize(2);
        assertThat(new ObjectMapper().readTree(store.rows().get(1).payload()).get("readings")).hasSize(10);
    }

    @Test
    void theFlusherCommitsBatchesOnItsOwn() throws Exception {
        Pipeline timed = new Pipeline(Pipeline.Parts.of(new Topics("ews", "gw1"), new MessageEncoder("gw1"),
                new RuleEngine(List.of()), store, Duration.ofMillis(20), clock, changed::incrementAndGet));
        try {
            timed.start();
            timed.forSensor("wl1").readings(List.of(stage(0, 9.0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store.rows().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(store.rows()).hasSize(1);
        } finally {
            timed.close();
        }
    }

    @Test
    void theFlusherTicksAtAFixedPhaseOfEachUtcSecondNeverMoreThanAPeriodApart() {
        // started at .650 of a second: a tick every second from the start would commit at about .650
        long start = 1_700_000_000_650L;
        long now = start;
        for (int i = 0; i < 5; i++) {
            long delay = Pipeline.delayToNextTick(now, 1000);
            assertThat(delay).isBetween(1L, 1000L);
            now += delay;
            assertThat(Math.floorMod(now, 1000L)).as("tick %d", i).isEqualTo(Pipeline.TICK_PHASE_MS);
            now += 37; // the commit itself takes a while: the next tick keeps the phase
        }
        assertThat(Pipeline.delayToNextTick(1_700_000_000_250L, 1000)).as("at the phase: a whole period").isEqualTo(1000);
        assertThat(Pipeline.delayToNextTick(1_700_000_000_249L, 1000)).isEqualTo(1);
        // a batch shorter than a second ticks at its own period, phase taken modulo it
        assertThat(Math.floorMod(1_700_000_000_010L + Pipeline.delayToNextTick(1_700_000_000_010L, 200), 200L))
                .isEqualTo(Pipeline.TICK_PHASE_MS % 200);
    }

    @Test
    void buildsFromAConfig() {
        FieldgateConfig config = new FieldgateConfig(new GatewaySection("hn-1", null), null, null, null, null,
                new PipelineSection(Duration.ofSeconds(5)), List.of(), List.of(FLOOD), List.of());
        try (Pipeline p = new Pipeline(Pipeline.Parts.of(config, store, clock, ClockQuality.TRUSTED, () -> { }))) {
            p.forSensor("wl1").readings(List.of(stage(0, 9.7)));
            assertThat(store.rows()).extracting(StoredMessage::topic)
                    .containsExactly("ews/hn-1/alert/flood", "ews/hn-1/alarm/flood");
        }
    }
    // ---- paired PM sensors (pair_with) ----------------------------------------------------------

    private static SensorConfig pmSensor(String id, Duration every, String pairWith) {
        return new SensorConfig(id, "pms5003", every, null, null,
                List.of(ChannelSpec.scalar("pm2_5", "ug/m3", 0, 1000), ChannelSpec.scalar("pm10", "ug/m3", 0, 1000)),
                pairWith);
    }

    private Pipeline pairedPipeline(List<RuleConfig> rules) {
        return new Pipeline(Pipeline.Parts.of(new Topics("ews", "gw1"), new MessageEncoder("gw1"),
                new RuleEngine(rules), store, Duration.ofSeconds(10), clock, changed::incrementAndGet)
                .withPmPairs(PmPairs.of(List.of(pmSensor("aq-a", Duration.ofSeconds(10), "aq-b"),
                        pmSensor("aq-b", Duration.ofSeconds(30), null)))));
    }

    private static List<Reading> pm(long sec, double pm25) {
        return List.of(new Reading("pm2_5", T0 + sec * 1000, pm25, Quality.OK),
                new Reading("pm10", T0 + sec * 1000, pm25 * 1.5, Quality.OK),
                new Reading("n0_3", T0 + sec * 1000, 1000, Quality.OK));
    }

    private List<String> qualities(Pipeline p, String sensor) throws Exception {
        p.flush();
        List<String> out = new ArrayList<>();
        for (StoredMessage m : store.rows()) {
            if (m.topic().equals("ews/gw1/telemetry/" + sensor)) {
                for (JsonNode r : new ObjectMapper().readTree(m.payload()).get("readings")) {
                    out.add(r.get("ch").asText() + "=" + r.get("q").asText());
                }
            }
        }
        return out;
    }

    @Test
    void pairedSensorsThatDisagreeAreBothMarkedSuspect() throws Exception {
        try (Pipeline p = pairedPipeline(List.of())) {
            p.forSensor("aq-a").readings(pm(0, 10));    // no partner reading yet: ok
            p.forSensor("aq-b").readings(pm(5, 80));    // 70 apart, 156 %: both limits exceeded
            p.forSensor("aq-a").readings(pm(10, 12));   // still disagrees with b's 80
            assertThat(qualities(p, "aq-a")).containsExactly("pm2_5=ok", "pm10=ok", "n0_3=ok",
                    "pm2_5=suspect", "pm10=suspect", "n0_3=ok");
            assertThat(qualities(p, "aq-b")).containsExactly("pm2_5=suspect", "pm10=suspect", "n0_3=ok");
            assertThat(p.sensors().get("aq-b").channels().get("pm2_5").quality()).isEqualTo(Quality.SUSPECT);
        }
    }

    @Test
    void pairedSensorsThatAgreeOrAreNotRecentStayOk() throws Exception {
        try (Pipeline p = pairedPipeline(List.of())) {
            p.forSensor("aq-a").readings(pm(0, 100));
            p.forSensor("aq-b").readings(pm(1, 105));     // exactly 5 apart: agree
            p.forSensor("aq-a").readings(pm(2, 160));     // 55 apart but 42 %: agree
            p.forSensor("aq-b").readings(pm(3, 100));     // 60 apart but 46 %: agree
            // window = 2 × the longer every (30 s) = 60 s: a's 161 s is 158 s after b's last (3 s)
            p.forSensor("aq-a").readings(pm(161, 1));
            assertThat(qualities(p, "aq-a")).hasSize(9).allMatch(q -> q.endsWith("=ok"));
            assertThat(qualities(p, "aq-b")).hasSize(6).allMatch(q -> q.endsWith("=ok"));
            // within the window (60 s) they are compared again
            p.forSensor("aq-b").readings(pm(200, 100));
            p.forSensor("aq-a").readings(pm(259, 1));
            List<String> a = qualities(p, "aq-a");
            assertThat(a.subList(a.size() - 3, a.size())).containsExactly("pm2_5=suspect", "pm10=suspect", "n0_3=ok");
        }
    }

    @Test
    void unpairedSensorsAreNeverCompared() throws Exception {
        pipeline.forSensor("aq-a").readings(pm(0, 1));
        pipeline.forSensor("aq-b").readings(pm(1, 500));
        assertThat(qualities(pipeline, "aq-a")).allMatch(q -> q.endsWith("=ok"));
        assertThat(qualities(pipeline, "aq-b")).allMatch(q -> q.endsWith("=ok"));
    }

    // ---- time quality ----------------------------------------------------------------------------

    @Test
    void beforeTheClockIsKnownGoodReadingsAreUnsyncedAndRaiseNoAlarm() {
        AtomicBoolean synced = new AtomicBoolean(false);
        ClockQuality quality = new ClockQuality() {
            @Override
            public boolean knownGood() {
                return synced.get();
            }

            @Override
            public String reason() {
                return synced.get() ? "synced" : "waiting";
            }
        };
        try (Pipeline p = new Pipeline(Pipeline.Parts.of(new Topics("ews", "gw1"), new MessageEncoder("gw1"),
                new RuleEngine(List.of(FLOOD)), store, Duration.ofSeconds(10), clock, () -> { })
                .withClockQuality(quality))) {
            ReadingSink wl1 = p.forSensor("wl1");
            wl1.readings(List.of(stage(0, 9.0), stage(10, 10.7)));
            Map<String, double[]> axes = new LinkedHashMap<>();
            axes.put("x", new double[] {0.01});
            p.forSensor("seis1").waveform(new WaveformPacket(T0, 100.0, "m/s2", axes));
            p.forSensor("seis1").waveform(new WaveformPacket(T0 + 1000, 100.0, "m/s2", axes)); // completes T0's second
            p.flush();
            assertThat(store.rows()).extracting(StoredMessage::lane).containsOnly(Lane.TELEMETRY);
            assertThat(store.rows()).extracting(PipelineTest::text)
                    .anySatisfy(t -> assertThat(t).contains("\"val\":10.7,\"q\":\"unsynced\""))
                    .anySatisfy(t -> assertThat(t).contains("\"unit\":\"m/s2\",\"q\":\"unsynced\""));
            assertThat(p.alarms().get("flood").active()).as("unsynced readings raise nothing").isFalse();

            synced.set(true);
            wl1.readings(List.of(stage(20, 10.8)));
            assertThat(p.alarms().get("flood").active()).as("synced readings do").isTrue();
        }
    }

    @Test
    void tickLetsSilentRulesRaiseOnTheAlertLane() {
        RuleConfig silent = new RuleConfig("wl1-silent", "wl1", null, null, List.of(), false, new RuleCondition.Silent(Duration.ofMinutes(5)));
        HandClock moving = new HandClock(T0);
        try (Pipeline p = new Pipeline(Pipeline.Parts.of(new Topics("ews", "gw1"), new MessageEncoder("gw1"),
                new RuleEngine(List.of(silent)), store, Duration.ofSeconds(10), moving, () -> { }))) {
            p.forSensor("wl1").readings(List.of(stage(0, 9.0)));
            moving.millis = T0 + 4 * 60_000;
            p.tick();
            assertThat(store.rows()).isEmpty();
            moving.millis = T0 + 6 * 60_000;
            p.tick();
            assertThat(store.rows()).extracting(StoredMessage::topic)
                    .containsExactly("ews/gw1/alert/wl1-silent", "ews/gw1/alarm/wl1-silent");
            assertThat(text(store.rows().get(0))).contains("\"state\":\"raised\"", "\"sensor\":\"wl1\"");
            assertThat(p.alarms().get("wl1-silent").active()).isTrue();
        }
    }

    @Test
    void aSilentRuleFedByTicksAndReadingsAtOnceStoresItsEventsInTheOrderItMadeThem() throws Exception {
        // the flusher's tick raises while a driver's reading clears: the stored states must alternate
        // and end where the rule ends, or the retained alarm would say the opposite of the truth
        RuleConfig silent = new RuleConfig("wl1-silent", "wl1", null, null, List.of(), false, new RuleCondition.Silent(Duration.ofMillis(1)));
        HandClock moving = new HandClock(T0);
        RuleEngine engine = new RuleEngine(List.of(silent));
        try (Pipeline p = new Pipeline(Pipeline.Parts.of(new Topics("ews", "gw1"), new MessageEncoder("gw1"), engine,
                store, Duration.ofSeconds(10), moving, () -> { }))) {
            ReadingSink wl1 = p.forSensor("wl1");
            Thread ticker = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    moving.millis += 2; // only this thread writes it
                    p.tick();
                }
            });
            ticker.start();
            for (int i = 0; i < 50_000; i++) {
                wl1.readings(List.of(new Reading("stage_m", moving.millis, 9.0, Quality.OK)));
            }
            ticker.join();
            List<String> states = new ArrayList<>();
            for (StoredMessage m : store.page(Lane.ALERT, 0, 1_000_000)) {
                if (!m.retained()) {
                    states.add(text(m).contains("\"state\":\"raised\"") ? "raised" : "cleared");
                }
            }
            assertThat(states).as("alerts were made").hasSizeGreaterThanOrEqualTo(2);
            for (int i = 0; i < states.size(); i++) {
                assertThat(states.get(i)).as("alert %d", i).isEqualTo(i % 2 == 0 ? "raised" : "cleared");
            }
            assertThat(p.alarms().get("wl1-silent").active()).isEqualTo(engine.rules().get(0).severity() > 0)
                    .isEqualTo(states.get(states.size() - 1).equals("raised"));
        }
    }
}
