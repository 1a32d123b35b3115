package org.fieldgate.drivers.modbusrtu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldgate.drivers.modbusrtu.DriverHarness.counter;

import java.io.IOException;
import java.nio.file.Path;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.testing.PtyPair;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.LinkDriver;
import org.fieldgate.drivers.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver over a real socat pseudo-terminal pair, against two emulated slaves on the same bus
 * speaking RTU: good replies, a bad CRC, an exception, a torn reply, garbage, a silent slave, and
 * the port vanishing and coming back.
 */
class ModbusRtuDriverIT {

    @TempDir
    Path dir;

    @Test
    void pollsTwoSlavesThroughFaultsAndAVanishingPort() throws Exception {
        ModbusSlaveEmulator emulator = new ModbusSlaveEmulator(1, 2);
        DriverHarness.loadRegisters(emulator);
        try (PtyPair pty = PtyPair.open(dir)) {
            Thread device = new Thread(() -> serveForever(pty, emulator), "modbus-slaves");
            device.setDaemon(true);
            device.start();
            DriverHarness.Collecting sink = new DriverHarness.Collecting();
            try (Driver driver = DriverHarness.create(
                    DriverHarness.config("serial: { port: " + pty.gatewayPort() + ", baud: 19200 }"), dir)) {
                driver.start(sink);

                Await.until("readings of both slaves", () -> sink.count("stage_m") >= 2 && sink.count("pressure_kpa") >= 2);
                assertThat(sink.last("stage_m").value()).isEqualTo(1.234);
                assertThat(sink.last("stage_m").quality()).isEqualTo(Quality.OK);
                assertThat(sink.last("temp_c").value()).isEqualTo(12.5);
                assertThat(sink.last("flow_l_s").value()).isEqualTo(999.9);
                assertThat(sink.last("flow_l_s").quality()).as("above max").isEqualTo(Quality.SUSPECT);
                assertThat(sink.last("pressure_kpa").value()).isEqualTo(-1234.56);
                assertThat(sink.last("offset_mm").value()).isEqualTo(995.0);
                assertThat(emulator.writes()).containsExactly("1:6:100=45", "2:16:200=1,65534");
                Await.until("state ok", () -> driver.state() == SensorState.OK);
                assertThat(driver.counters()).containsEntry(LinkDriver.CHECKSUM_ERRORS, 0L)
                        .containsEntry(LinkDriver.TIMEOUTS, 0L).containsEntry(ModbusRtuDriver.EXCEPTIONS, 0L);

                emulator.inject(1, ModbusSlaveEmulator.Fault.BAD_CRC);
                Await.until("a checksum error", () -> counter(driver, LinkDriver.CHECKSUM_ERRORS) >= 1);
                emulator.inject(2, ModbusSlaveEmulator.Fault.EXCEPTION_SLAVE_FAILURE);
                Await.until("an exception", () -> counter(driver, ModbusRtuDriver.EXCEPTIONS) >= 1);
                emulator.inject(1, ModbusSlaveEmulator.Fault.TORN);
                Await.until("a torn reply counted as a timeout", () -> counter(driver, LinkDriver.TIMEOUTS) >= 1);
                emulator.inject(2, ModbusSlaveEmulator.Fault.GARBAGE_FIRST);
                Await.until("garbage skipped", () -> counter(driver, LinkDriver.RESYNCS) >= 1);
                Await.until("every fault served", () -> !emulator.faultsPending(1) && !emulator.faultsPending(2));
                long pressure = sink.count("pressure_kpa");
                Await.until("slave 2 read again after garbage", () -> sink.count("pressure_kpa") > pressure);
                assertThat(sink.last("pressure_kpa").value()).isEqualTo(-1234.56);
                assertThat(sink.readings).filteredOn(r -> r.quality() == Quality.OK)
                        .extracting(Reading::value).as("no reading from a faulty reply").doesNotContain(Double.NaN)
                        .allMatch(v -> v == 1.234 || v == 12.5 || v == -1234.56 || v == 995.0);

                emulator.silence(2, true);
                long timeouts = counter(driver, LinkDriver.TIMEOUTS);
                long stage = sink.count("stage_m");
                Await.until("slave 2 times out", () -> counter(driver, LinkDriver.TIMEOUTS) >= timeouts + 4);
                Await.until("slave 1 still read", () -> sink.count("stage_m") >= stage + 4);
                assertThat(driver.state()).as("one live slave keeps the sensor ok").isEqualTo(SensorState.OK);
                emulator.silence(2, false);
                long pressureBefore = sink.count("pressure_kpa");
                Await.until("slave 2 back", () -> sink.count("pressure_kpa") > pressureBefore);

                emulator.silence(1, true);
                emulator.silence(2, true);
                Await.until("state silent", () -> driver.state() == SensorState.SILENT);
                emulator.silence(1, false);
                emulator.silence(2, false);
                Await.until("state ok again", () -> driver.state() == SensorState.OK);

                pty.vanish();
                Await.until("state fault", () -> driver.state() == SensorState.FAULT);
                long before = sink.count("stage_m");
                pty.restore();
                Await.until("reconnected", () -> counter(driver, LinkDriver.RECONNECTS) >= 1);
                Await.until("readings resume", () -> sink.count("stage_m") > before + 2 && sink.count("pressure_kpa") > 0);
                Await.until("state ok after the port came back", () -> driver.state() == SensorState.OK);
                assertThat(emulator.writes()).as("setup written again on the new link")
                        .containsSubsequence("1:6:100=45", "1:6:100=45");
            } finally {
                device.interrupt();
                device.join(5_000);
            }
        }
    }

    /** The emulator on the device end of the pty, reopening it when it vanishes. */
    private static void serveForever(PtyPair pty, ModbusSlaveEmulator emulator) {
        while (!Thread.currentThread().isInterrupted()) {
            try (ByteLink link = pty.openDevice()) {
                emulator.serve(new ModbusSlaveEmulator.Wire() {
                    @Override
                    public int read(byte[] buf, int timeoutMs) throws IOException {
                        return link.read(buf, timeoutMs);
                    }

                    @Override
                    public void write(byte[] data) throws IOException {
                        link.write(data);
                    }
                });
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }
}
