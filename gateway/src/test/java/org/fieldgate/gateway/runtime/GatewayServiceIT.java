package org.fieldgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.fieldgate.gateway.testing.GatewayProcess;
import org.fieldgate.gateway.testing.MosquittoBroker;
import org.fieldgate.gateway.testing.NotifySocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway jar as systemd runs it ({@code Type=notify}, {@code WatchdogSec=}): a notification
 * socket of the test's own (socat) instead of systemd, which this machine does not run.
 */
class GatewayServiceIT {

    @TempDir
    Path dir;

    @Test
    void readyOnceStartedPingsWhileRunningStatusLineAndStoppingOnSigterm() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.started();
             NotifySocket socket = NotifySocket.bind(dir);
             GatewayProcess gateway = GatewayProcess.prepare(dir, """
                     gateway: { id: gw-service }
                     uplink: { mqtt: { servers: ["%s"] } }
                     storage: { path: store.db }
                     status: { http: { bind: "127.0.0.1:0" } }
                     sensors:
                       - { id: wl1, driver: sim-water-level, every: 1s }
                     """.formatted(broker.url()))) {
            gateway.withEnvironment("NOTIFY_SOCKET", socket.path().toString())
                    .withEnvironment("WATCHDOG_USEC", "1000000")
                    .start();

            NotifySocket.Line ready = socket.await("READY=1"::equals, Duration.ofSeconds(60));
            // ready comes after the store is open and the sensors and the status server are up
            assertThat(Files.exists(dir.resolve("store.db"))).isTrue();
            assertThat(Files.exists(RunFile.beside(dir.resolve("store.db")))).as("run file, written before ready")
                    .isTrue();
            assertThat(gateway.log()).contains("gateway gw-service running")
                    .contains("service manager: notifying " + socket.path() + ", watchdog ping every 500 ms");
            socket.await(l -> l.startsWith("STATUS=") && l.contains("backlog"), Duration.ofSeconds(5));

            Thread.sleep(3_000);
            assertThat(socket.count("WATCHDOG=1", ready.at())).as("a ping every 500 ms").isBetween(4L, 8L);

            assertThat(gateway.terminate(Duration.ofSeconds(30))).isZero();
            socket.await("STOPPING=1"::equals, Duration.ofSeconds(5));
            assertThat(socket.lines().get(0).text()).isEqualTo("READY=1");
        }
    }
}
