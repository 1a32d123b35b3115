package org.fieldgate.drivers.io.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.drivers.testing.PtyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jssc over a real socat pseudo-terminal pair. */
class SerialLinkIT {

    @TempDir
    Path dir;

    private static byte[] readAtLeast(ByteLink link, int n) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[256];
        long end = System.nanoTime() + 5_000_000_000L;
        while (got.size() < n && System.nanoTime() < end) {
            int k = link.read(buf, 200);
            got.write(buf, 0, k);
        }
        return got.toByteArray();
    }

    @Test
    void binaryBytesCrossBothWays() throws Exception {
        try (PtyPair pty = PtyPair.open(dir); ByteLink device = pty.openDevice();
             ByteLink gateway = ByteLinks.serial(new SerialSettings(pty.gatewayPort().toString(), 9600, 8, "none", 1))) {
            gateway.open();
            byte[] frame = {0x42, 0x4D, 0x00, 0x1C, (byte) 0xFF, 0x0D, 0x0A, 0x00};
            device.write(frame);
            assertThat(readAtLeast(gateway, frame.length)).containsExactly(frame);
            gateway.write(new byte[] {0x01, 0x03, 0x00, 0x00, 0x00, 0x01, (byte) 0x84, 0x0A});
            assertThat(readAtLeast(device, 8)).containsExactly(0x01, 0x03, 0x00, 0x00, 0x00, 0x01, 0x84, 0x0A);
            assertThat(gateway.read(new byte[16], 50)).as("nothing more arrives").isZero();
            assertThat(gateway.describe()).endsWith("gateway-tty 9600 8N1");
        }
    }

    @Test
    void aVanishedPortReadsAsBrokenAndReopensByPath() throws Exception {
        try (PtyPair pty = PtyPair.open(dir)) {
            ByteLink gateway = ByteLinks.serial(new SerialSettings(pty.gatewayPort().toString(), 9600, 8, "none", 1));
            gateway.open();
            pty.vanish();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) {
                    gateway.read(new byte[16], 100);
                }
            }).isInstanceOf(IOException.class);
            gateway.close();
            assertThatThrownBy(gateway::open).isInstanceOf(IOException.class).hasMessageContaining("gateway-tty");

            pty.restore();
            gateway.open();
            try (ByteLink device = pty.openDevice()) {
                device.write(new byte[] {'R', '1', '2', '3', '4', '\r'});
                assertThat(new String(readAtLeast(gateway, 6))).isEqualTo("R1234\r");
            }
            gateway.close();
        }
    }

    @Test
    void otherLineSettingsAreAcceptedAndDescribed() throws Exception {
        try (PtyPair pty = PtyPair.open(dir); ByteLink device = pty.openDevice()) {
            for (SerialSettings settings : List.of(
                    new SerialSettings(pty.gatewayPort().toString(), 115200, 8, "none", 1),
                    new SerialSettings(pty.gatewayPort().toString(), 9600, 8, "even", 1),
                    new SerialSettings(pty.gatewayPort().toString(), 1200, 7, "odd", 2),
                    new SerialSettings(pty.gatewayPort().toString(), null, null, null, null))) {
                try (ByteLink gateway = ByteLinks.serial(settings)) {
                    gateway.open();
                    device.write(new byte[] {0x55, 0x00, (byte) 0xAA});
                    assertThat(readAtLeast(gateway, 3)).containsExactly(0x55, 0x00, 0xAA);
                    assertThat(gateway.describe()).endsWith(settings.withDefaultBaud(9600).frameText());
                }
            }
            try (ByteLink gateway = ByteLinks.serial(new SerialSettings(pty.gatewayPort().toString(), 9600, 7, "even", 2))) {
                assertThat(gateway.describe()).endsWith("gateway-tty 9600 7E2");
                assertThat(gateway.byteTimeMicros()).as("11 bits at 9600 baud").isEqualTo(1145);
            }
        }
    }

    @Test
    void discardInputDropsWhatArrivedBefore() throws Exception {
        try (PtyPair pty = PtyPair.open(dir); ByteLink device = pty.openDevice();
             ByteLink gateway = ByteLinks.serial(new SerialSettings(pty.gatewayPort().toString(), 9600, 8, "none", 1))) {
            gateway.open();
            device.write("stale reply".getBytes());
            Thread.sleep(300); // let it reach the gateway's input buffer
            gateway.discardInput();
            device.write("fresh".getBytes());
            assertThat(new String(readAtLeast(gateway, 5))).isEqualTo("fresh");
        }
    }

    @Test
    void aDriverSurvivesTheAdapterBeingPulledAndPluggedBackIn() throws Exception {
        List<Reading> received = new CopyOnWriteArrayList<>();
        AtomicBoolean emulating = new AtomicBoolean(true);
        try (PtyPair pty = PtyPair.open(dir)) {
            SerialSettings settings = new SerialSettings(pty.gatewayPort().toString(), 9600, 8, "none", 1);
            StreamLinkDriver<Integer> driver = new StreamLinkDriver<>(
                    new DriverContext("pulled", Duration.ofMillis(200), Clock.systemUTC(), dir),
                    List.of(ChannelSpec.scalar("distance_m", "m", 0.3, 5)), () -> ByteLinks.serial(settings),
                    StreamLinkDriverTest.ToyDecoder::new) {
                @Override
                protected List<Reading> readings(Integer mm, long time) {
                    return List.of(new Reading("distance_m", time, mm / 1000.0, Quality.OK));
                }
            };
            Thread emulator = new Thread(() -> {
                while (emulating.get()) {
                    try (ByteLink device = pty.openDevice()) {
                        while (emulating.get()) {
                            device.write(StreamLinkDriverTest.frame(1500).getBytes());
                            Thread.sleep(50);
                        }
                    } catch (IOException e) {
                        sleepQuietly(100); // unplugged: try again when the device is back
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "emulator");
            emulator.start();
            try {
                driver.start(new ReadingSink() {
                    @Override
                    public void readings(List<Reading> readings) {
                        received.addAll(readings);
                    }

                    @Override
                    public void waveform(WaveformPacket packet) {
                    }
                });
                Await.until("readings", () -> !received.isEmpty(), driver::state);
                assertThat(driver.state()).isEqualTo(SensorState.OK);

                pty.vanish();
                Await.until("fault while the adapter is out", () -> driver.state() == SensorState.FAULT, driver::state);
                int before = received.size();

                pty.restore();
                Await.until("readings again", () -> received.size() > before && driver.state() == SensorState.OK,
                        driver::counters);
                assertThat(driver.counters().get("reconnects")).isPositive();
                assertThat(driver.lastError()).contains("gateway-tty");
            } finally {
                emulating.set(false);
                driver.close();
                emulator.join(5_000);
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
