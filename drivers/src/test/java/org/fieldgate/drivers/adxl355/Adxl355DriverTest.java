package org.fieldgate.drivers.adxl355;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.spi.SpiSettings;
import org.fieldgate.drivers.testing.Adxl355ChipEmulator;
import org.fieldgate.drivers.testing.Adxl355ChipEmulator.Write;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.drivers.testing.WaveformRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver over an emulated ADXL355 in a pi4j mock context, in real time. */
class Adxl355DriverTest {

    private static final double G = Adxl355Codec.STANDARD_GRAVITY;
    /** Half a 2 g LSB and then some: what survives the 20-bit round trip. */
    private static final double LSB = 4e-5;

    @TempDir
    Path stateDir;

    private final Adxl355ChipEmulator chip = new Adxl355ChipEmulator();
    private final WaveformRecorder sink = new WaveformRecorder();
    private Adxl355Driver driver;

    @AfterEach
    void shutdown() {
        if (driver != null) {
            driver.close();
        }
        chip.close();
    }

    private Adxl355Driver start(String range, double rate, Object calibrate, Duration every) {
        Adxl355Config config = new Adxl355Config(new SpiSettings(0, 0, null), range, rate, calibrate, "30d");
        driver = new Adxl355Driver(new DriverContext("seis1", every, Clock.systemUTC(), stateDir), chip.devices(),
                config, Duration.ofMillis(50));
        driver.start(sink);
        return driver;
    }

    private Adxl355Driver start(Object calibrate) {
        return start("2g", 125, calibrate, Duration.ofSeconds(10));
    }

    private void awaitSamples(int n) {
        Await.until(n + " samples", 15, () -> sink.samples() >= n, () -> "counters " + driver.counters()
                + ", state " + driver.state() + ", last error " + driver.lastError());
    }

    private static void stillAt(Adxl355ChipEmulator chip, double x, double y, double z) {
        chip.signal(i -> new double[] {x, y, z});
    }

    @Test
    void aChipWithOtherIdsIsAFaultNamingWhatWasReadThenRetried() {
        chip.identity(0xE5, 0x00, 0x00);
        start(false);

        Await.until("fault", 10, () -> driver.state() == SensorState.FAULT);
        assertThat(driver.lastError()).contains("DEVID_AD, DEVID_MST, PARTID read 0xE5, 0x00, 0x00")
                .contains("expected 0xAD, 0x1D, 0xED");
        Await.until("retries", 10, () -> driver.counters().get("reconnects") >= 2);
        assertThat(sink.packets()).isEmpty();
        assertThat(chip.measuring()).isFalse();

        chip.identity(0xAD, 0x1D, 0xED);
        awaitSamples(10);
        assertThat(driver.state()).isEqualTo(SensorState.OK);
        assertThat(driver.lastError()).isNull();
    }

    @Test
    void rangeAndRateBecomeRegisterWritesAfterAReset() {
        start("4g", 250, false, Duration.ofSeconds(10));
        awaitSamples(1);

        assertThat(chip.writes()).startsWith(new Write(Adxl355Codec.RESET, 0x52), new Write(Adxl355Codec.RANGE, 0x82),
                new Write(Adxl355Codec.FILTER, 0x04), new Write(Adxl355Codec.POWER_CTL, 0x00));
        WaveformPacket p = sink.packets().get(0);
        assertThat(p.sampleRate()).isEqualTo(250);
        assertThat(p.unit()).isEqualTo("m/s2");
        assertThat(p.axes().keySet()).containsExactly("x", "y", "z");
        assertThat(p.axes().get("z")[0]).isCloseTo(G, within(2 * LSB)); // ±4 g: 7.8 µg/LSB
    }

    @Test
    void continuousFifoReadsGiveSmallBlocksWithContinuousTimes() {
        stillAt(chip, 0.1, -0.2, 9.7);
        long before = System.currentTimeMillis();
        start(false);
        awaitSamples(250);

        List<WaveformPacket> packets = sink.packets();
        assertThat(packets.get(0).t0()).isBetween(before - 100, System.currentTimeMillis());
        for (int i = 0; i + 1 < packets.size(); i++) {
            WaveformPacket p = packets.get(i);
            double expectedNext = p.t0() + p.length() * 8.0;
            assertThat((double) packets.get(i + 1).t0()).as("t0 of packet %d", i + 1).isCloseTo(expectedNext, within(4.0));
        }
        for (WaveformPacket p : packets) {
            assertThat(p.length()).isBetween(1, 32);
            allNear(p, "x", 0.1, LSB);
            allNear(p, "y", -0.2, LSB);
            allNear(p, "z", 9.7, LSB);
        }
        // every 40 ms at 125 Hz: about 5 samples a block, far from a one-second packet
        assertThat(packets.stream().mapToInt(WaveformPacket::length).average().orElseThrow()).isLessThan(16);
        assertThat(driver.counters()).containsEntry("fifo_overruns", 0L).containsEntry("misaligned", 0L)
                .containsEntry("resyncs", 0L);
        assertThat(driver.counters().get("samples")).isGreaterThanOrEqualTo(sink.samples());
        assertThat(driver.counters().get("packets")).isGreaterThanOrEqualTo(packets.size());
        assertThat(sink.threads()).containsOnly("driver-seis1");
        assertThat(driver.state()).isEqualTo(SensorState.OK);
    }

    @Test
    void aFifoOverrunIsCountedAndTheLostSamplesShowAsAJumpInT0() {
        start(false);
        awaitSamples(100);
        int before = sink.packets().size();

        chip.stallNextTransfer(Duration.ofMillis(600)); // the reader stops; the chip keeps sampling
        Await.until("an overrun", 10, () -> driver.counters().get("fifo_overruns") >= 1);
        awaitSamples(sink.samples() + 50);

        List<WaveformPacket> packets = sink.packets();
        double largestJump = 0;
        for (int i = Math.max(0, before - 1); i + 1 < packets.size(); i++) {
            WaveformPacket p = packets.get(i);
            largestJump = Math.max(largestJump, packets.get(i + 1).t0() - (p.t0() + p.length() * 8.0));
        }
        // 600 ms of stall minus the 32 triplets the FIFO kept (256 ms): ~340 ms of samples lost
        assertThat(largestJump).isBetween(150.0, 700.0);
        assertThat(driver.counters()).containsEntry("fifo_overruns", 1L).containsEntry("resyncs", 0L);
        assertThat(driver.state()).isEqualTo(SensorState.OK);
    }

    @Test
    void entriesOutOfTripletOrderAreDroppedAndCountedNeverDeliveredOnTheWrongAxis() {
        stillAt(chip, 0.1, -0.2, 9.7);
        start(false);
        awaitSamples(50);

        chip.dropNextEntries(1); // the next x is lost: y, z arrive without it
        Await.until("misalignment seen", 10, () -> driver.counters().get("misaligned") >= 1);
        int after = sink.samples();
        awaitSamples(after + 50);

        for (WaveformPacket p : sink.packets()) {
            allNear(p, "x", 0.1, LSB);
            allNear(p, "y", -0.2, LSB);
            allNear(p, "z", 9.7, LSB);
        }
        assertThat(driver.counters()).containsEntry("misaligned", 1L);
    }

    @Test
    void startupCalibrationZeroesXAndYSetsZToOneGAndIsSaved() throws Exception {
        // a still, slightly offset sensor with a little noise
        chip.signal(i -> new double[] {0.05 + 0.001 * Math.sin(i), -0.03 + 0.001 * Math.cos(i), G + 0.04});
        start("1s");
        awaitSamples(200);

        Adxl355Offsets o = driver.offsets();
        assertThat(o.x()).isCloseTo(0.05, within(2e-4));
        assertThat(o.y()).isCloseTo(-0.03, within(2e-4));
        assertThat(o.z()).isCloseTo(0.04, within(2e-4));
        assertThat(o.samples()).isEqualTo(125);

        // the held-back calibration samples come out corrected too, and in time order
        List<WaveformPacket> packets = sink.packets();
        for (int i = 0; i + 1 < packets.size(); i++) {
            WaveformPacket p = packets.get(i);
            assertThat((double) packets.get(i + 1).t0()).isCloseTo(p.t0() + p.length() * 8.0, within(4.0));
        }
        for (WaveformPacket p : packets) {
            allNear(p, "x", 0, 0.0015);
            allNear(p, "z", G, 1e-3);
        }
        Path file = stateDir.resolve(Adxl355OffsetFile.NAME);
        assertThat(Adxl355OffsetFile.parse(Files.readString(file, StandardCharsets.UTF_8))).isEqualTo(o);
    }

    @Test
    void recentSavedOffsetsAreReusedSoARestartDuringShakingDoesNotCalibrateOnIt() throws Exception {
        Adxl355Offsets saved = new Adxl355Offsets(0.05, -0.03, 0.04, System.currentTimeMillis() - 3_600_000, 625);
        new Adxl355OffsetFile("seis1", stateDir).save(saved);
        String text = Files.readString(stateDir.resolve(Adxl355OffsetFile.NAME));
        // strong shaking on every axis
        chip.signal(i -> new double[] {0.05 + Math.sin(i * 0.3), -0.03 + Math.cos(i * 0.2), G + 0.04 + Math.sin(i * 0.1)});
        start("1s");
        awaitSamples(50);

        assertThat(driver.offsets()).isEqualTo(saved);
        WaveformPacket first = sink.packets().get(0);
        assertThat(first.axes().get("x")[0]).isCloseTo(Math.sin(0), within(LSB));
        assertThat(first.axes().get("z")[0]).isCloseTo(G + Math.sin(0), within(LSB));
        assertThat(Files.readString(stateDir.resolve(Adxl355OffsetFile.NAME))).isEqualTo(text);
    }

    @Test
    void aShakenCalibrationWindowIsRejectedAndTheOldOffsetsStay() throws Exception {
        Adxl355Offsets old = new Adxl355Offsets(0.01, 0.02, 0.03, System.currentTimeMillis() - 60L * 86_400_000, 625);
        new Adxl355OffsetFile("seis1", stateDir).save(old); // older than calibration_max_age (30d)
        chip.signal(i -> new double[] {Math.sin(i * 0.3), Math.cos(i * 0.2), G + Math.sin(i * 0.1)});
        start("1s");
        awaitSamples(150);

        assertThat(driver.offsets()).isEqualTo(old);
        assertThat(new Adxl355OffsetFile("seis1", stateDir).load()).contains(old);
    }

    @Test
    void aTiltedSensorIsNotCalibratedAndNoOffsetsAreInvented() {
        // z is not up: the sensor lies on its side
        stillAt(chip, G, 0, 0);
        start("1s");
        awaitSamples(150);

        assertThat(driver.offsets()).isEqualTo(Adxl355Offsets.NONE);
        assertThat(stateDir.resolve(Adxl355OffsetFile.NAME)).doesNotExist();
        assertThat(sink.packets().get(0).axes().get("x")[0]).isCloseTo(G, within(LSB));
    }

    @Test
    void temperatureIsReportedEveryInterval() {
        chip.temperature(31.5);
        start("2g", 125, false, Duration.ofMillis(200));
        Await.until("three temperatures", 10, () -> sink.readings().size() >= 3);

        List<Reading> readings = sink.readings();
        assertThat(readings).allSatisfy(r -> {
            assertThat(r.channel()).isEqualTo("temp_c");
            assertThat(r.value()).isCloseTo(31.5, within(0.07)); // 1/9.05 °C per LSB
            assertThat(r.quality()).isEqualTo(Quality.OK);
        });
        assertThat(readings.get(2).time() - readings.get(1).time()).isBetween(100L, 1000L);
    }

    @Test
    void closeReleasesTheSpiDeviceStopsTheThreadAndPutsTheChipInStandby() {
        start(false);
        awaitSamples(10);
        assertThat(chip.isOpen()).isTrue();

        driver.close();
        driver.close();

        assertThat(chip.isOpen()).isFalse();
        assertThat(chip.measuring()).isFalse();
        assertThat(chip.register(Adxl355Codec.POWER_CTL)).isEqualTo(Adxl355Codec.POWER_STANDBY);
        assertThat(driver.state()).isEqualTo(SensorState.STOPPED);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("driver-seis1"));
        int delivered = sink.packets().size();
        sleep(200);
        assertThat(sink.packets()).hasSize(delivered);
    }

    @Test
    void failedTransfersAreAFaultAndTheChipIsSetUpAgain() {
        start(false);
        awaitSamples(10);

        chip.failTransfers(true);
        Await.until("fault", 10, () -> driver.state() == SensorState.FAULT);
        assertThat(driver.lastError()).contains("transfer failed");
        chip.failTransfers(false);
        Await.until("ok again", 10, () -> driver.state() == SensorState.OK && driver.counters().get("reconnects") >= 1);

        assertThat(chip.opens()).isGreaterThanOrEqualTo(2);
        assertThat(chip.writes().stream().filter(w -> w.register() == Adxl355Codec.RESET).count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aChipThatLostPowerAndSitsInStandbyIsSetUpAgain() {
        start(false);
        awaitSamples(10);

        chip.powerCycle(); // back in standby: the FIFO stays empty
        Await.until("set up again", 15, () -> driver.counters().get("reconnects") >= 1 && chip.measuring());
        int after = sink.samples();
        awaitSamples(after + 20);
        assertThat(driver.state()).isEqualTo(SensorState.OK);
    }

    private static void allNear(WaveformPacket p, String axis, double expected, double tolerance) {
        for (double v : p.axes().get(axis)) {
            assertThat(v).as("%s of the packet at %d", axis, p.t0()).isCloseTo(expected, within(tolerance));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
