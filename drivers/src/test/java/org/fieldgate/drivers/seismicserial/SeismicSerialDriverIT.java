package org.fieldgate.drivers.seismicserial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldgate.drivers.testing.Await.until;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.testing.PtyPair;
import org.fieldgate.drivers.testing.SeismicSerialEmulator;
import org.fieldgate.drivers.testing.SeismicSerialEmulator.Fault;
import org.fieldgate.drivers.testing.WaveformRecorder;
import org.fieldgate.drivers.io.transport.LinkDriver;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver over a real socat pty pair, fed by {@link SeismicSerialEmulator} at the real rate. The
 * emulated samples say which sample they are (x = i, y = −i, z = 100000 + 2i counts), so every block
 * can be placed and checked sample by sample.
 */
class SeismicSerialDriverIT {

    private static final double SCALE = 1.0e-5;

    @TempDir
    Path dir;

    private static double[][] indexed(int n) {
        double[][] s = new double[3][n];
        for (int i = 0; i < n; i++) {
            s[0][i] = i * SCALE;
            s[1][i] = -i * SCALE;
            s[2][i] = (100_000 + 2 * i) * SCALE;
        }
        return s;
    }

    private Driver driver(PtyPair pty, double rate) {
        SeismicSerialConfig cfg = new SeismicSerialConfig(
                new SerialSettings(pty.gatewayPort().toString(), null, null, null, null), null, SCALE, rate, null);
        SeismicSerialFactory factory = new SeismicSerialFactory();
        assertThat(factory.validate(cfg)).isEmpty();
        return factory.create(new DriverContext("seis1", Duration.ofSeconds(1), Clock.systemUTC(), dir), cfg);
    }

    /** Starts the driver, waits until its port is open, then starts the board. */
    private static Driver run(Driver d, WaveformRecorder rec, SeismicSerialEmulator board) {
        d.start(rec);
        until("the port open", 10, () -> ((LinkDriver) d).everOpened());
        board.start();
        return d;
    }

    private static void awaitPlayedOut(SeismicSerialEmulator board, WaveformRecorder rec, int lastIndex) {
        until("every frame played and the last sample delivered", 30,
                () -> board.finished() && lastDelivered(rec) >= lastIndex, () -> "delivered " + rec.samples());
    }

    private static long lastDelivered(WaveformRecorder rec) {
        List<WaveformPacket> p = rec.packets();
        if (p.isEmpty()) {
            return -1;
        }
        WaveformPacket last = p.get(p.size() - 1);
        return index(last) + last.length() - 1;
    }

    private static long index(WaveformPacket p) {
        return Math.round(p.axes().get("x")[0] / SCALE);
    }

    /**
     * Checks every block against the board's samples, and each block's {@code t0} against the one
     * before (within half a sample, as SampleClock promises); returns the samples missing before each
     * block that follows a hole.
     */
    private static List<Long> holes(WaveformRecorder rec, SeismicSerialEmulator board, double rate, boolean checkTimes) {
        double periodMs = 1000 / rate;
        double[][] sent = {board.delivered(0), board.delivered(1), board.delivered(2)};
        List<Long> holes = new ArrayList<>();
        WaveformPacket previous = null;
        for (WaveformPacket p : rec.packets()) {
            assertThat(p.sampleRate()).isEqualTo(rate);
            assertThat(p.unit()).isEqualTo("m/s2");
            assertThat(p.axes().keySet()).containsExactly("x", "y", "z");
            assertThat(p.length()).as("small blocks, not one-second packets").isLessThan((int) (rate / 4));
            long i = index(p);
            for (int a = 0; a < 3; a++) {
                double[] v = p.axes().get(List.of("x", "y", "z").get(a));
                for (int j = 0; j < v.length; j++) {
                    assertThat(v[j]).as("axis %d sample %d", a, i + j).isEqualTo(sent[a][(int) (i + j)]);
                }
            }
            if (previous != null) {
                long expectedIndex = index(previous) + previous.length();
                if (i != expectedIndex) {
                    holes.add(i - expectedIndex);
                }
                if (checkTimes) {
                    double shouldBe = previous.t0() + (i - index(previous)) * periodMs;
                    assertThat((double) p.t0()).as("t0 of the block at sample %d", i)
                            .isCloseTo(shouldBe, org.assertj.core.data.Offset.offset(periodMs / 2 + 1));
                }
            }
            previous = p;
        }
        return holes;
    }

    private static long counter(Driver d, String name) {
        Map<String, Long> c = d.counters();
        assertThat(c).containsKey(name);
        return c.get(name);
    }

    @Test
    void aContinuousStreamArrivesWholeWithContinuousTimes() throws Exception {
        double rate = 31.25; // OpenEEW's ADXL355 rate: one sample per frame
        int n = 125;
        try (PtyPair pty = PtyPair.open(dir);
             SeismicSerialEmulator board = new SeismicSerialEmulator(pty, indexed(n), rate, SCALE);
             Driver d = driver(pty, rate)) {
            WaveformRecorder rec = new WaveformRecorder();
            assertThat(board.samplesPerFrame()).isEqualTo(1);
            run(d, rec, board);
            awaitPlayedOut(board, rec, n - 1);

            assertThat(holes(rec, board, rate, true)).isEmpty();
            assertThat(index(rec.packets().get(0))).isZero();
            assertThat(rec.samples()).isEqualTo(n);
            assertThat(d.state()).isEqualTo(SensorState.OK);
            for (String c : List.of(PacketAssembler.GAPS, PacketAssembler.SAMPLES_LOST, PacketAssembler.COUNTER_RESETS,
                    PacketAssembler.RATE_MISMATCH, PacketAssembler.CLOCK_RESYNCS, LinkDriver.CHECKSUM_ERRORS)) {
                assertThat(counter(d, c)).as(c).isZero();
            }
            assertThat(counter(d, LinkDriver.FRAMES)).isEqualTo(n);
        }
    }

    @Test
    void aDroppedFrameIsAGapAndAJumpInT0() throws Exception {
        int n = 200;
        try (PtyPair pty = PtyPair.open(dir);
             SeismicSerialEmulator board = new SeismicSerialEmulator(pty, indexed(n), 100, SCALE);
             Driver d = driver(pty, 100)) {
            WaveformRecorder rec = new WaveformRecorder();
            board.inject(30, Fault.DROP);
            run(d, rec, board);
            awaitPlayedOut(board, rec, n - 1);

            assertThat(holes(rec, board, 100, true)).containsExactly(3L); // checks the t0 jump of 3 samples
            assertThat(counter(d, PacketAssembler.GAPS)).isEqualTo(1);
            assertThat(counter(d, PacketAssembler.SAMPLES_LOST)).isEqualTo(board.samplesPerFrame()).isEqualTo(3);
            assertThat(counter(d, LinkDriver.CHECKSUM_ERRORS)).isZero();
        }
    }

    @Test
    void aCorruptedByteIsACrcErrorAndItsSamplesCountAsLost() throws Exception {
        int n = 200;
        try (PtyPair pty = PtyPair.open(dir);
             SeismicSerialEmulator board = new SeismicSerialEmulator(pty, indexed(n), 100, SCALE);
             Driver d = driver(pty, 100)) {
            WaveformRecorder rec = new WaveformRecorder();
            board.inject(30, Fault.CORRUPT);
            run(d, rec, board);
            awaitPlayedOut(board, rec, n - 1);

            assertThat(counter(d, LinkDriver.CHECKSUM_ERRORS)).isEqualTo(1);
            assertThat(holes(rec, board, 100, true)).containsExactly(3L);
            assertThat(counter(d, PacketAssembler.GAPS)).isEqualTo(1);
            assertThat(counter(d, PacketAssembler.SAMPLES_LOST)).isEqualTo(3);
        }
    }

    @Test
    void garbageAndTornFramesLoseNothing() throws Exception {
        int n = 200;
        try (PtyPair pty = PtyPair.open(dir);
             SeismicSerialEmulator board = new SeismicSerialEmulator(pty, indexed(n), 100, SCALE);
             Driver d = driver(pty, 100)) {
            WaveformRecorder rec = new WaveformRecorder();
            for (int f = 5; f < 60; f += 10) {
                board.inject(f, Fault.GARBAGE).inject(f + 3, Fault.TEAR).inject(f + 6, Fault.GARBAGE).inject(f + 6, Fault.TEAR);
            }
            run(d, rec, board);
            awaitPlayedOut(board, rec, n - 1);

            assertThat(holes(rec, board, 100, true)).isEmpty();
            assertThat(rec.samples()).isEqualTo(n);
            assertThat(counter(d, LinkDriver.RESYNCS)).isGreaterThanOrEqualTo(12);
            assertThat(counter(d, LinkDriver.CHECKSUM_ERRORS)).isZero();
            assertThat(counter(d, PacketAssembler.GAPS)).isZero();
            assertThat(counter(d, PacketAssembler.SAMPLES_LOST)).isZero();
        }
    }

    @Test
    void aBoardRestartIsACounterResetNotAGap() throws Exception {
        int n = 200;
        try (PtyPair pty = PtyPair.open(dir);
             SeismicSerialEmulator board = new SeismicSerialEmulator(pty, indexed(n), 100, SCALE);
             Driver d = driver(pty, 100)) {
            WaveformRecorder rec = new WaveformRecorder();
            board.firstCounter(5_000_000).inject(30, Fault.REBOOT);
            run(d, rec, board);
            awaitPlayedOut(board, rec, n - 1);

            assertThat(counter(d, PacketAssembler.COUNTER_RESETS)).isEqualTo(1);
            assertThat(counter(d, PacketAssembler.GAPS)).isZero();
            assertThat(holes(rec, board, 100, false)).isEmpty(); // timing started again: t0 not compared
            assertThat(rec.samples()).isEqualTo(n);
        }
    }

    @Test
    void framesAtAnotherRateAreDropped() throws Exception {
        try (PtyPair pty = PtyPair.open(dir);
             SeismicSerialEmulator board = new SeismicSerialEmulator(pty, indexed(1000), 62.5, SCALE);
             Driver d = driver(pty, 31.25)) {
            WaveformRecorder rec = new WaveformRecorder();
            run(d, rec, board);
            until("mismatching frames counted", 15, () -> d.counters().get(PacketAssembler.RATE_MISMATCH) >= 20);
            assertThat(rec.packets()).isEmpty();
            assertThat(counter(d, LinkDriver.FRAMES)).isGreaterThanOrEqualTo(20);
            assertThat(d.state()).isNotEqualTo(SensorState.OK);
        }
    }

    @Test
    void aPortThatDoesNotExistIsAFaultUntilItAppears() throws Exception {
        try (PtyPair pty = PtyPair.open(dir);
             SeismicSerialEmulator board = new SeismicSerialEmulator(pty, indexed(3000), 100, SCALE);
             Driver d = driver(pty, 100)) {
            WaveformRecorder rec = new WaveformRecorder();
            pty.vanish();
            d.start(rec);
            until("fault while the port is missing", 10, () -> d.state() == SensorState.FAULT);
            pty.restore();
            board.start();
            until("blocks once the port appears", 30, () -> rec.samples() > 50 && d.state() == SensorState.OK,
                    () -> "state " + d.state() + ", " + d.counters());
            assertThat(holes(rec, board, 100, true)).isEmpty();
        }
    }
}
