package org.fieldgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.fieldgate.gateway.testing.DeliveredSeqs;
import org.fieldgate.gateway.testing.GatewayProcess;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.fieldgate.gateway.testing.RealGatewayTest;
import org.junit.jupiter.api.Test;

/**
 * The whole gateway, as users run it (the runnable jar in a child process), against a real
 * mosquitto: the MQTT contract message by message, a broker outage, a SIGKILL, a clean SIGTERM.
 */
class GatewayEndToEndIT extends RealGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GW = "e2e-gw";
    private static final String ALL = "ews/" + GW + "/#";


    /** Simulated sensors of all three kinds, fast enough for a test; the river crosses BD1 after ~7 s. */
    private static String config(String brokerUrl) {
        return """
                gateway: { id: %s }
                uplink:
                  mqtt:
                    servers: ["%s"]
                    health: 2s
                storage: { path: store.db, max_size: 64MB }
                status: { http: { bind: "127.0.0.1:0" } }
                pipeline: { batch: 1s }
                sensors:
                  - id: wl1
                    driver: sim-water-level
                    every: 200ms
                    scenario: { seed: 7, start_m: 9.0, peak_m: 11.0, time_to_peak: 20s, duration: 60s, noise_m: 0.005 }
                  - id: seis1
                    driver: sim-seismic
                    scenario: { seed: 3, kind: quake, at: 5s, magnitude: 5.5, distance_km: 20 }
                  - id: aq1
                    driver: sim-air-quality
                    every: 500ms
                rules:
                  - id: flood
                    input: wl1.stage_m
                    levels: [ { name: BD1, above: 9.5 }, { name: BD2, above: 10.5 }, { name: BD3, above: 11.5 } ]
                    hysteresis: 0.05
                    hold: 1s
                """.formatted(GW, brokerUrl);
    }

    private void startAll(MosquittoBroker b) throws Exception {
        broker = b.start();
        recorder = MqttRecorder.subscribeDurable(broker.url(), ALL, "e2e-recorder");
        gateway = GatewayProcess.prepare(dir, config(broker.url())).start();
        gateway.awaitUp(Duration.ofSeconds(30));
    }

    @Test
    void publishesTheContractMessageByMessage() throws Exception {
        startAll(MosquittoBroker.create());

        MqttRecorder.Received birth = recorder.awaitMessage(m -> m.topic().equals("ews/" + GW + "/state"),
                Duration.ofSeconds(20));
        JsonNode b = JSON.readTree(birth.payload());
        assertThat(b.path("v").asInt()).isEqualTo(1);
        assertThat(b.path("gw").asText()).isEqualTo(GW);
        assertThat(b.path("online").asBoolean()).isTrue();
        assertThat(b.path("version").asText()).isNotBlank();
        assertThat(b.path("started").asLong()).isPositive();

        // telemetry of all three sensors, in the contract's shapes
        JsonNode wl = payload(recorder.awaitMessage(m -> m.topic().endsWith("/telemetry/wl1"), Duration.ofSeconds(20)));
        assertThat(wl.path("sensor").asText()).isEqualTo("wl1");
        assertThat(wl.path("seq").asLong()).isPositive();
        JsonNode first = wl.path("readings").get(0);
        assertThat(first.path("t").asLong()).isPositive();
        assertThat(List.of("stage_m", "distance_m")).contains(first.path("ch").asText());
        assertThat(first.path("val").isNumber()).isTrue();
        assertThat(first.path("q").asText()).isEqualTo("ok");

        // one packet per UTC second: the first is part of a second, the next a whole one
        JsonNode seis = payload(recorder.awaitCount("ews/" + GW + "/telemetry/seis1", 2, Duration.ofSeconds(20)).get(1));
        assertThat(seis.path("sr").asDouble()).isEqualTo(100.0);
        assertThat(seis.path("unit").asText()).isEqualTo("m/s2");
        assertThat(seis.path("t0").asLong()).isPositive();
        for (String axis : List.of("x", "y", "z")) {
            assertThat(seis.path("ch").path(axis).size()).as("samples on " + axis).isEqualTo(100);
        }
        JsonNode aq = payload(recorder.awaitMessage(m -> m.topic().endsWith("/telemetry/aq1"), Duration.ofSeconds(20)));
        assertThat(aq.path("readings").findValuesAsText("ch")).contains("pm2_5", "pm10");

        JsonNode health = payload(recorder.awaitMessage(m -> m.topic().endsWith("/health"), Duration.ofSeconds(20)));
        assertThat(health.path("gw").asText()).isEqualTo(GW);
        assertThat(health.path("sensors").path("wl1").path("state").asText()).isEqualTo("ok");
        assertThat(health.has("backlog")).isTrue();

        // the river crosses BD1: a raised alert, and the retained alarm state with the same seq
        JsonNode alert = payload(recorder.awaitMessage(m -> m.topic().equals("ews/" + GW + "/alert/flood"),
                Duration.ofSeconds(40)));
        assertThat(alert.path("state").asText()).isEqualTo("raised");
        assertThat(alert.path("level").asText()).isEqualTo("BD1");
        assertThat(alert.path("severity").asInt()).isEqualTo(1);
        assertThat(alert.path("sensor").asText()).isEqualTo("wl1");
        assertThat(alert.path("ch").asText()).isEqualTo("stage_m");
        assertThat(alert.path("threshold").asDouble()).isEqualTo(9.5);
        assertThat(alert.path("value").asDouble()).isGreaterThan(9.5);
        try (MqttRecorder late = MqttRecorder.subscribe(broker.url(), "ews/" + GW + "/alarm/flood")) {
            MqttRecorder.Received alarm = late.awaitMessage(MqttRecorder.Received::retained, Duration.ofSeconds(10));
            assertThat(payload(alarm).path("seq").asLong()).isEqualTo(alert.path("seq").asLong());
            assertThat(payload(alarm).path("state").asText()).isEqualTo("raised");
        }

        // the status API and `fieldgate status` tell the same story
        JsonNode status = gateway.status();
        assertThat(status.path("uplink").path("connected").asBoolean()).isTrue();
        assertThat(status.path("alarms").findValuesAsText("level")).contains("BD1");
        assertThat(status.path("sensors").findValuesAsText("id")).containsExactly("wl1", "seis1", "aq1");
        var cli = GatewayProcess.runCli(Duration.ofSeconds(30), "status", "--config", gateway.config().toString());
        assertThat(cli.exit()).as(cli.err()).isEqualTo(0);
        assertThat(cli.out()).contains("wl1", "sim-water-level", "flood", "connected to " + broker.url())
                .containsPattern("flood +BD[12] "); // the flood may have risen to BD2 since the status above

        var watch = GatewayProcess.runCli(Duration.ofSeconds(40), "watch", "--config", gateway.config().toString(),
                "--count", "3", "--timeout", "30s");
        assertThat(watch.exit()).as(watch.err()).isEqualTo(0);
        assertThat(watch.out()).contains("ews/" + GW + "/state [retained] {\"v\":1", "ews/" + GW + "/alarm/flood [retained]");

        assertEverySeqArrives();

        // SIGTERM: commits, announces offline, exits 0 within 5 s
        long t0 = System.nanoTime();
        assertThat(gateway.terminate(Duration.ofSeconds(5))).as(gateway.log()).isEqualTo(0);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        MqttRecorder.Received offline = recorder.awaitMessage(m -> m.topic().endsWith("/state")
                && payload(m).path("online").isBoolean() && !payload(m).path("online").asBoolean(), Duration.ofSeconds(10));
        assertThat(payload(offline).path("gw").asText()).isEqualTo(GW);
    }

    @Test
    void brokerDownForTenSecondsLosesNothing() throws Exception {
        startAll(MosquittoBroker.persistent());
        recorder.awaitMessage(m -> m.topic().contains("/telemetry/"), Duration.ofSeconds(20));

        broker.stop();
        Thread.sleep(10_000);
        JsonNode during = gateway.status();
        assertThat(during.path("uplink").path("connected").asBoolean()).isFalse();
        assertThat(during.path("backlog").path("messages").asLong()).as("readings kept while the broker is down")
                .isPositive();
        broker.restart();

        assertEverySeqArrives();
    }

    @Test
    void sigkillWhilePublishingLosesNothing() throws Exception {
        startAll(MosquittoBroker.create());
        recorder.awaitMessage(m -> m.topic().contains("/telemetry/seis1"), Duration.ofSeconds(20));
        Thread.sleep(ThreadLocalRandom.current().nextLong(500, 3000));
        gateway.kill();

        gateway.start();
        gateway.awaitUp(Duration.ofSeconds(30));
        Thread.sleep(2000);
        Map<Long, Integer> counts = assertEverySeqArrives();
        long duplicates = counts.values().stream().filter(n -> n > 1).count();
        System.out.println("sigkill: " + counts.size() + " seqs, " + duplicates + " delivered more than once");
        DeliveredSeqs.assertDuplicatesAtMost(counts, 1, 20); // a fresh store: nothing but the last seconds in flight
    }

    @Test
    void neverStartsOnAConfigThatCheckRejects() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(bad, config("tcp://127.0.0.1:1").replace("every: 200ms", "evry: 200ms"));
        var check = GatewayProcess.runCli(Duration.ofSeconds(30), "check", bad.toString());
        assertThat(check.exit()).isEqualTo(2);
        assertThat(check.out()).contains("sensors[0].evry");
        var run = GatewayProcess.runCli(Duration.ofSeconds(30), "run", "--config", bad.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("sensors[0].evry").contains("not starting");
        assertThat(dir.resolve("store.db")).doesNotExist();
    }

    /**
     * Waits until the gateway's outbox is empty and every seq from 1 to its last has been received;
     * returns how often each seq arrived (an alert and its retained alarm copy count once).
     */
    private Map<Long, Integer> assertEverySeqArrives() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode status = gateway.status();
            long last = status.path("store").path("last_seq").asLong();
            long backlog = status.path("backlog").path("messages").asLong();
            Map<Long, Integer> counts = seqCounts();
            List<Long> missing = new java.util.ArrayList<>();
            for (long s = 1; s <= last; s++) {
                if (!counts.containsKey(s)) {
                    missing.add(s);
                }
            }
            if (backlog == 0 && last > 0 && missing.isEmpty()) {
                return counts;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("last seq " + last + ", backlog " + backlog + ", missing " + abbreviate(missing)
                        + "\n" + gateway.log());
            }
            Thread.sleep(250);
        }
    }

    private Map<Long, Integer> seqCounts() {
        return recorder.messages().stream()
                .filter(m -> m.topic().contains("/telemetry/") || m.topic().contains("/alert/"))
                .map(m -> payload(m).path("seq").asLong())
                .collect(Collectors.toMap(s -> s, s -> 1, Integer::sum, TreeMap::new));
    }

    private static String abbreviate(List<Long> list) {
        return list.size() <= 20 ? list.toString() : list.subList(0, 20) + "… (" + list.size() + ")";
    }

    private static JsonNode payload(MqttRecorder.Received m) {
        try {
            return JSON.readTree(m.payload());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON on " + m.topic() + ": " + m.text(), e);
        }
    }
}
