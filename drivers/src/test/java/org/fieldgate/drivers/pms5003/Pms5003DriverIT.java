package org.fieldgate.drivers.pms5003;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldgate.drivers.testing.Await.until;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.testing.Fixtures;
import org.fieldgate.drivers.testing.PtyPair;
import org.fieldgate.drivers.testing.ReadingRecorder;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.LinkDriver;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver over a real socat pty pair, against an emulated PMS5003 replaying real frames. */
class Pms5003DriverIT {

    private static final List<byte[]> REAL = Fixtures.hexdumpLines("pypms/PMSx003.hexdump");
    private static final Set<Double> REAL_PM25 = Set.of(5.0, 6.0, 7.0, 8.0);

    @TempDir
    Path dir;

    private Driver driver(PtyPair pty, String mode) {
        Pms5003Config cfg = new Pms5003Config(new SerialSettings(pty.gatewayPort().toString(), null, null, null, null),
                null, mode, null);
        assertThat(new Pms5003Factory().validate(cfg)).isEmpty();
        return new Pms5003Factory().create(new DriverContext("aq1", Duration.ofMillis(200), Clock.systemUTC(), dir), cfg);
    }

    private static double pm25(List<Reading> readings) {
        return readings.stream().filter(r -> r.channel().equals("pm2_5")).findFirst().orElseThrow().value();
    }

    @Test
    void activeModeSurvivesGarbageTornFramesBadChecksumsSilenceAndUnplugging() throws Exception {
        try (PtyPair pty = PtyPair.open(dir); Emulator sensor = new Emulator(pty, false)) {
            ReadingRecorder rec = new ReadingRecorder();
            try (Driver d = driver(pty, "active")) {
                d.start(rec);
                until("readings from streamed frames", 15, () -> rec.size() >= 6);
                until("a bad checksum counted", 15, () -> d.counters().get(LinkDriver.CHECKSUM_ERRORS) > 0);
                assertThat(sensor.commands).contains(0xE4, 0xE1);
                assertThat(sensor.activeSelected).isTrue();
                assertThat(rec.deliveries()).allSatisfy(r -> {
                    assertThat(r).hasSize(12).allMatch(x -> x.quality() == Quality.OK);
                    assertThat(REAL_PM25).contains(pm25(r));
                });
                assertThat(d.counters().get(LinkDriver.RESYNCS)).isPositive();
                assertThat(d.state()).isEqualTo(SensorState.OK);

                sensor.streaming = false;
                until("silent sensor", 15, () -> d.state() == SensorState.SILENT);

                sensor.streaming = true;
                until("ok again", 15, () -> d.state() == SensorState.OK);
                pty.vanish();
                until("fault while unplugged", 15, () -> d.state() == SensorState.FAULT);
                int before = rec.size();
                pty.restore();
                until("readings resume after the port comes back", 25, () -> rec.size() > before + 2);
                assertThat(d.counters().get(LinkDriver.RECONNECTS)).isPositive();
                assertThat(d.state()).isEqualTo(SensorState.OK);
            }
        }
    }

    @Test
    void passiveModeAsksForEveryFrame() throws Exception {
        try (PtyPair pty = PtyPair.open(dir); Emulator sensor = new Emulator(pty, true)) {
            ReadingRecorder rec = new ReadingRecorder();
            try (Driver d = driver(pty, "passive")) {
                d.start(rec);
                until("answers to read commands", 15, () -> rec.size() >= 6);
                until("an unanswered read counted", 15, () -> d.counters().get(LinkDriver.TIMEOUTS) > 0);
                assertThat(sensor.passiveSelected).isTrue();
                assertThat(sensor.commands).contains(0xE4, 0xE2);
                assertThat(rec.deliveries()).allSatisfy(r -> assertThat(REAL_PM25).contains(pm25(r)));
                assertThat(d.state()).isEqualTo(SensorState.OK);
            }
        }
    }

    /**
     * A PMS5003 on the device end: records commands, acknowledges mode/power commands, streams real
     * frames (active: every 100 ms, with junk, torn writes and a corrupted frame every few) or answers
     * each read command (passive: every third read goes unanswered).
     */
    private static final class Emulator implements AutoCloseable {
        final List<Integer> commands = new CopyOnWriteArrayList<>();
        volatile boolean streaming = true;
        volatile boolean activeSelected;
        volatile boolean passiveSelected;
        private final PtyPair pty;
        private final boolean passive;
        private final Thread thread;
        private volatile boolean running = true;
        private int sent;
        private int reads;

        Emulator(PtyPair pty, boolean passive) {
            this.pty = pty;
            this.passive = passive;
            thread = new Thread(this::run, "pms5003-emulator");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (running) {
                try (ByteLink link = pty.openDevice()) {
                    serve(link);
                } catch (IOException e) {
                    pause(50); // unplugged: try again until the test restores the pair
                }
            }
        }

        private void serve(ByteLink link) throws IOException {
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            byte[] buf = new byte[64];
            long next = System.nanoTime();
            while (running) {
                int n = link.read(buf, 20);
                in.write(buf, 0, n);
                byte[] pending = in.toByteArray();
                int used = 0;
                for (int i = 0; i + 7 <= pending.length; i++) {
                    byte[] cmd = java.util.Arrays.copyOfRange(pending, i, i + 7);
                    int c = Pms5003Codec.commandOf(cmd);
                    if (c < 0) {
                        continue;
                    }
                    commands.add(c);
                    int data = cmd[4];
                    if (c == Pms5003Codec.CMD_MODE) {
                        activeSelected |= data == 1;
                        passiveSelected |= data == 0;
                    }
                    if (c == Pms5003Codec.CMD_READ) {
                        if (++reads % 3 != 0) {
                            link.write(REAL.get(sent++ % REAL.size()));
                        }
                    } else {
                        link.write(Pms5003Codec.ack(c, data));
                    }
                    used = i + 7;
                    i += 6;
                }
                in.reset();
                in.write(pending, used, pending.length - used);
                if (!passive && streaming && System.nanoTime() >= next) {
                    next = System.nanoTime() + 100_000_000L;
                    stream(link);
                }
            }
        }

        private void stream(ByteLink link) throws IOException {
            byte[] frame = REAL.get(sent % REAL.size());
            switch (sent++ % 5) {
                case 1 -> link.write(new byte[] {0x11, 0x42, 0x00, (byte) 0xFF});
                case 2 -> {
                    link.write(java.util.Arrays.copyOf(frame, 13));
                    pause(30);
                    link.write(java.util.Arrays.copyOfRange(frame, 13, frame.length));
                    return;
                }
                case 3 -> {
                    byte[] bad = frame.clone();
                    bad[9] ^= 0x40;
                    link.write(bad);
                    return;
                }
                default -> {
                }
            }
            link.write(frame);
        }

        private static void pause(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }
    }
}
