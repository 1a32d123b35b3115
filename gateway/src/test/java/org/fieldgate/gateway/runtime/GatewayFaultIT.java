package org.fieldgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fieldgate.gateway.testing.DeliveredSeqs;
import org.fieldgate.gateway.testing.GatewayProcess;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.fieldgate.gateway.testing.RealGatewayTest;
import org.junit.jupiter.api.Test;

/**
 * Faults a field gateway lives through, on the real runnable jar against real mosquitto processes:
 * repeated SIGKILLs, a long broker outage, a broker that is not there at boot.
 */
class GatewayFaultIT extends RealGatewayTest {

    private static final String GW = "fault-gw";


    /** A busy site: a 100 Hz waveform and five fast scalar sensors, ~50 messages a second. */
    private static String config(String brokerUrl) {
        return """
                gateway: { id: %s }
                uplink: { mqtt: { servers: ["%s"], health: 5s } }
                storage: { path: store.db, max_size: 256MB }
                status: { http: { bind: "127.0.0.1:0" } }
                pipeline: { batch: 100ms }
                sensors:
                  - { id: wl1, driver: sim-water-level, every: 50ms,
                      scenario: { start_m: 9.0, peak_m: 11.0, time_to_peak: 30s, duration: 80s } }
                  - { id: wl2, driver: sim-water-level, every: 50ms, scenario: { seed: 2 } }
                  - { id: wl3, driver: sim-water-level, every: 50ms, scenario: { seed: 3 } }
                  - { id: seis1, driver: sim-seismic, scenario: { kind: quake, at: 3s } }
                  - { id: aq1, driver: sim-air-quality, every: 50ms }
                  - { id: aq2, driver: sim-air-quality, every: 50ms, scenario: { seed: 5 } }
                rules:
                  - id: flood
                    input: wl1.stage_m
                    levels: [ { name: BD1, above: 9.5 }, { name: BD2, above: 10.5 } ]
                    hold: 500ms
                """.formatted(GW, brokerUrl);
    }

    /** Starts the broker (unless it should be down at boot), a recorder on it, then the gateway. */
    private void start(MosquittoBroker b, boolean brokerUp) throws Exception {
        broker = brokerUp ? b.start() : b;
        if (brokerUp) {
            recorder = MqttRecorder.subscribeDurable(broker.url(), "ews/" + GW + "/#", "fault-recorder");
        }
        gateway = GatewayProcess.prepare(dir, config(broker.url())).start();
        gateway.awaitUp(Duration.ofSeconds(30));
    }

    @Test
    void twentyKillsAtRandomPointsLoseNoSeq() throws Exception {
        start(MosquittoBroker.create(), true);
        Random random = new Random(20261123L);
        for (int i = 0; i < 20; i++) {
            // every other kill lands while the store and uplink are busy, the others anywhere in start-up
            if (i % 2 == 1) {
                gateway.awaitUp(Duration.ofSeconds(30));
            }
            Thread.sleep(random.nextInt(2500));
            gateway.kill();
            gateway.start();
        }
        gateway.awaitUp(Duration.ofSeconds(30));
        Thread.sleep(1500);
        Map<Long, Integer> counts = awaitEverySeq(Duration.ofSeconds(90));
        System.out.printf("20 kills: %d seqs received, none missing, %d duplicate deliveries%n", counts.size(),
                DeliveredSeqs.duplicates(counts));
        // half the kills land while a restart drains its backlog, with up to max_inflight (256) in flight;
        // measured: 154 in all (about 8 a kill); a restart that resent what it had delivered gives hundreds a kill
        DeliveredSeqs.assertDuplicatesAtMost(counts, 20, 64);
    }

    @Test
    void longOutageWithThousandsQueuedDrainsCompletely() throws Exception {
        start(MosquittoBroker.persistent(), true);
        recorder.awaitMessage(m -> m.topic().contains("/telemetry/"), Duration.ofSeconds(20));
        broker.stop();
        // queue thousands of messages: a waveform a second plus scalar batches every 500 ms
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long queued = 0;
        while (queued < 2000 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            queued = gateway.status().path("backlog").path("messages").asLong();
        }
        assertThat(queued).as("messages queued while the broker is down").isGreaterThanOrEqualTo(2000);
        JsonNode during = gateway.status();
        assertThat(during.path("uplink").path("connected").asBoolean()).isFalse();
        assertThat(during.path("alarms").findValuesAsText("rule")).as("rules run with no uplink").contains("flood");
        broker.restart();
        Map<Long, Integer> counts = awaitEverySeq(Duration.ofSeconds(90));
        // the alerts raised during the outage went out ahead of the older telemetry
        List<Long> arrivalOrder = new ArrayList<>();
        long firstAlertSeq = -1;
        for (MqttRecorder.Received m : recorder.messages()) {
            if (m.topic().contains("/alert/") && firstAlertSeq < 0) {
                firstAlertSeq = seq(m);
            }
            if (m.topic().contains("/telemetry/") || m.topic().contains("/alert/")) {
                arrivalOrder.add(seq(m));
            }
        }
        assertThat(firstAlertSeq).as("an alert was raised during the outage").isPositive();
        long alertSeq = firstAlertSeq;
        int alertIndex = arrivalOrder.indexOf(alertSeq);
        long olderAfterAlert = arrivalOrder.subList(alertIndex, arrivalOrder.size()).stream()
                .filter(s -> s < alertSeq).count();
        assertThat(olderAfterAlert).as("backlog older than the alert, still arriving after it").isPositive();
        System.out.printf("outage: %d queued, %d seqs received after restart, none missing%n", queued, counts.size());
    }

    @Test
    void brokerUnreachableAtBootThenReachable() throws Exception {
        start(MosquittoBroker.create(), false);
        Thread.sleep(4000);
        JsonNode status = gateway.status();
        assertThat(status.path("uplink").path("connected").asBoolean()).isFalse();
        assertThat(status.path("backlog").path("messages").asLong()).isPositive();
        broker.start();
        recorder = MqttRecorder.subscribeDurable(broker.url(), "ews/" + GW + "/#", "fault-recorder");
        // the gateway retries its first connect (Paho alone would not) and drains what it stored
        // while the broker was down, from seq 1
        assertThat(awaitEverySeq(Duration.ofSeconds(90))).containsKey(1L);
    }

    private Map<Long, Integer> awaitEverySeq(Duration timeout) throws Exception {
        return DeliveredSeqs.awaitEvery(gateway, recorder, timeout);
    }

    private static long seq(MqttRecorder.Received m) {
        return DeliveredSeqs.seq(m);
    }
}
