package org.fieldgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.fieldgate.gateway.testing.GatewayProcess;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.MqttRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway process: it warns at start-up, in one line naming the key and the file, that its
 * password file can be read by others, and the files it writes beside its store are 0600.
 */
class GatewayPrivateFilesIT {

    private static final String GW = "private-files-gw";

    @TempDir
    Path dir;

    private MosquittoBroker broker;
    private GatewayProcess gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void warnsAboutAReadablePasswordFileAndKeepsItsOwnFilesPrivate() throws Exception {
        broker = MosquittoBroker.started();
        Path password = Files.writeString(dir.resolve("mqtt.pass"), "not-so-secret\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));
        try (MqttRecorder recorder = MqttRecorder.subscribe(broker.url(), "ews/" + GW + "/#")) {
            gateway = GatewayProcess.prepare(dir, """
                    gateway: { id: %s }
                    uplink: { mqtt: { servers: ["%s"], username: %s, password_file: mqtt.pass } }
                    storage: { path: store.db, max_size: 64MB }
                    status: { http: { bind: "127.0.0.1:0" } }
                    pipeline: { batch: 1s }
                    sensors:
                      - id: wl1
                        driver: sim-water-level
                        every: 200ms
                        scenario: { seed: 7, start_m: 9.8, peak_m: 9.9, time_to_peak: 20s, duration: 60s }
                    """.formatted(GW, broker.url(), GW)).start();
            gateway.awaitUp(Duration.ofSeconds(30));
            recorder.awaitMessage(m -> m.topic().equals("ews/" + GW + "/telemetry/wl1"), Duration.ofSeconds(20));
        }

        assertThat(gateway.log().lines().filter(l -> l.contains("uplink.mqtt.password_file")))
                .singleElement().asString()
                .contains("WARN", password.toString(), "can be read by its group and all users", "chmod 600");
        for (String name : new String[] {"store.db", "store.db-wal", "store.db-shm", "store.db.seq", RunFile.NAME}) {
            assertThat(mode(dir.resolve(name))).as(name).isEqualTo("rw-------");
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
