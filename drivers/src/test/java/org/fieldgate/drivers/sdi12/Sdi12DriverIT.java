package org.fieldgate.drivers.sdi12;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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

/** The recorder against an emulated SDI-12 bus (adapter + two sensors) on a socat pty pair. */
class Sdi12DriverIT {

    @TempDir
    Path dir;

    /**
     * The adapter's host side with two sensors behind it. Address 0, a pressure transducer: one value
     * ready after 1 s, announced by a service request that comes early (after 80 ms); every 4th
     * {@code aD0!} answer has a digit changed after its CRC was computed. Address 1: two values at
     * once, one per {@code aDn!}. Garbage and torn answers now and then.
     */
    static final class Bus implements Runnable {
        private final PtyPair pty;
        volatile boolean running = true;
        volatile boolean oneSilent;
        final AtomicInteger corrupted = new AtomicInteger();
        private int d0Count;
        private boolean crcRequested;

        Bus(PtyPair pty) {
            this.pty = pty;
        }

        @Override
        public void run() {
            while (running) {
                try (ByteLink device = pty.openDevice()) {
                    StringBuilder command = new StringBuilder();
                    byte[] buf = new byte[64];
                    while (running) {
                        int n = device.read(buf, 100);
                        for (int i = 0; i < n; i++) {
                            command.append((char) buf[i]);
                            if (buf[i] == '!') {
                                answer(device, command.toString());
                                command.setLength(0);
                            }
                        }
                    }
                } catch (IOException e) {
                    sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void answer(ByteLink device, String command) throws IOException, InterruptedException {
            char a = command.charAt(0);
            if (a == '1' && oneSilent || (a != '0' && a != '1')) {
                return;
            }
            String cmd = command.substring(1);
            switch (cmd) {
                case "I!" -> send(device, a + "14FIELDGTE" + (a == '0' ? "PRESS1" : "TEMPV1") + "100SN000" + a);
                case "M!", "MC!" -> {
                    crcRequested = cmd.equals("MC!");
                    if (a == '0') {
                        send(device, "00011");
                        Thread.sleep(80);
                        device.write(new byte[] {0x00, (byte) 0xFF}); // line noise before the service request
                        send(device, "0");
                    } else {
                        send(device, "10002");
                    }
                }
                case "D0!" -> {
                    if (a == '0') {
                        String data = crc("0+9.876");
                        if (crcRequested && ++d0Count % 4 == 0) {
                            data = data.replace("9.876", "9.886");
                            corrupted.incrementAndGet();
                        }
                        torn(device, data + "\r\n");
                    } else {
                        send(device, crc("1+27.5"));
                    }
                }
                case "D1!" -> send(device, a == '1' ? crc("1+12.5") : crc(String.valueOf(a)));
                default -> send(device, String.valueOf(a));
            }
        }

        private String crc(String data) {
            return crcRequested ? Sdi12Codec.withCrc(data) : data;
        }

        private static void send(ByteLink device, String line) throws IOException {
            device.write((line + "\r\n").getBytes(US_ASCII));
        }

        private static void torn(ByteLink device, String text) throws IOException, InterruptedException {
            byte[] b = text.getBytes(US_ASCII);
            device.write(Arrays.copyOfRange(b, 0, 3));
            Thread.sleep(20);
            device.write(Arrays.copyOfRange(b, 3, b.length));
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void recordsTwoSensorsThroughCrcErrorsASilentSensorAndUnplugging() throws Exception {
        try (PtyPair pty = PtyPair.open(dir)) {
            Bus bus = new Bus(pty);
            Thread emulator = new Thread(bus, "sdi12-bus");
            emulator.start();
            Sdi12Config config = new Sdi12Config(
                    new SerialSettings(pty.gatewayPort().toString(), null, null, null, null), null,
                    List.of(new Sdi12Config.Sensor("0", List.of(
                                    new Sdi12Config.Channel("stage_m", 0, "m", -5.0, 60.0, null, null))),
                            new Sdi12Config.Sensor("1", List.of(
                                    new Sdi12Config.Channel("temp_c", 0, "C", -40.0, 85.0, null, null),
                                    new Sdi12Config.Channel("battery_v", 1, "V", 0.0, 30.0, 0.1, 1.0)))),
                    true, "300ms", 2);
            RecordingSink sink = new RecordingSink();
            try (Sdi12Driver driver = (Sdi12Driver) new Sdi12Factory().create(
                    new DriverContext("gw-sdi", Duration.ofMillis(200), Clock.systemUTC(), dir), config)) {
                driver.start(sink);
                Await.until("readings of both sensors and a corrupted CRC", 20,
                        () -> sink.since(0, "stage_m").size() >= 5 && sink.since(0, "battery_v").size() >= 3
                                && driver.counters().get("checksum_errors") > 0,
                        () -> driver.counters().toString());

                assertThat(sink.since(0, "stage_m")).allSatisfy(r -> {
                    assertThat(r.value()).as("a corrupted value never passes").isEqualTo(9.876);
                    assertThat(r.quality()).isEqualTo(Quality.OK);
                });
                assertThat(sink.since(0, "temp_c")).extracting(Reading::value).containsOnly(27.5);
                assertThat(sink.since(0, "battery_v").get(0).value()).isCloseTo(2.25, within(1e-9));
                assertThat(driver.counters().get("checksum_errors")).isPositive().isLessThanOrEqualTo(bus.corrupted.get());
                assertThat(driver.state()).isEqualTo(SensorState.OK);

                // sensor 1 stops answering; sensor 0 goes on
                bus.oneSilent = true;
                long timeoutsBefore = driver.counters().get("timeouts");
                Await.until("silent", 15, () -> driver.state() == SensorState.SILENT, () -> driver.state().wire());
                assertThat(driver.counters().get("timeouts")).isGreaterThan(timeoutsBefore);
                assertThat(driver.answering()).containsEntry('0', true).containsEntry('1', false);
                int mark = sink.size();
                Await.until("sensor 0 still read", 10, () -> sink.since(mark, "stage_m").size() >= 2,
                        () -> driver.counters().toString());
                assertThat(sink.since(mark, "temp_c")).isEmpty();

                bus.oneSilent = false;
                Await.until("both answer again", 15, () -> driver.state() == SensorState.OK,
                        () -> driver.state().wire());

                // the USB adapter is pulled and plugged back in
                pty.vanish();
                Await.until("fault", 10, () -> driver.state() == SensorState.FAULT, () -> driver.state().wire());
                pty.restore();
                int afterRestore = sink.size();
                Await.until("readings after replug", 20, () -> sink.since(afterRestore, "stage_m").size() >= 2
                                && sink.since(afterRestore, "temp_c").size() >= 2,
                        () -> driver.state().wire() + " " + driver.counters());
                assertThat(driver.counters().get("reconnects")).isPositive();
            } finally {
                bus.running = false;
                emulator.interrupt();
                emulator.join(5_000);
            }
        }
    }
}
