package org.fieldgate.drivers.adxl355;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.fieldgate.drivers.adxl355.Adxl355DriverRig.LSB;
import static org.fieldgate.drivers.adxl355.Adxl355DriverRig.allNear;

import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The driver against the wall clock: sample times near the read time, small blocks, a reader stall
 * that overruns the chip's FIFO, the temperature interval. These bounds hold on an idle machine and
 * depend on its speed, so they run with the ITs, not the unit tests.
 */
class Adxl355DriverIT {

    @RegisterExtension
    final Adxl355DriverRig rig = new Adxl355DriverRig();

    @Test
    void continuousFifoReadsGiveSmallBlocksWithContinuousTimes() {
        rig.stillAt(0.1, -0.2, 9.7);
        long before = System.currentTimeMillis();
        rig.start(false);
        rig.awaitSamples(250);

        List<WaveformPacket> packets = rig.sink.packets();
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
        assertThat(rig.driver.counters()).containsEntry("fifo_overruns", 0L).containsEntry("misaligned", 0L)
                .containsEntry("resyncs", 0L);
        assertThat(rig.driver.counters().get("samples")).isGreaterThanOrEqualTo(rig.sink.samples());
        assertThat(rig.driver.counters().get("packets")).isGreaterThanOrEqualTo(packets.size());
        assertThat(rig.sink.threads()).containsOnly("driver-seis1");
        assertThat(rig.driver.state()).isEqualTo(SensorState.OK);
    }

    @Test
    void aFifoOverrunIsCountedAndTheLostSamplesShowAsAJumpInT0() {
        rig.start(false);
        rig.awaitSamples(100);
        int before = rig.sink.packets().size();

        rig.chip.stallNextTransfer(Duration.ofMillis(600)); // the reader stops; the chip keeps sampling
        Await.until("an overrun", 10, () -> rig.driver.counters().get("fifo_overruns") >= 1);
        rig.awaitSamples(rig.sink.samples() + 50);

        List<WaveformPacket> packets = rig.sink.packets();
        double largestJump = 0;
        for (int i = Math.max(0, before - 1); i + 1 < packets.size(); i++) {
            WaveformPacket p = packets.get(i);
            largestJump = Math.max(largestJump, packets.get(i + 1).t0() - (p.t0() + p.length() * 8.0));
        }
        // 600 ms of stall minus the 32 triplets the FIFO kept (256 ms): ~340 ms of samples lost
        assertThat(largestJump).isBetween(150.0, 700.0);
        assertThat(rig.driver.counters()).containsEntry("fifo_overruns", 1L).containsEntry("resyncs", 0L);
        assertThat(rig.driver.state()).isEqualTo(SensorState.OK);
    }

    @Test
    void temperatureIsReportedEveryInterval() {
        rig.chip.temperature(31.5);
        rig.start("2g", 125, false, Duration.ofMillis(200));
        Await.until("three temperatures", 10, () -> rig.sink.readings().size() >= 3);

        List<Reading> readings = rig.sink.readings();
        assertThat(readings).allSatisfy(r -> {
            assertThat(r.channel()).isEqualTo("temp_c");
            assertThat(r.value()).isCloseTo(31.5, within(0.07)); // 1/9.05 °C per LSB
            assertThat(r.quality()).isEqualTo(Quality.OK);
        });
        assertThat(readings.get(2).time() - readings.get(1).time()).isBetween(100L, 1000L);
    }

}
