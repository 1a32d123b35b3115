package org.fieldgate.drivers.adxl355;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.io.spi.SpiSettings;
import org.fieldgate.drivers.testing.Adxl355ChipEmulator;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.drivers.testing.WaveformRecorder;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** An {@link Adxl355Driver} over an emulated chip in a pi4j mock context, shared by the unit test and the IT;
 * registered as an extension, it stops the driver and the chip after each test. */
final class Adxl355DriverRig implements AfterEachCallback {

    static final double G = Adxl355Codec.STANDARD_GRAVITY;
    /** Half a 2 g LSB and then some: what survives the 20-bit round trip. */
    static final double LSB = 4e-5;

    final Adxl355ChipEmulator chip = new Adxl355ChipEmulator();
    final WaveformRecorder sink = new WaveformRecorder();
    /** The driver's state directory (offset file), removed after each test. */
    final Path stateDir;
    Adxl355Driver driver;

    Adxl355DriverRig() {
        try {
            stateDir = Files.createTempDirectory("adxl355-state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Adxl355Driver start(String range, double rate, Object calibrate, Duration every) {
        Adxl355Config config = new Adxl355Config(new SpiSettings(0, 0, null), range, rate, calibrate, "30d");
        driver = new Adxl355Driver(new DriverContext("seis1", every, Clock.systemUTC(), stateDir), chip.devices(),
                config, Duration.ofMillis(50));
        driver.start(sink);
        return driver;
    }

    Adxl355Driver start(Object calibrate) {
        return start("2g", 125, calibrate, Duration.ofSeconds(10));
    }

    void awaitSamples(int n) {
        Await.until(n + " samples", 15, () -> sink.samples() >= n, () -> "counters " + driver.counters()
                + ", state " + driver.state() + ", last error " + driver.lastError());
    }

    void stillAt(double x, double y, double z) {
        chip.signal(i -> new double[] {x, y, z});
    }

    static void allNear(WaveformPacket p, String axis, double expected, double tolerance) {
        for (double v : p.axes().get(axis)) {
            assertThat(v).as("%s of the packet at %d", axis, p.t0()).isCloseTo(expected, within(tolerance));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (driver != null) {
            driver.close();
        }
        chip.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
