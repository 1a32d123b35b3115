package org.fieldgate.drivers.adxl355;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.io.spi.Pi4jSpi;
import org.fieldgate.drivers.io.spi.SpiSettings;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.drivers.testing.WaveformRecorder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Needs a Raspberry Pi with SPI enabled, an ADXL355 on SPI0 CE0 lying still, z up, and the user in
 * the {@code spi} group; excluded by default. Run on the Pi from the project root:
 *
 * <pre>
 * mvn -B -pl drivers -am test -DexcludedGroups=none -Dgroups=hardware \
 *     -Dtest=Adxl355HardwareTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@Tag("hardware")
class Adxl355HardwareTest {

    @TempDir
    Path stateDir;

    @Test
    void aRealChipDeliversGravityOnZThroughLinuxfsSpi() {
        Adxl355Config config = new Adxl355Config(new SpiSettings(0, 0, null), "2g", 125.0, false, null);
        WaveformRecorder sink = new WaveformRecorder();
        Adxl355Driver driver = new Adxl355Driver(new DriverContext("hw1", Duration.ofSeconds(1), Clock.systemUTC(),
                stateDir), Pi4jSpi.production(), config, Duration.ofSeconds(1));
        try {
            driver.start(sink);
            Await.until("2 s of samples", 20, () -> sink.samples() >= 250,
                    () -> driver.state() + " " + driver.lastError() + " " + driver.counters());
            WaveformPacket last = sink.packets().get(sink.packets().size() - 1);
            System.out.println("counters " + driver.counters() + ", temperatures " + sink.readings());
            assertThat(driver.state()).isEqualTo(SensorState.OK);
            assertThat(last.axes().get("z")[0]).isCloseTo(Adxl355Codec.STANDARD_GRAVITY, within(1.0));
            assertThat(driver.counters()).containsEntry("fifo_overruns", 0L).containsEntry("misaligned", 0L);
        } finally {
            driver.close();
        }
    }
}
