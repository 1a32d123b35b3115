package org.fieldgate.drivers.mightyohm;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.drivers.testing.PtyPair;
import org.fieldgate.drivers.testing.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver against an emulated kit on a socat pty pair: report lines in every mode, a line whose
 * count lost a digit, garbage and torn writes. Only lines the firmware could have written become
 * readings, with exactly their CPM and CPM / 175.4 (the SBM-20).
 */
class MightyOhmDriverIT {

    @TempDir
    Path dir;

    @Test
    void onlyLinesTheFirmwareCouldHaveWrittenBecomeReadings() throws Exception {
        try (PtyPair pty = PtyPair.open(dir)) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread kit = new Thread(() -> {
                try (ByteLink device = pty.openDevice()) {
                    for (int i = 0; running.get(); i++) {
                        String line = switch (i % 4) {
                            case 0 -> MightyOhmCodecTest.SLOW_13;
                            case 1 -> MightyOhmCodecTest.SLOW_13.replace("13", "93"); // a changed digit
                            case 2 -> MightyOhmCodecTest.FAST_1260;
                            default -> "\u00f0\u0000noise" + MightyOhmCodecTest.report(3, 175, "SLOW");
                        } + "\r\n";
                        byte[] b = line.getBytes(US_ASCII);
                        int cut = b.length / 2;
                        device.write(Arrays.copyOfRange(b, 0, cut)); // a torn write
                        Thread.sleep(10);
                        device.write(Arrays.copyOfRange(b, cut, b.length));
                        Thread.sleep(30);
                    }
                } catch (Exception e) {
                    // the pty closed: the test is over
                }
            }, "mightyohm-emulator");
            kit.start();
            MightyOhmConfig config = new MightyOhmConfig(new SerialSettings(pty.gatewayPort().toString(), null, null,
                    null, null), null, null, null);
            RecordingSink sink = new RecordingSink();
            try (Driver driver = new MightyOhmFactory().create(
                    new DriverContext("rad1", Duration.ofMillis(10), Clock.systemUTC(), dir), config)) {
                driver.start(sink);
                Await.until("readings of every count", 15, () -> sink.since(0, "cpm").stream()
                        .map(Reading::value).distinct().count() >= 3, () -> driver.counters().toString());
                running.set(false);

                List<Reading> cpm = sink.since(0, "cpm");
                assertThat(cpm).extracting(Reading::value).containsOnly(13.0, 1260.0, 175.0);
                assertThat(cpm).extracting(Reading::quality).containsOnly(Quality.OK);
                assertThat(sink.since(0, "dose_usv_h")).extracting(Reading::value).containsOnly(0.0741, 7.182, 0.9975);
                assertThat(driver.counters().get("checksum_errors")).isPositive();
                assertThat(driver.counters().get("resyncs")).isPositive();
                assertThat(driver.counters().get(MightyOhmDriver.FAST)).isPositive();
                assertThat(driver.state()).isEqualTo(SensorState.OK);
            }
        }
    }

    @Test
    void afterThePowerUpBannerTheFillingMinuteIsSuspect() throws Exception {
        try (PtyPair pty = PtyPair.open(dir)) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread kit = new Thread(() -> {
                try (ByteLink device = pty.openDevice()) {
                    Thread.sleep(500); // the kit powers up once the gateway listens
                    device.write("LVA Geiger Counter 1.50\r\nhttp://LVA.bg/products/geiger-counter\r\n".getBytes(US_ASCII));
                    for (int i = 0; running.get(); i++) {
                        String mode = i % 2 == 0 ? "SLOW" : "FAST";
                        device.write((MightyOhmCodecTest.report(1, mode.equals("SLOW") ? 2 : 1200, mode) + "\r\n")
                                .getBytes(US_ASCII));
                        Thread.sleep(30);
                    }
                } catch (Exception e) {
                    // the pty closed
                }
            }, "mightyohm-emulator");
            MightyOhmConfig config = new MightyOhmConfig(new SerialSettings(pty.gatewayPort().toString(), null, null,
                    null, null), null, null, null);
            RecordingSink sink = new RecordingSink();
            try (Driver driver = new MightyOhmFactory().create(
                    new DriverContext("rad1", Duration.ofMillis(10), Clock.systemUTC(), dir), config)) {
                driver.start(sink);
                kit.start();
                Await.until("slow and fast readings", 15, () -> sink.since(0, "cpm").stream()
                        .map(Reading::value).distinct().count() >= 2, () -> driver.counters().toString());
                running.set(false);
                List<Reading> cpm = sink.since(0, "cpm");
                assertThat(cpm).filteredOn(r -> r.value() == 2.0).extracting(Reading::quality)
                        .as("the 60-s count is still filling").containsOnly(Quality.SUSPECT);
                assertThat(cpm).filteredOn(r -> r.value() == 1200.0).extracting(Reading::quality)
                        .as("the 5-s count is whole").containsOnly(Quality.OK);
                assertThat(driver.counters().get(MightyOhmDriver.RESTARTS)).isEqualTo(1);
            }
        }
    }
}
