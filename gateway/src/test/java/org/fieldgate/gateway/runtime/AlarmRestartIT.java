package org.fieldgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.fieldgate.gateway.testing.GatewayProcess;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.fieldgate.gateway.testing.RealGatewayTest;
import org.junit.jupiter.api.Test;

/**
 * kill -9 with an active alarm, restart: the real jar against a real mosquitto. The alarm is restored
 * from the store, so no second {@code raised} goes out and the retained {@code alarm/flood} still
 * says raised.
 */
class AlarmRestartIT extends RealGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GW = "alarm-gw";


    /** The river stays between 9.8 and 9.9 m, always above BD1 (9.5), from the first reading on. */
    private static String config(String brokerUrl) {
        return """
                gateway: { id: %s }
                uplink: { mqtt: { servers: ["%s"] } }
                storage: { path: store.db, max_size: 64MB }
                status: { http: { bind: "127.0.0.1:0" } }
                pipeline: { batch: 1s }
                sensors:
                  - id: wl1
                    driver: sim-water-level
                    every: 200ms
                    scenario: { seed: 7, start_m: 9.8, peak_m: 9.9, time_to_peak: 20s, duration: 60s, noise_m: 0.002 }
                rules:
                  - id: flood
                    input: wl1.stage_m
                    levels: [ { name: BD1, above: 9.5 }, { name: BD2, above: 10.5 } ]
                    hysteresis: 0.05
                    hold: 1s
                """.formatted(GW, brokerUrl);
    }

    @Test
    void noSecondRaisedAfterKillAndRestart() throws Exception {
        broker = MosquittoBroker.create().start();
        recorder = MqttRecorder.subscribeDurable(broker.url(), "ews/" + GW + "/#", "alarm-recorder");
        gateway = GatewayProcess.prepare(dir, config(broker.url())).start();
        gateway.awaitUp(Duration.ofSeconds(30));

        JsonNode raised = JSON.readTree(recorder.awaitMessage(m -> m.topic().equals("ews/" + GW + "/alert/flood"),
                Duration.ofSeconds(30)).payload());
        assertThat(raised.path("state").asText()).isEqualTo("raised");
        long raisedSeq = raised.path("seq").asLong();

        gateway.kill();
        gateway = GatewayProcess.prepare(dir, config(broker.url())).start();
        gateway.awaitUp(Duration.ofSeconds(30));
        // the restarted gateway is publishing: telemetry with seqs after the raise, several batches of it
        recorder.await(list -> list.stream().filter(m -> m.topic().endsWith("/telemetry/wl1"))
                .mapToLong(m -> seq(m)).filter(s -> s > raisedSeq).count() >= 3, Duration.ofSeconds(30));

        List<Long> raises = recorder.messages("ews/" + GW + "/alert/flood").stream()
                .filter(m -> "raised".equals(field(m, "state"))).map(AlarmRestartIT::seq).distinct().toList();
        assertThat(raises).as("raised alerts (by seq) across the restart").containsExactly(raisedSeq);
        assertThat(gateway.status().path("alarms").findValuesAsText("level")).contains("BD1");
        assertThat(gateway.log()).contains("rule flood: alarm BD1 (severity 1)");
        try (MqttRecorder late = MqttRecorder.subscribe(broker.url(), "ews/" + GW + "/alarm/flood")) {
            MqttRecorder.Received alarm = late.awaitMessage(MqttRecorder.Received::retained, Duration.ofSeconds(10));
            JsonNode a = JSON.readTree(alarm.payload());
            assertThat(a.path("state").asText()).isEqualTo("raised");
            assertThat(a.path("seq").asLong()).isEqualTo(raisedSeq);
        }
    }

    private static long seq(MqttRecorder.Received m) {
        try {
            return JSON.readTree(m.payload()).path("seq").asLong();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static String field(MqttRecorder.Received m, String name) {
        try {
            return JSON.readTree(m.payload()).path(name).asText();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
