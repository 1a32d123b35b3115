package org.fieldgate.gateway.runtime;

import org.fieldgate.gateway.clock.ClockQuality;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.pipeline.Pipeline;
import org.fieldgate.gateway.status.StatusReport;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.store.SeqPayloads;
import org.fieldgate.gateway.store.SqliteOutboxStore;
import org.fieldgate.gateway.store.StoredMessage;
import org.fieldgate.gateway.supervision.PartState;
import org.fieldgate.gateway.supervision.PartStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evictions, dead letters and the store's writability reach the health message and the status report. */
class GatewayStatusTest {

    @TempDir
    Path dir;

    /** 500 letters that do not deflate much: stored payloads are compressed, and the budget must fill. */
    private static String noise(long seed) {
        java.util.Random r = new java.util.Random(seed);
        StringBuilder sb = new StringBuilder(500);
        for (int i = 0; i < 500; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    @Test
    void healthAnnouncesEvictedRangesAndDeadLetters() throws Exception {
        Path yaml = dir.resolve("gw.yaml");
        Files.writeString(yaml, "gateway: { id: gw-1 }\nlocal_broker: { enabled: true }\n"
                + "storage: { path: store.db, max_size: 512KB }\n");
        FieldgateConfig config = ConfigLoader.load(yaml, DriverRegistry.load());
        ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        try (SqliteOutboxStore store = SqliteOutboxStore.open(config.storage().path(), Clock.systemUTC(),
                config.storage().maxSize());
             Pipeline pipeline = new Pipeline(Pipeline.Parts.of(config, store, Clock.systemUTC(),
                     ClockQuality.TRUSTED, () -> { }))) {
            SeqPayloads t = s -> List.of(new OutgoingMessage("ews/gw-1/telemetry/x", false,
                    ("{\"seq\":" + s + ",\"pad\":\"" + noise(s) + "\"}").getBytes(UTF_8)));
            List<SeqPayloads> batch = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                batch.add(t);
            }
            for (int i = 0; i < 3000; i += 100) {
                store.appendAll(Lane.TELEMETRY, batch.subList(i, i + 100));
            }
            StoredMessage poison = store.page(Lane.TELEMETRY, 0, 1).get(0);
            store.deadLetter(poison.id(), "too large for the broker", 5);

            GatewayStatus facts = new GatewayStatus(config, "test", 0, Clock.systemUTC(), ClockQuality.TRUSTED, store, pipeline,
                    new SensorFleet());
            StatusReport.Store st = facts.report().store();
            assertThat(st.evictedMessages()).isPositive();
            assertThat(st.deadLetters()).isEqualTo(1);
            assertThat(st.writable()).isTrue();
            assertThat(st.evictedRanges()).isNotEmpty().hasSizeLessThanOrEqualTo(GatewayStatus.EVICTED_RANGES_SHOWN);

            JsonNode health = json.readTree(facts.health());
            assertThat(health.path("evictions").path("count").asLong()).isEqualTo(st.evictedMessages());
            JsonNode ranges = health.path("evictions").path("ranges");
            assertThat(ranges.size()).isEqualTo(st.evictedRanges().size());
            for (int i = 0; i < ranges.size(); i++) {
                assertThat(ranges.get(i).get(0).asLong()).isLessThanOrEqualTo(ranges.get(i).get(1).asLong());
                if (i > 0) {
                    assertThat(ranges.get(i).get(0).asLong()).isGreaterThan(ranges.get(i - 1).get(1).asLong());
                }
            }
            assertThat(ranges.get(ranges.size() - 1).get(1).asLong()).isLessThan(poison.seq());
            assertThat(health.path("store").path("dead_letters").asLong()).isEqualTo(1);
            assertThat(health.path("store").path("writable").asBoolean()).isTrue();
            assertThat(health.path("store").has("recovery")).isFalse();

            JsonNode api = json.valueToTree(facts.report());
            assertThat(api.path("store").path("evicted_messages").asLong()).isEqualTo(st.evictedMessages());
        }
    }

    @Test
    void healthAndStatusCarryEveryPartsState() throws Exception {
        Path yaml = dir.resolve("gw.yaml");
        Files.writeString(yaml, "gateway: { id: gw-1 }\nlocal_broker: { enabled: true }\nstorage: { path: store.db }\n");
        FieldgateConfig config = ConfigLoader.load(yaml, DriverRegistry.load());
        try (SqliteOutboxStore store = SqliteOutboxStore.open(config.storage().path(), Clock.systemUTC(), 1 << 20);
             Pipeline pipeline = new Pipeline(Pipeline.Parts.of(config, store, Clock.systemUTC(),
                     ClockQuality.TRUSTED, () -> { }))) {
            ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
            GatewayStatus facts = new GatewayStatus(config, "test", 0, Clock.systemUTC(), ClockQuality.TRUSTED, store,
                    pipeline, new SensorFleet());
            facts.parts(() -> List.of(new PartStatus("uplink", PartState.RUNNING, 2, "AssertionError: old"),
                    new PartStatus("driver-wl1", PartState.RESTARTING, 1, "thread ended")));

            JsonNode health = json.readTree(facts.health());
            assertThat(health.path("threads").path("uplink").path("state").asText()).isEqualTo("running");
            assertThat(health.path("threads").path("uplink").path("restarts").asLong()).isEqualTo(2);
            assertThat(health.path("threads").path("uplink").has("last_error")).as("only while not running").isFalse();
            assertThat(health.path("threads").path("driver-wl1").path("state").asText()).isEqualTo("restarting");
            assertThat(health.path("threads").path("driver-wl1").path("last_error").asText()).isEqualTo("thread ended");

            JsonNode api = json.valueToTree(facts.report());
            assertThat(api.path("threads").get(0).path("last_error").asText()).isEqualTo("AssertionError: old");
        }
    }
}
