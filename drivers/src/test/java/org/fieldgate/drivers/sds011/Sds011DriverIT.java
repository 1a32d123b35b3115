package org.fieldgate.drivers.sds011;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldgate.drivers.testing.Await.until;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.testing.DeviceEmulator;
import org.fieldgate.drivers.testing.Fixtures;
import org.fieldgate.drivers.testing.PtyPair;
import org.fieldgate.drivers.testing.ReadingRecorder;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.LinkDriver;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver over a real socat pty pair, against an emulated SDS011 replaying real frames. */
class Sds011DriverIT {

    private static final List<byte[]> REAL = Fixtures.hexdumpLines("pypms/SDS01x.hexdump");

    @TempDir
    Path dir;

    @Test
    void streamsSurviveGarbageTornFramesBadChecksumsSilenceAndUnplugging() throws Exception {
        try (PtyPair pty = PtyPair.open(dir); Emulator sensor = new Emulator(pty)) {
            Sds011Config cfg = new Sds011Config(new SerialSettings(pty.gatewayPort().toString(), null, null, null, null),
                    null, 0);
            ReadingRecorder rec = new ReadingRecorder();
            try (Driver d = new Sds011Factory().create(
                    new DriverContext("aq2", Duration.ofMillis(200), Clock.systemUTC(), dir), cfg)) {
                d.start(rec);
                until("readings", 15, () -> rec.size() >= 6);
                until("a bad checksum counted", 15, () -> d.counters().get(LinkDriver.CHECKSUM_ERRORS) > 0);
                assertThat(sensor.commands).contains(0x06, 0x02, 0x08);
                assertThat(sensor.workingPeriod).isZero();
                assertThat(rec.deliveries()).allSatisfy(r -> {
                    assertThat(r).extracting(Reading::channel).containsExactly("pm2_5", "pm10");
                    assertThat(r).allMatch(x -> x.quality() == Quality.OK
                            && (x.value() == 0.6 || x.value() == 0.8 || x.value() == 0.9));
                });
                assertThat(d.counters().get(LinkDriver.RESYNCS)).isPositive();

                sensor.streaming = false;
                until("silent", 15, () -> d.state() == SensorState.SILENT);
                sensor.streaming = true;
                until("ok again", 15, () -> d.state() == SensorState.OK);
                pty.vanish();
                until("fault while unplugged", 15, () -> d.state() == SensorState.FAULT);
                int before = rec.size();
                pty.restore();
                until("readings resume", 25, () -> rec.size() > before + 2);
                assertThat(d.counters().get(LinkDriver.RECONNECTS)).isPositive();
            }
        }
    }

    /** Answers set commands with {@code AA C5} replies, streams real frames with some chaos. */
    private static final class Emulator extends DeviceEmulator {
        final List<Integer> commands = new CopyOnWriteArrayList<>();
        volatile boolean streaming = true;
        volatile int workingPeriod = -1;
        private int sent;

        Emulator(PtyPair pty) {
            super(pty, "sds011-emulator");
            begin();
        }

        @Override
        protected void serve(ByteLink link) throws IOException {
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            byte[] buf = new byte[64];
            long next = System.nanoTime();
            while (running()) {
                in.write(buf, 0, link.read(buf, 20));
                byte[] p = in.toByteArray();
                int used = 0;
                for (int i = 0; i + Sds011Codec.COMMAND_LENGTH <= p.length; i++) {
                    byte[] cmd = Arrays.copyOfRange(p, i, i + Sds011Codec.COMMAND_LENGTH);
                    int c = Sds011Codec.commandOf(cmd);
                    if (c < 0) {
                        continue;
                    }
                    commands.add(c);
                    if (c == Sds011Codec.CMD_WORKING_PERIOD) {
                        workingPeriod = cmd[4];
                    }
                    link.write(Sds011Codec.encode(Sds011Codec.reply(c, cmd[4], 0x58D9)));
                    used = i + Sds011Codec.COMMAND_LENGTH;
                    i = used - 1;
                }
                in.reset();
                in.write(p, used, p.length - used);
                if (streaming && System.nanoTime() >= next) {
                    next = System.nanoTime() + 100_000_000L;
                    byte[] frame = REAL.get(sent % REAL.size());
                    switch (sent++ % 4) {
                        case 1 -> link.write(new byte[] {(byte) 0xAA, 0x00, (byte) 0xAB});
                        case 2 -> {
                            link.write(Arrays.copyOf(frame, 4));
                            pause(30);
                            link.write(Arrays.copyOfRange(frame, 4, 10));
                            continue;
                        }
                        case 3 -> {
                            byte[] bad = frame.clone();
                            bad[3] ^= 0x10;
                            link.write(bad);
                            continue;
                        }
                        default -> {
                        }
                    }
                    link.write(frame);
                }
            }
        }
    }
}
