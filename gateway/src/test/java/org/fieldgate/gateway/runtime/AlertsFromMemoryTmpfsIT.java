package org.fieldgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.fieldgate.gateway.testing.GatewayProcess;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.fieldgate.gateway.testing.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: the gateway's store on a small tmpfs that something else fills up; a flood rule raises
 * while nothing can be written. The alert and the retained alarm still reach the broker (from
 * memory), health and status say so, and once space returns the alarm state is stored under the
 * seq that was published. Needs root for {@code mount} (skipped otherwise).
 */
class AlertsFromMemoryTmpfsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GW = "gw-mem";

    @TempDir
    Path dir;

    @Test
    void anAlertRaisedWhileTheDiskIsFullReachesTheBrokerWithItsRetainedAlarm() throws Exception {
        Path mnt = dir.resolve("mnt");
        Tmpfs.mountOrSkip(mnt, "2m");
        Path filler = mnt.resolve("filler");
        try (MosquittoBroker broker = MosquittoBroker.started();
             MqttRecorder central = MqttRecorder.subscribe(broker.url(), "ews/" + GW + "/#")) {
            // the stage crosses BD1 (9.5) about 32 s after the sensor starts: the disk is full by then
            String yaml = """
                    gateway: { id: %s }
                    uplink: { mqtt: { servers: ["%s"], health: 2s } }
                    storage: { path: %s, max_size: 64MB }
                    status: { http: { bind: "127.0.0.1:0" } }
                    pipeline: { batch: 1s }
                    sensors:
                      - id: wl1
                        driver: sim-water-level
                        every: 500ms
                        scenario: { seed: 7, start_m: 9.0, peak_m: 9.9, time_to_peak: 60s, duration: 120s, noise_m: 0.001 }
                    rules:
                      - id: flood
                        input: wl1.stage_m
                        levels: [ { name: BD1, above: 9.5 } ]
                    """.formatted(GW, broker.url(), mnt.resolve("store.db"));
            try (GatewayProcess gateway = GatewayProcess.prepare(dir, mnt.resolve("store.db"), yaml).start()) {
                gateway.awaitUp(Duration.ofSeconds(60));
                // something else (logs, say) takes the rest of the disk
                try (var out = Files.newOutputStream(filler)) {
                    byte[] block = new byte[4096];
                    while (true) {
                        out.write(block);
                        out.flush();
                    }
                } catch (java.io.IOException expected) {
                    // No space left on device
                }
                awaitStatus(gateway, s -> !s.path("store").path("writable").asBoolean(true), "store unwritable");
                assertThat(central.messages("ews/" + GW + "/alert/#")).as("no alert before the rise").isEmpty();

                MqttRecorder.Received alert = central.awaitMessage(
                        m -> m.topic().equals("ews/" + GW + "/alert/flood"), Duration.ofSeconds(90));
                JsonNode raised = JSON.readTree(alert.payload());
                assertThat(raised.path("state").asText()).isEqualTo("raised");
                long seq = raised.path("seq").asLong();
                JsonNode status = gateway.status();
                assertThat(status.path("store").path("writable").asBoolean(true)).isFalse();
                assertThat(seq).isGreaterThan(status.path("store").path("last_seq").asLong());
                assertThat(status.path("store").path("alerts_in_memory").asInt()).isPositive();
                assertThat(status.path("alarms")).anySatisfy(a -> assertThat(a.path("rule").asText()).isEqualTo("flood"));
                // health says so while the alert is in memory; with the group-commit store the alert can
                // be written into the WAL's free frames before the next health (the seq file, not the
                // database, is what the full disk refuses), and then health shows it stored instead
                JsonNode health = JSON.readTree(central.awaitMessage(m -> m.topic().equals("ews/" + GW + "/health")
                        && m.at() > alert.at(), Duration.ofSeconds(20)).payload());
                JsonNode healthStore = health.path("store");
                if (healthStore.path("alerts_in_memory").asInt() == 0) {
                    assertThat(gateway.status().path("store").path("alerts_in_memory").asInt()).isZero();
                } else {
                    assertThat(healthStore.path("writable").asBoolean(true)).isFalse();
                }

                // a subscriber that comes later still gets the alarm, retained, with the same seq
                try (MqttRecorder late = MqttRecorder.subscribe(broker.url(), "ews/" + GW + "/alarm/#")) {
                    MqttRecorder.Received alarm = late.awaitMessage(m -> m.topic().equals("ews/" + GW + "/alarm/flood"),
                            Duration.ofSeconds(10));
                    assertThat(alarm.retained()).isTrue();
                    assertThat(JSON.readTree(alarm.payload()).path("seq").asLong()).isEqualTo(seq);
                }

                Files.delete(filler); // space returns: the alarm state is stored under the published seq
                awaitStatus(gateway, s -> s.path("store").path("writable").asBoolean(false)
                        && s.path("store").path("alerts_in_memory").asInt() == 0, "alert stored");
                awaitStatus(gateway, s -> s.path("store").path("last_seq").asLong() > seq, "storing again above it");
                assertThat(gateway.terminate(Duration.ofSeconds(30))).isZero();
                assertThat(central.messages("ews/" + GW + "/alert/flood")).allSatisfy(m ->
                        assertThat(JSON.readTree(m.payload()).path("seq").asLong()).isEqualTo(seq));
            }
        } finally {
            Files.deleteIfExists(filler);
            Tmpfs.unmount(mnt, true);
        }
    }

    private static void awaitStatus(GatewayProcess gateway, Predicate<JsonNode> condition, String what)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode last = null;
        while (System.nanoTime() < end) {
            last = gateway.status();
            if (condition.test(last)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not within 60 s: " + what + "; status: " + last + "\n" + gateway.log());
    }
}
