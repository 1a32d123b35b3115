package org.fieldgate.drivers.adxl355;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.fieldgate.drivers.adxl355.Adxl355DriverRig.G;
import static org.fieldgate.drivers.adxl355.Adxl355DriverRig.LSB;
import static org.fieldgate.drivers.adxl355.Adxl355DriverRig.allNear;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.testing.Adxl355ChipEmulator.Write;
import org.fieldgate.drivers.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The driver over an emulated ADXL355 in a pi4j mock context. Nothing here depends on how fast the
 * machine is: the bounds on sample times, block sizes, FIFO overruns and the temperature interval
 * are in {@link Adxl355DriverIT}.
 */
class Adxl355DriverTest {

    @RegisterExtension
    final Adxl355DriverRig rig = new Adxl355DriverRig();

    @Test
    void aChipWithOtherIdsIsAFaultNamingWhatWasReadThenRetried() {
        rig.chip.identity(0xE5, 0x00, 0x00);
        rig.start(false);

        Await.until("fault", 10, () -> rig.driver.state() == SensorState.FAULT);
        assertThat(rig.driver.lastError()).contains("DEVID_AD, DEVID_MST, PARTID read 0xE5, 0x00, 0x00")
                .contains("expected 0xAD, 0x1D, 0xED");
        Await.until("retries", 10, () -> rig.driver.counters().get("reconnects") >= 2);
        assertThat(rig.sink.packets()).isEmpty();
        assertThat(rig.chip.measuring()).isFalse();

        rig.chip.identity(0xAD, 0x1D, 0xED);
        rig.awaitSamples(10);
        assertThat(rig.driver.state()).isEqualTo(SensorState.OK);
        assertThat(rig.driver.lastError()).isNull();
    }

    @Test
    void rangeAndRateBecomeRegisterWritesAfterAReset() {
        rig.start("4g", 250, false, Duration.ofSeconds(10));
        rig.awaitSamples(1);

        assertThat(rig.chip.writes()).startsWith(new Write(Adxl355Codec.RESET, 0x52), new Write(Adxl355Codec.RANGE, 0x82),
                new Write(Adxl355Codec.FILTER, 0x04), new Write(Adxl355Codec.POWER_CTL, 0x00));
        WaveformPacket p = rig.sink.packets().get(0);
        assertThat(p.sampleRate()).isEqualTo(250);
        assertThat(p.unit()).isEqualTo("m/s2");
        assertThat(p.axes().keySet()).containsExactly("x", "y", "z");
        assertThat(p.axes().get("z")[0]).isCloseTo(G, within(2 * LSB)); // ±4 g: 7.8 µg/LSB
    }

    @Test
    void entriesOutOfTripletOrderAreDroppedAndCountedNeverDeliveredOnTheWrongAxis() {
        rig.stillAt(0.1, -0.2, 9.7);
        rig.start(false);
        rig.awaitSamples(50);

        rig.chip.dropNextEntries(1); // the next x is lost: y, z arrive without it
        Await.until("misalignment seen", 10, () -> rig.driver.counters().get("misaligned") >= 1);
        int after = rig.sink.samples();
        rig.awaitSamples(after + 50);

        for (WaveformPacket p : rig.sink.packets()) {
            allNear(p, "x", 0.1, LSB);
            allNear(p, "y", -0.2, LSB);
            allNear(p, "z", 9.7, LSB);
        }
        assertThat(rig.driver.counters()).containsEntry("misaligned", 1L);
    }

    @Test
    void startupCalibrationZeroesXAndYSetsZToOneGAndIsSaved() throws Exception {
        // a still, slightly offset sensor with a little noise
        rig.chip.signal(i -> new double[] {0.05 + 0.001 * Math.sin(i), -0.03 + 0.001 * Math.cos(i), G + 0.04});
        rig.start("1s");
        rig.awaitSamples(200);

        Adxl355Offsets o = rig.driver.offsets();
        assertThat(o.x()).isCloseTo(0.05, within(2e-4));
        assertThat(o.y()).isCloseTo(-0.03, within(2e-4));
        assertThat(o.z()).isCloseTo(0.04, within(2e-4));
        assertThat(o.samples()).isEqualTo(125);

        // the held-back calibration samples come out corrected too, and in time order
        List<WaveformPacket> packets = rig.sink.packets();
        for (int i = 0; i + 1 < packets.size(); i++) {
            WaveformPacket p = packets.get(i);
            assertThat((double) packets.get(i + 1).t0()).isCloseTo(p.t0() + p.length() * 8.0, within(4.0));
        }
        for (WaveformPacket p : packets) {
            allNear(p, "x", 0, 0.0015);
            allNear(p, "z", G, 1e-3);
        }
        Path file = rig.stateDir.resolve(Adxl355OffsetFile.NAME);
        assertThat(Adxl355OffsetFile.parse(Files.readString(file, StandardCharsets.UTF_8))).isEqualTo(o);
    }

    @Test
    void recentSavedOffsetsAreReusedSoARestartDuringShakingDoesNotCalibrateOnIt() throws Exception {
        Adxl355Offsets saved = new Adxl355Offsets(0.05, -0.03, 0.04, System.currentTimeMillis() - 3_600_000, 625);
        new Adxl355OffsetFile("seis1", rig.stateDir).save(saved);
        String text = Files.readString(rig.stateDir.resolve(Adxl355OffsetFile.NAME));
        // strong shaking on every axis
        rig.chip.signal(i -> new double[] {0.05 + Math.sin(i * 0.3), -0.03 + Math.cos(i * 0.2), G + 0.04 + Math.sin(i * 0.1)});
        rig.start("1s");
        rig.awaitSamples(50);

        assertThat(rig.driver.offsets()).isEqualTo(saved);
        WaveformPacket first = rig.sink.packets().get(0);
        assertThat(first.axes().get("x")[0]).isCloseTo(Math.sin(0), within(LSB));
        assertThat(first.axes().get("z")[0]).isCloseTo(G + Math.sin(0), within(LSB));
        assertThat(Files.readString(rig.stateDir.resolve(Adxl355OffsetFile.NAME))).isEqualTo(text);
    }

    @Test
    void aShakenCalibrationWindowIsRejectedAndTheOldOffsetsStay() throws Exception {
        Adxl355Offsets old = new Adxl355Offsets(0.01, 0.02, 0.03, System.currentTimeMillis() - 60L * 86_400_000, 625);
        new Adxl355OffsetFile("seis1", rig.stateDir).save(old); // older than calibration_max_age (30d)
        rig.chip.signal(i -> new double[] {Math.sin(i * 0.3), Math.cos(i * 0.2), G + Math.sin(i * 0.1)});
        rig.start("1s");
        rig.awaitSamples(150);

        assertThat(rig.driver.offsets()).isEqualTo(old);
        assertThat(new Adxl355OffsetFile("seis1", rig.stateDir).load()).contains(old);
    }

    @Test
    void aTiltedSensorIsNotCalibratedAndNoOffsetsAreInvented() {
        // z is not up: the sensor lies on its side
        rig.stillAt(G, 0, 0);
        rig.start("1s");
        rig.awaitSamples(150);

        assertThat(rig.driver.offsets()).isEqualTo(Adxl355Offsets.NONE);
        assertThat(rig.stateDir.resolve(Adxl355OffsetFile.NAME)).doesNotExist();
        assertThat(rig.sink.packets().get(0).axes().get("x")[0]).isCloseTo(G, within(LSB));
    }

    @Test
    void closeReleasesTheSpiDeviceStopsTheThreadAndPutsTheChipInStandby() {
        rig.start(false);
        rig.awaitSamples(10);
        assertThat(rig.chip.isOpen()).isTrue();

        rig.driver.close();
        rig.driver.close();

        assertThat(rig.chip.isOpen()).isFalse();
        assertThat(rig.chip.measuring()).isFalse();
        assertThat(rig.chip.register(Adxl355Codec.POWER_CTL)).isEqualTo(Adxl355Codec.POWER_STANDBY);
        assertThat(rig.driver.state()).isEqualTo(SensorState.STOPPED);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("driver-seis1"));
        int delivered = rig.sink.packets().size();
        sleep(200);
        assertThat(rig.sink.packets()).hasSize(delivered);
    }

    @Test
    void failedTransfersAreAFaultAndTheChipIsSetUpAgain() {
        rig.start(false);
        rig.awaitSamples(10);

        rig.chip.failTransfers(true);
        Await.until("fault", 10, () -> rig.driver.state() == SensorState.FAULT);
        assertThat(rig.driver.lastError()).contains("transfer failed");
        rig.chip.failTransfers(false);
        Await.until("ok again", 10, () -> rig.driver.state() == SensorState.OK && rig.driver.counters().get("reconnects") >= 1);

        assertThat(rig.chip.opens()).isGreaterThanOrEqualTo(2);
        assertThat(rig.chip.writes().stream().filter(w -> w.register() == Adxl355Codec.RESET).count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aChipThatLostPowerAndSitsInStandbyIsSetUpAgain() {
        rig.start(false);
        rig.awaitSamples(10);

        rig.chip.powerCycle(); // back in standby: the FIFO stays empty
        Await.until("set up again", 15, () -> rig.driver.counters().get("reconnects") >= 1 && rig.chip.measuring());
        int after = rig.sink.samples();
        rig.awaitSamples(after + 20);
        assertThat(rig.driver.state()).isEqualTo(SensorState.OK);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
