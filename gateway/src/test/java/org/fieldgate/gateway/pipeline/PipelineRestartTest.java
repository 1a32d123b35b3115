package org.fieldgate.gateway.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.config.RuleConfig.Level;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.rules.RuleEngine;
import org.fieldgate.gateway.store.AlarmState;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.SqliteOutboxStore;
import org.fieldgate.gateway.store.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alarm state survives a restart of the pipeline on a real SQLite store. */
class PipelineRestartTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final RuleConfig FLOOD = new RuleConfig("flood", "wl1", "stage_m",
            List.of(new Level("BD1", 9.5, null), new Level("BD2", 10.5, null)), 0.05, Duration.ofSeconds(30),
            List.of());
    private static final RuleConfig HIGH = new RuleConfig("high", "wl1", "stage_m",
            List.of(new Level("high", 10.0, null)), 0, Duration.ZERO, List.of());
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Pipeline pipeline(SqliteOutboxStore store, RuleConfig... rules) {
        return new Pipeline(Pipeline.Parts.of(new Topics("ews", "gw1"), new MessageEncoder("gw1"),
                new RuleEngine(List.of(rules)), store, Duration.ofSeconds(10), CLOCK, () -> { }));
    }

    private static void feed(Pipeline p, long fromSec, long toSec, double v) {
        for (long s = fromSec; s <= toSec; s += 10) {
            p.forSensor("wl1").readings(List.of(new Reading("stage_m", T0 + s * 1000, v, Quality.OK)));
        }
    }

    private static List<String> alerts(SqliteOutboxStore store) throws Exception {
        return store.page(Lane.ALERT, 0, 1000).stream().filter(m -> !m.retained())
                .map(m -> new String(m.payload(), UTF_8)).toList();
    }

    @Test
    void anActiveAlarmStaysActiveAcrossARestartWithoutASecondRaise() throws Exception {
        Path db = dir.resolve("store.db");
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, CLOCK); Pipeline p = pipeline(store, FLOOD)) {
            feed(p, 0, 60, 10.8);
            assertThat(alerts(store)).hasSize(1).first().asString().contains("\"state\":\"raised\"", "\"level\":\"BD2\"");
            assertThat(store.alarmStates()).extracting(s -> s.state())
                    .containsExactly(new AlarmState("flood", "BD2", 2, T0 + 30_000, null, 0));
        }
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, CLOCK); Pipeline p = pipeline(store, FLOOD)) {
            assertThat(p.alarms().get("flood")).extracting(AlarmSnapshot::level, AlarmSnapshot::severity,
                    AlarmSnapshot::since).containsExactly("BD2", 2, T0 + 30_000);
            feed(p, 100, 300, 10.9);
            assertThat(alerts(store)).as("no second raised").hasSize(1);
            feed(p, 310, 400, 9.0);
            List<String> after = alerts(store);
            assertThat(after).hasSize(2);
            assertThat(after.get(1)).contains("\"state\":\"cleared\"", "\"level\":\"BD2\"");
            assertThat(store.alarmStates()).extracting(s -> s.state().severity()).containsExactly(0);
        }
    }

    @Test
    void aRuleRemovedFromTheConfigClearsItsRetainedAlarmOnce() throws Exception {
        Path db = dir.resolve("store.db");
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, CLOCK); Pipeline p = pipeline(store, FLOOD, HIGH)) {
            feed(p, 0, 60, 10.8);
            assertThat(store.alarmStates()).extracting(s -> s.state().rule()).containsExactly("flood", "high");
        }
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, CLOCK); Pipeline p = pipeline(store, FLOOD)) {
            p.flush();
            List<StoredMessage> removal = store.page(Lane.ALERT, 0, 1000).stream()
                    .filter(m -> m.topic().equals("ews/gw1/alarm/high") && m.payload().length == 0).toList();
            assertThat(removal).hasSize(1).allSatisfy(m -> assertThat(m.retained()).isTrue());
            assertThat(store.alarmStates()).extracting(s -> s.state().rule()).containsExactly("flood");
            assertThat(p.alarms()).containsOnlyKeys("flood");
        }
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, CLOCK); Pipeline p = pipeline(store, FLOOD)) {
            p.flush();
            assertThat(store.page(Lane.ALERT, 0, 1000).stream()
                    .filter(m -> m.topic().equals("ews/gw1/alarm/high") && m.payload().length == 0)).hasSize(1);
        }
    }

    @Test
    void anAcknowledgementIsPublishedAndSurvivesARestart() throws Exception {
        Path db = dir.resolve("store.db");
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, CLOCK); Pipeline p = pipeline(store, FLOOD)) {
            assertThat(p.acknowledge("flood", "crew")).as("nothing active").isFalse();
            assertThat(p.acknowledge("nope", "crew")).isFalse();
            feed(p, 0, 60, 10.8);
            assertThat(p.acknowledge("flood", "crew")).isTrue();
            assertThat(p.alarms().get("flood")).extracting(AlarmSnapshot::acknowledged,
                    AlarmSnapshot::acknowledgedBy, AlarmSnapshot::acknowledgedAt).containsExactly(true, "crew", T0);
            List<String> alerts = alerts(store);
            assertThat(alerts).hasSize(2);
            assertThat(alerts.get(1)).contains("\"rule\":\"flood\"", "\"state\":\"acknowledged\"", "\"level\":\"BD2\"",
                    "\"sensor\":\"wl1\"", "\"threshold\":10.5", "\"by\":\"crew\"");
        }
        try (SqliteOutboxStore store = SqliteOutboxStore.open(db, CLOCK); Pipeline p = pipeline(store, FLOOD)) {
            AlarmSnapshot a = p.alarms().get("flood");
            assertThat(a.active()).isTrue();
            assertThat(a.acknowledgedBy()).isEqualTo("crew");
            assertThat(a.lastEvent()).extracting(e -> e.sensor(), e -> e.threshold()).containsExactly("wl1", 10.5);
            feed(p, 100, 200, 9.0);
            assertThat(p.alarms().get("flood").acknowledged()).as("cleared ends the acknowledgement").isFalse();
            assertThat(p.acknowledge("flood", "crew")).isFalse();
        }
    }
}
