package org.fieldgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.testing.DeviceEmulator;
import org.fieldgate.drivers.testing.Fixtures;
import org.fieldgate.drivers.testing.PtyPair;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.gateway.testing.GatewayProcess;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.fieldgate.gateway.testing.RealGatewayTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real PMS5003 byte stream (frames captured from a sensor, PyPMS, MIT) on a pseudo-terminal, read by
 * the whole gateway (the runnable jar) and published to a real mosquitto.
 */
class Pms5003GatewayIT extends RealGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PtyPair pty;
    private Emulator sensor;

    @AfterEach
    void stopEmulatorAndPty() throws Exception {
        if (sensor != null) {
            sensor.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    /** Streams the captured frames in a loop, with line noise and a corrupted copy now and then. */
    private static final class Emulator extends DeviceEmulator {
        private final List<byte[]> frames;

        Emulator(PtyPair pty, List<byte[]> frames) {
            super(pty, "pms5003-emulator");
            this.frames = frames;
            begin();
        }

        @Override
        protected void serve(ByteLink link) throws IOException {
            int i = 0;
            while (running()) {
                byte[] frame = frames.get(i % frames.size());
                if (i % 5 == 4) {
                    link.write(new byte[] {0x00, 0x42, 0x13, 0x37}); // noise, and a false frame start
                    byte[] bad = frame.clone();
                    bad[10] ^= 0x40; // checksum no longer matches
                    link.write(bad);
                }
                link.write(frame);
                i++;
                pause(200);
            }
        }
    }

    @Test
    void aPms5003OnASerialPortReachesTheBroker() throws Exception {
        List<byte[]> frames = Fixtures.hexdumpLines("pypms/PMSx003.hexdump");
        List<String[]> expected = Fixtures.csvRows("pypms/PMSx003.csv");
        assertThat(frames).hasSameSizeAs(expected);
        pty = PtyPair.open(dir);
        sensor = new Emulator(pty, frames);
        broker = MosquittoBroker.started();
        recorder = MqttRecorder.subscribe(broker.url(), "ews/pm-gw/#");
        gateway = GatewayProcess.prepare(dir, """
                gateway: { id: pm-gw }
                uplink: { mqtt: { servers: ["%s"] } }
                storage: { path: store.db }
                status: { http: { bind: "127.0.0.1:0" } }
                pipeline: { batch: 1s }
                sensors:
                  - { id: aq1, driver: pms5003, every: 500ms, serial: { port: %s } }
                """.formatted(broker.url(), pty.gatewayPort())).start();
        gateway.awaitUp(Duration.ofSeconds(30));

        List<MqttRecorder.Received> telemetry = recorder.awaitCount("ews/pm-gw/telemetry/aq1", 3, Duration.ofSeconds(30));
        List<JsonNode> readingSets = new ArrayList<>();
        for (MqttRecorder.Received m : telemetry) {
            JsonNode payload = JSON.readTree(m.payload());
            assertThat(payload.path("sensor").asText()).isEqualTo("aq1");
            readingSets.add(payload.path("readings"));
        }
        // every published reading set is exactly one captured frame, as PyPMS decoded it
        for (JsonNode readings : readingSets) {
            for (int at = 0; at < readings.size(); at += 12) {
                double pm25 = value(readings, at, "pm2_5");
                double n03 = value(readings, at, "n0_3");
                assertThat(expected).as("a captured frame with pm2_5=%s n0_3=%s", pm25, n03).anySatisfy(row -> {
                    assertThat(Double.parseDouble(row[5])).isEqualTo(pm25);
                    assertThat(Math.round(Double.parseDouble(row[7]) * 100)).isEqualTo(Math.round(n03));
                });
            }
        }
        JsonNode aq1 = gateway.status().path("sensors").get(0);
        assertThat(aq1.path("state").asText()).isEqualTo("ok");
        assertThat(aq1.path("counters").path("frames").asLong()).isPositive();
        assertThat(aq1.path("counters").path("checksum_errors").asLong()).as("corrupted frames dropped").isPositive();
        assertThat(aq1.path("counters").path("resyncs").asLong()).as("noise skipped").isPositive();
    }

    /** The value of {@code ch} among the 12 readings of one frame starting at {@code from}. */
    private static double value(JsonNode readings, int from, String ch) {
        for (int i = from; i < Math.min(readings.size(), from + 12); i++) {
            if (readings.get(i).path("ch").asText().equals(ch)) {
                return readings.get(i).path("val").asDouble();
            }
        }
        throw new AssertionError("no " + ch + " in " + readings);
    }
}
