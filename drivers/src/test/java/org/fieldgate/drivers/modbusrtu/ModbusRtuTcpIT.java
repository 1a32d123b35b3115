package org.fieldgate.drivers.modbusrtu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldgate.drivers.modbusrtu.DriverHarness.counter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.io.transport.LinkDriver;
import org.fieldgate.drivers.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver over raw TCP to an RS-485 device server: a ServerSocket passing RTU frames both ways
 * (what a converter in raw/transparent mode does), the connection dropped by the server and
 * accepted again.
 */
class ModbusRtuTcpIT {

    @TempDir
    Path dir;

    private volatile Socket current;

    @Test
    void pollsThroughADeviceServerThatDropsTheConnection() throws Exception {
        ModbusSlaveEmulator emulator = new ModbusSlaveEmulator(1, 2);
        DriverHarness.loadRegisters(emulator);
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread deviceServer = new Thread(() -> acceptForever(server, emulator, accepted), "device-server");
            deviceServer.setDaemon(true);
            deviceServer.start();
            DriverHarness.Collecting sink = new DriverHarness.Collecting();
            try (Driver driver = DriverHarness.create(DriverHarness.config(
                    "tcp: { host: 127.0.0.1, port: " + server.getLocalPort() + ", baud: 9600 }"), dir)) {
                driver.start(sink);
                Await.until("readings of both slaves", () -> sink.count("stage_m") >= 2 && sink.count("pressure_kpa") >= 2);
                assertThat(sink.last("temp_c").value()).isEqualTo(12.5);
                assertThat(sink.last("pressure_kpa").value()).isEqualTo(-1234.56);

                emulator.inject(2, ModbusSlaveEmulator.Fault.BAD_CRC);
                emulator.inject(1, ModbusSlaveEmulator.Fault.TORN);
                Await.until("a checksum error", () -> counter(driver, LinkDriver.CHECKSUM_ERRORS) >= 1);
                Await.until("a timeout", () -> counter(driver, LinkDriver.TIMEOUTS) >= 1);

                current.close(); // the device server drops the connection
                long before = sink.count("stage_m");
                Await.until("reconnected", () -> counter(driver, LinkDriver.RECONNECTS) >= 1 && accepted.get() >= 2);
                Await.until("readings resume", () -> sink.count("stage_m") > before + 2);
                Await.until("state ok", () -> driver.state() == SensorState.OK);
                assertThat(sink.last("stage_m").value()).isEqualTo(1.234);
                assertThat(emulator.writes()).containsSubsequence("1:6:100=45", "1:6:100=45");
            } finally {
                server.close();
                deviceServer.interrupt();
                deviceServer.join(5_000);
            }
        }
    }

    private void acceptForever(ServerSocket server, ModbusSlaveEmulator emulator, AtomicInteger accepted) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                accepted.incrementAndGet();
                current = socket;
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                emulator.serve(new ModbusSlaveEmulator.Wire() {
                    @Override
                    public int read(byte[] buf, int timeoutMs) throws IOException {
                        socket.setSoTimeout(timeoutMs);
                        try {
                            int n = in.read(buf);
                            if (n < 0) {
                                throw new IOException("gateway closed the connection");
                            }
                            return n;
                        } catch (SocketTimeoutException e) {
                            return 0;
                        }
                    }

                    @Override
                    public void write(byte[] data) throws IOException {
                        out.write(data);
                        out.flush();
                    }
                });
            } catch (IOException e) {
                // dropped: accept the next connection
            }
        }
    }
}
