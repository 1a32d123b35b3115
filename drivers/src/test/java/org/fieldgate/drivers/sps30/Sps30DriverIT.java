package org.fieldgate.drivers.sps30;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldgate.drivers.testing.Await.until;

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
import org.fieldgate.drivers.io.transport.FrameSink;
import org.fieldgate.drivers.io.transport.LinkDriver;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.fieldgate.drivers.io.transport.StreamDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver over a real socat pty pair, against an emulated SPS30 answering with real (stuffed) frames. */
class Sps30DriverIT {

    private static final List<byte[]> REAL = Fixtures.hexdumpLines("pypms/SPS30.hexdump");

    @TempDir
    Path dir;

    @Test
    void requestsAnswersSurviveNoiseResetsSilenceAndUnplugging() throws Exception {
        try (PtyPair pty = PtyPair.open(dir); Emulator sensor = new Emulator(pty)) {
            Sps30Config cfg = new Sps30Config(new SerialSettings(pty.gatewayPort().toString(), null, null, null, null), null);
            ReadingRecorder rec = new ReadingRecorder();
            try (Driver d = new Sps30Factory().create(
                    new DriverContext("pm1", Duration.ofMillis(200), Clock.systemUTC(), dir), cfg)) {
                d.start(rec);
                until("readings", 15, () -> rec.size() >= 6);
                until("a bad checksum counted", 15, () -> d.counters().get(LinkDriver.CHECKSUM_ERRORS) > 0);
                until("an unanswered read counted", 15, () -> d.counters().get(LinkDriver.TIMEOUTS) > 0);
                assertThat(sensor.commands).startsWith(0x00).contains(0x03);
                assertThat(rec.deliveries()).allSatisfy(r -> {
                    assertThat(r).hasSize(10).allMatch(x -> x.quality() == Quality.OK);
                    double pm25 = r.stream().filter(x -> x.channel().equals("pm2_5")).mapToDouble(Reading::value)
                            .findFirst().orElseThrow();
                    assertThat(pm25).isBetween(8.0, 11.0); // the capture's range
                });
                assertThat(d.counters().get(LinkDriver.RESYNCS)).isPositive();

                sensor.measuring = false; // as after a power glitch: idle, refuses reads
                int starts = (int) sensor.commands.stream().filter(c -> c == 0x00).count();
                until("measurement started again", 15,
                        () -> sensor.commands.stream().filter(c -> c == 0x00).count() > starts);
                int afterReset = rec.size();
                until("readings after the reset", 15, () -> rec.size() > afterReset + 2);

                sensor.answering = false;
                until("silent", 15, () -> d.state() == SensorState.SILENT);
                sensor.answering = true;
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

    /**
     * An SPS30 on the device end: decodes SHDLC requests, answers start with an empty OK, and each read
     * with the next real captured answer (stuffed as the sensor sent it), sometimes after junk, torn in
     * two, with a corrupted checksum, or not at all; a read while idle gets state 0x43.
     */
    private static final class Emulator extends DeviceEmulator implements FrameSink<ShdlcFrame> {
        final List<Integer> commands = new CopyOnWriteArrayList<>();
        volatile boolean measuring;
        volatile boolean answering = true;
        private ByteLink link;
        private int reads;

        Emulator(PtyPair pty) {
            super(pty, "sps30-emulator");
            begin();
        }

        @Override
        protected void serve(ByteLink l) throws IOException {
            link = l;
            StreamDecoder<ShdlcFrame> decoder = Sps30Codec.requestDecoder();
            byte[] buf = new byte[128];
            while (running()) {
                int n = l.read(buf, 20);
                if (n > 0) {
                    decoder.feed(buf, 0, n, this);
                }
            }
        }

        @Override
        public void frame(ShdlcFrame request) {
            commands.add(request.command());
            try {
                if (!answering) {
                    return;
                }
                if (request.command() == Sps30Codec.CMD_START) {
                    measuring = true;
                    link.write(Sps30Codec.response(Sps30Codec.CMD_START, 0, new byte[0]));
                } else if (request.command() == Sps30Codec.CMD_READ) {
                    if (!measuring) {
                        link.write(Sps30Codec.response(Sps30Codec.CMD_READ, Sps30Codec.STATE_NOT_ALLOWED, new byte[0]));
                        return;
                    }
                    byte[] answer = REAL.get(reads % REAL.size());
                    switch (reads++ % 6) {
                        case 1 -> link.write(new byte[] {0x00, 0x7D, 0x7E, 0x55});
                        case 2 -> {
                            link.write(Arrays.copyOf(answer, 20));
                            pause(30);
                            link.write(Arrays.copyOfRange(answer, 20, answer.length));
                            return;
                        }
                        case 3 -> {
                            byte[] bad = answer.clone();
                            bad[6] ^= 0x01;
                            link.write(bad);
                            return;
                        }
                        case 4 -> {
                            return; // no answer
                        }
                        default -> {
                        }
                    }
                    link.write(answer);
                }
            } catch (IOException e) {
                // the port vanished: serve() fails on its next read and the emulator reopens
            }
        }

        @Override
        public void checksumError() {
        }

        @Override
        public void resync(int skipped) {
        }
    }
}
