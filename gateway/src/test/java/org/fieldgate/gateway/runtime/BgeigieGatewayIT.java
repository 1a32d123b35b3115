package org.fieldgate.gateway.runtime;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.testing.DeviceEmulator;
import org.fieldgate.drivers.testing.PtyPair;
import org.fieldgate.gateway.testing.GatewayProcess;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.fieldgate.gateway.testing.RealGatewayTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * bGeigie log lines on a pseudo-terminal, read by the whole gateway (the runnable jar) and published
 * to a real mosquitto: the documentation's sentence arrives with exactly its 22 CPM and 22 / 334
 * µSv/h, its bad-checksum sentence (30 CPM) never does, and plume lines of 668 CPM (2 µSv/h)
 * among them raise the site's 1 µSv/h alarm.
 */
class BgeigieGatewayIT extends RealGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOOD = "$BNRDD,2108,2013-12-06T13:03:58Z,22,2,115,A,3145.7607,N,03510.1975,E,734.90,V,3,908*64";
    private static final String BAD = "$BNRDD,300,2012-12-16T17:58:31Z,30,1,116,A,4618.9612,N,00658.4831,E,443.7,A,5,1.28*6D";

    private PtyPair pty;
    private DeviceEmulator logger;

    @AfterEach
    void stopLoggerAndPty() throws Exception {
        if (logger != null) {
            logger.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    private static String plume() {
        String body = "BNRDD,2108,2024-05-01T00:00:00Z,668,56,99999,A,2101.4000,N,10551.2000,E,12.0,A,7,1.1";
        int x = 0;
        for (char c : body.toCharArray()) {
            x ^= c;
        }
        return "$" + body + String.format("*%02X", x);
    }

    @Test
    void logLinesReachTheBrokerWithTheirExactCountsAndAPlumeRaisesTheAlarm() throws Exception {
        pty = PtyPair.open(dir);
        String plume = plume();
        logger = new DeviceEmulator(pty, "bgeigie-emulator") {
            {
                begin();
            }

            @Override
            protected void serve(ByteLink link) throws IOException {
                link.write("# NEW LOG\r\n# format=1.0.0nano\r\n".getBytes(US_ASCII));
                for (int i = 0; running(); i++) {
                    String line = (i % 6 < 4 ? (i % 2 == 0 ? GOOD : BAD) : plume) + "\r\n";
                    link.write(line.getBytes(US_ASCII));
                    pause(150);
                }
            }
        };
        broker = MosquittoBroker.started();
        recorder = MqttRecorder.subscribe(broker.url(), "ews/rad-gw/#");
        gateway = GatewayProcess.prepare(dir, """
                gateway: { id: rad-gw }
                uplink: { mqtt: { servers: ["%s"] } }
                storage: { path: store.db }
                status: { http: { bind: "127.0.0.1:0" } }
                pipeline: { batch: 1s }
                sensors:
                  - { id: rad1, driver: bgeigie, every: 100ms, serial: { port: %s } }
                rules:
                  - id: dose
                    input: rad1.dose_usv_h
                    levels: [ { name: alarm, above: 1.0 } ]
                """.formatted(broker.url(), pty.gatewayPort())).start();
        gateway.awaitUp(Duration.ofSeconds(30));

        MqttRecorder.Received alert = recorder.awaitMessage(m -> m.topic().equals("ews/rad-gw/alert/dose"),
                Duration.ofSeconds(30));
        JsonNode a = JSON.readTree(alert.payload());
        assertThat(a.path("state").asText()).isEqualTo("raised");
        assertThat(a.path("value").asDouble()).isEqualTo(2.0);

        // the alert lane goes first; the plume's telemetry follows in its batch
        List<MqttRecorder.Received> telemetry = recorder.await(all -> all.stream()
                .anyMatch(m -> m.topic().endsWith("/telemetry/rad1") && m.text().contains("\"val\":668"))
                && all.stream().anyMatch(m -> m.topic().endsWith("/telemetry/rad1") && m.text().contains("\"val\":22")),
                Duration.ofSeconds(30)).stream().filter(m -> m.topic().equals("ews/rad-gw/telemetry/rad1")).toList();
        Set<Double> cpm = new HashSet<>();
        for (MqttRecorder.Received m : telemetry) {
            JsonNode readings = JSON.readTree(m.payload()).path("readings");
            for (int i = 0; i < readings.size(); i++) {
                JsonNode r = readings.get(i);
                if (r.path("ch").asText().equals("cpm")) {
                    cpm.add(r.path("val").asDouble());
                    JsonNode dose = readings.get(i + 1);
                    assertThat(dose.path("ch").asText()).isEqualTo("dose_usv_h");
                    assertThat(dose.path("val").asDouble())
                            .isEqualTo(Math.round(r.path("val").asDouble() / 334 * 10_000.0) / 10_000.0);
                }
            }
        }
        assertThat(cpm).contains(22.0).doesNotContain(30.0).isSubsetOf(22.0, 668.0);
    }
}
