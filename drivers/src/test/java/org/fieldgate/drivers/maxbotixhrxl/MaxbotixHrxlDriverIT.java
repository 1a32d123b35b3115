package org.fieldgate.drivers.maxbotixhrxl;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.drivers.testing.PtyPair;
import org.fieldgate.drivers.testing.RecordingSink;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver against an emulated HRXL-MaxSonar-WR on a socat pty pair. */
class MaxbotixHrxlDriverIT {

    @TempDir
    Path dir;

    /** What the emulated sensor does. */
    enum Mode { MEASURE, NO_TARGET, SILENT }

    /**
     * Speaks like the sensor: the power-up banner on every (re)connect, then a range about every 50 ms
     * (the real one sends ~6 per second), with a burst of garbage and a torn line now and then.
     */
    static final class Emulator implements Runnable {
        private final PtyPair pty;
        volatile Mode mode = Mode.MEASURE;
        volatile boolean running = true;
        volatile int powerUps;

        Emulator(PtyPair pty) {
            this.pty = pty;
        }

        @Override
        public void run() {
            while (running) {
                try (ByteLink device = pty.openDevice()) {
                    powerUps++;
                    torn(device, MaxbotixHrxlCodecTest.BANNER);
                    for (int i = 0; running; i++) {
                        switch (mode) {
                            case MEASURE -> {
                                if (i % 7 == 3) {
                                    device.write(new byte[] {(byte) 0xF0, 0x00, 'x', '\r', '#'});
                                }
                                String line = "R" + (2340 + i % 10) + "\r";
                                if (i % 5 == 0) {
                                    torn(device, line);
                                } else {
                                    device.write(line.getBytes(US_ASCII));
                                }
                            }
                            case NO_TARGET -> device.write("R5000\r".getBytes(US_ASCII));
                            case SILENT -> { }
                        }
                        Thread.sleep(50);
                    }
                } catch (IOException e) {
                    pause(100); // the pty vanished: wait for it to come back
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static void torn(ByteLink device, String text) throws IOException, InterruptedException {
            byte[] b = text.getBytes(US_ASCII);
            int cut = b.length / 2;
            device.write(java.util.Arrays.copyOfRange(b, 0, cut));
            Thread.sleep(30);
            device.write(java.util.Arrays.copyOfRange(b, cut, b.length));
        }

        private static void pause(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void readsThroughBannerGarbageNoTargetSilenceAndUnplugging() throws Exception {
        try (PtyPair pty = PtyPair.open(dir)) {
            Emulator sensor = new Emulator(pty);
            Thread emulator = new Thread(sensor, "hrxl-emulator");
            emulator.start();
            MaxbotixHrxlConfig config = new MaxbotixHrxlConfig(
                    new SerialSettings(pty.gatewayPort().toString(), null, null, null, null), null, null, null, 3,
                    new MaxbotixHrxlConfig.Stage(14.20));
            RecordingSink sink = new RecordingSink();
            try (Driver driver = new MaxbotixHrxlFactory().create(
                    new DriverContext("wl1", Duration.ofMillis(200), Clock.systemUTC(), dir), config)) {
                driver.start(sink);
                Await.until("valid readings", 15, () -> sink.since(0, "stage_m").size() >= 5,
                        () -> driver.counters().toString());

                assertThat(sink.since(0, "stage_m")).allSatisfy(r -> {
                    assertThat(r.quality()).isEqualTo(Quality.OK);
                    assertThat(r.value()).isBetween(14.20 - 2.349, 14.20 - 2.340);
                });
                assertThat(sink.since(0, "distance_m")).allSatisfy(r -> assertThat(r.value()).isBetween(2.340, 2.349));
                assertThat(driver.state()).isEqualTo(SensorState.OK);
                assertThat(driver.counters()).containsEntry("checksum_errors", 0L);
                Await.until("garbage counted", 10, () -> driver.counters().get("resyncs") > 0,
                        () -> driver.counters().toString());

                // no echo: suspect, never a water level
                int mark = sink.size();
                sensor.mode = Mode.NO_TARGET;
                Await.until("no-target readings", 10,
                        () -> sink.since(mark, "distance_m").stream().anyMatch(r -> r.value() == 5.0),
                        () -> sink.since(mark, "distance_m").toString());
                Reading noTarget = sink.since(mark, "distance_m").stream().filter(r -> r.value() == 5.0)
                        .findFirst().orElseThrow();
                assertThat(noTarget.quality()).isEqualTo(Quality.SUSPECT);
                assertThat(sink.since(mark, "stage_m")).filteredOn(r -> Math.abs(r.value() - 9.2) < 1e-9)
                        .isNotEmpty().allSatisfy(r -> assertThat(r.quality()).isEqualTo(Quality.SUSPECT));

                sensor.mode = Mode.SILENT;
                Await.until("silent", 15, () -> driver.state() == SensorState.SILENT, () -> driver.state().wire());

                int back = sink.size();
                sensor.mode = Mode.MEASURE;
                Await.until("readings again", 10, () -> driver.state() == SensorState.OK
                        && sink.since(back, "stage_m").stream().anyMatch(r -> r.quality() == Quality.OK),
                        () -> driver.state().wire());

                // the USB adapter is pulled and plugged back in; the sensor powers up again
                pty.vanish();
                Await.until("fault", 10, () -> driver.state() == SensorState.FAULT, () -> driver.state().wire());
                long bannerBefore = driver.counters().get(MaxbotixHrxlDriver.BANNER_LINES);
                pty.restore();
                int afterRestore = sink.size();
                Await.until("readings after replug", 20,
                        () -> sink.since(afterRestore, "stage_m").stream().anyMatch(r -> r.quality() == Quality.OK),
                        () -> driver.state().wire() + " " + driver.counters());
                assertThat(driver.counters().get("reconnects")).isPositive();
                assertThat(driver.state()).isEqualTo(SensorState.OK);
                assertThat(sensor.powerUps).isGreaterThanOrEqualTo(2);
                // the emulator may print (part of) its first banner before the driver opens the port, and
                // opening purges what is buffered: some banner lines were seen and skipped, not all six
                assertThat(bannerBefore).isPositive();
            } finally {
                sensor.running = false;
                emulator.interrupt();
                emulator.join(5_000);
            }
        }
    }
}
