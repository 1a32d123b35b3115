package org.fieldgate.drivers.bgeigie;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 * The driver against a bGeigie log stream on a socat pty pair: the log's comment lines, the
 * documentation's good sentence and its bad-checksum one, a not-yet-valid minute, garbage and torn
 * writes. Only checksummed sentences become readings, with exactly their CPM and CPM / 334.
 */
class BgeigieDriverIT {

    @TempDir
    Path dir;

    @Test
    void onlyChecksummedSentencesBecomeReadingsWithTheirExactCounts() throws Exception {
        try (PtyPair pty = PtyPair.open(dir)) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread logger = new Thread(() -> {
                try (ByteLink device = pty.openDevice()) {
                    for (int i = 0; running.get(); i++) {
                        if (i % 8 == 0) { // a new log file starts (the logger was restarted)
                            device.write("# NEW LOG\r\n# format=1.0.0nano\r\n".getBytes(US_ASCII));
                        }
                        String line = switch (i % 4) {
                            case 0 -> BgeigieCodecTest.GOOD;
                            case 1 -> BgeigieCodecTest.DOCUMENTED_BAD;
                            case 2 -> BgeigieCodecTest.sentence("BNRDD", 0, "V");
                            default -> "\u00f0\u0000garbage" + BgeigieCodecTest.sentence("BNRDD", 668, "A");
                        } + "\r\n";
                        byte[] b = line.getBytes(US_ASCII);
                        int cut = b.length / 3;
                        device.write(java.util.Arrays.copyOfRange(b, 0, cut)); // a torn write
                        Thread.sleep(10);
                        device.write(java.util.Arrays.copyOfRange(b, cut, b.length));
                        Thread.sleep(40);
                    }
                } catch (Exception e) {
                    // the pty closed: the test is over
                }
            }, "bgeigie-emulator");
            logger.start();
            BgeigieConfig config = new BgeigieConfig(new SerialSettings(pty.gatewayPort().toString(), null, null, null,
                    null), null, null);
            RecordingSink sink = new RecordingSink();
            try (Driver driver = new BgeigieFactory().create(
                    new DriverContext("rad1", Duration.ofMillis(10), Clock.systemUTC(), dir), config)) {
                driver.start(sink);
                Await.until("readings of every kind", 15, () -> sink.since(0, "cpm").stream()
                        .map(Reading::value).distinct().count() >= 3 && driver.counters().get(BgeigieDriver.COMMENTS) > 0,
                        () -> driver.counters().toString());
                running.set(false);

                List<Reading> cpm = sink.since(0, "cpm");
                assertThat(cpm).extracting(Reading::value).containsOnly(22.0, 0.0, 668.0);
                assertThat(cpm).filteredOn(r -> r.value() == 0.0).extracting(Reading::quality).containsOnly(Quality.SUSPECT);
                assertThat(cpm).filteredOn(r -> r.value() > 0).extracting(Reading::quality).containsOnly(Quality.OK);
                assertThat(sink.since(0, "dose_usv_h")).extracting(Reading::value).containsOnly(0.0659, 0.0, 2.0);
                assertThat(driver.counters().get("checksum_errors")).isPositive();
                assertThat(driver.counters().get(BgeigieDriver.NOT_VALID)).isPositive();
                assertThat(driver.counters().get(BgeigieDriver.COMMENTS)).isPositive();
                assertThat(driver.counters().get("resyncs")).isPositive();
                assertThat(driver.state()).isEqualTo(SensorState.OK);
            }
        }
    }
}
