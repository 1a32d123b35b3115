package org.fieldgate.drivers.testing;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.fieldgate.drivers.seismicserial.Fgs1Codec;
import org.fieldgate.drivers.seismicserial.Fgs1Frame;
import org.fieldgate.drivers.io.transport.ByteLink;

/**
 * A serial digitizer board on the device end of a {@link PtyPair}: plays given samples as FGS1 frames
 * (docs/drivers/seismic-serial.md) at their real rate. Frame {@code k} leaves when its last sample is
 * due, measured from the start on the monotonic clock (no drift however long it plays). Faults can be
 * injected at chosen frames. While the pty is gone the board's frames go nowhere, as on a real UART:
 * after the pair is restored it goes on with the frame due then.
 *
 * <pre>{@code
 * try (PtyPair pty = PtyPair.open(dir);
 *      SeismicSerialEmulator board = new SeismicSerialEmulator(pty, new double[][] {x, y, z}, 31.25, 1e-5)) {
 *     board.inject(40, SeismicSerialEmulator.Fault.DROP).start();
 *     // a seismic-serial sensor with serial: { port: pty.gatewayPort() }, rate: 31.25, scale: 1e-5
 * }
 * }</pre>
 */
public final class SeismicSerialEmulator extends DeviceEmulator {

    /** What can go wrong with one frame. */
    public enum Fault {
        /** The frame is never sent (the counter still advances: a gap). */
        DROP,
        /** One bit of the frame's first sample byte is flipped: a CRC error. */
        CORRUPT,
        /** {@link #GARBAGE_BYTES} are sent just before the frame (line noise, a boot message). */
        GARBAGE,
        /** The frame is written in three pieces a few ms apart. */
        TEAR,
        /** The board restarts: this frame's counter is 0 and counting goes on from there. */
        REBOOT
    }

    /** Line noise with false starts: a lone sync byte, a wrong version, an impossible n. */
    public static final byte[] GARBAGE_BYTES = Fixtures.hex("00 A5 11 5A FF 0D 0A A5 5A 07 A5 5A 01 01 00 41");
    private static final long TEAR_PAUSE_NANOS = 3_000_000L;

    private final int axes;
    private final int[][] counts;
    private final double scale;
    private final double sampleRate;
    private final Map<Integer, Set<Fault>> faults = new ConcurrentHashMap<>();
    private int samplesPerFrame;
    private long counter;
    private volatile int next;
    private volatile boolean started;
    private long startNanos = -1;

    /**
     * @param samples    per axis, in m/s²: one array (z) or three (x, y, z), all the same length
     * @param sampleRate samples per second, a multiple of 0.01 Hz (the frames' unit)
     * @param scale      m/s² per count: each sample is sent as {@code round(value / scale)}, which must
     *                   fit in 24 bits
     */
    public SeismicSerialEmulator(PtyPair pty, double[][] samples, double sampleRate, double scale) {
        super(pty, "seismic-serial-emulator");
        if (samples.length != 1 && samples.length != 3) {
            throw new IllegalArgumentException("give 1 (z) or 3 (x, y, z) axes, got " + samples.length);
        }
        if (Math.abs(sampleRate * 100 - Math.round(sampleRate * 100)) > 1e-6 || sampleRate <= 0) {
            throw new IllegalArgumentException("the sample rate must be a positive multiple of 0.01 Hz, got " + sampleRate);
        }
        this.axes = samples.length;
        this.sampleRate = sampleRate;
        this.scale = scale;
        counts = new int[axes][];
        for (int a = 0; a < axes; a++) {
            if (samples[a].length != samples[0].length) {
                throw new IllegalArgumentException("axis " + a + " has " + samples[a].length + " samples, axis 0 has "
                        + samples[0].length);
            }
            counts[a] = new int[samples[a].length];
            for (int i = 0; i < samples[a].length; i++) {
                long c = Math.round(samples[a][i] / scale);
                if (c < -(1 << 23) || c >= 1 << 23) {
                    throw new IllegalArgumentException("sample " + i + " of axis " + a + " (" + samples[a][i]
                            + " m/s2) does not fit in 24 bits at scale " + scale);
                }
                counts[a][i] = (int) c;
            }
        }
        samplesPerFrame = (int) Math.max(1, Math.min(Fgs1Frame.MAX_SAMPLES, Math.round(0.032 * sampleRate)));
    }

    /** Samples per axis in each frame, 1 … 64 (default: about 32 ms worth, at least 1); before {@link #start}. */
    public SeismicSerialEmulator samplesPerFrame(int n) {
        requireNotStarted();
        if (n < 1 || n > Fgs1Frame.MAX_SAMPLES) {
            throw new IllegalArgumentException("samples per frame must be 1 to 64, got " + n);
        }
        samplesPerFrame = n;
        return this;
    }

    /** The counter of the first sample (default 0; near 2³² to test the wrap); before {@link #start}. */
    public SeismicSerialEmulator firstCounter(long first) {
        requireNotStarted();
        counter = first & 0xFFFF_FFFFL;
        return this;
    }

    /** Makes {@code fault} happen to frame {@code frame} (0-based); any time before that frame is due. */
    public SeismicSerialEmulator inject(int frame, Fault fault) {
        faults.computeIfAbsent(frame, k -> java.util.Collections.synchronizedSet(EnumSet.noneOf(Fault.class))).add(fault);
        return this;
    }

    /** Starts playing (once the device end opens). */
    public SeismicSerialEmulator start() {
        requireNotStarted();
        started = true;
        begin();
        return this;
    }

    public int samplesPerFrame() {
        return samplesPerFrame;
    }

    /** Frames the samples make. */
    public int frameCount() {
        return (counts[0].length + samplesPerFrame - 1) / samplesPerFrame;
    }

    /** Frames dealt with so far (sent, dropped, or lost while the pty was gone). */
    public int framesDone() {
        return next;
    }

    /** True once every frame has been dealt with. */
    public boolean finished() {
        return next >= frameCount();
    }

    /**
     * The samples of an axis (0 = x, or z when there is one) as the driver delivers them:
     * {@code round(value / scale) × scale}.
     */
    public double[] delivered(int axis) {
        double[] v = new double[counts[axis].length];
        for (int i = 0; i < v.length; i++) {
            v[i] = counts[axis][i] * scale;
        }
        return v;
    }

    @Override
    protected void serve(ByteLink link) throws IOException {
        if (startNanos < 0) {
            startNanos = System.nanoTime();
        } else {
            // reopened after the pty vanished: what was due meanwhile went nowhere
            while (next < frameCount() && due(next) < System.nanoTime()) {
                counter = (counter + samples(next)) & 0xFFFF_FFFFL;
                next++;
            }
        }
        while (running() && next < frameCount()) {
            long wait = due(next) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(Math.min(wait, 50_000_000L));
                continue;
            }
            send(link, next);
            next++;
        }
        while (running()) {
            pause(20); // played out: keep the port open, quiet
        }
    }

    /** When frame {@code frame} leaves: as its last sample is taken. */
    private long due(int frame) {
        long lastSample = Math.min((long) (frame + 1) * samplesPerFrame, counts[0].length) - 1;
        return startNanos + Math.round(lastSample * 1e9 / sampleRate);
    }

    private int samples(int frame) {
        return Math.min(samplesPerFrame, counts[0].length - frame * samplesPerFrame);
    }

    private void send(ByteLink link, int frame) throws IOException {
        Set<Fault> f = faults.getOrDefault(frame, Set.of());
        if (f.contains(Fault.REBOOT)) {
            counter = 0;
        }
        int n = samples(frame);
        int[] interleaved = new int[n * axes];
        for (int s = 0; s < n; s++) {
            for (int a = 0; a < axes; a++) {
                interleaved[s * axes + a] = counts[a][frame * samplesPerFrame + s];
            }
        }
        byte[] bytes = Fgs1Codec.encode(new Fgs1Frame(axes, (int) Math.round(sampleRate * 100), counter, interleaved));
        counter = (counter + n) & 0xFFFF_FFFFL;
        if (f.contains(Fault.DROP)) {
            return;
        }
        if (f.contains(Fault.CORRUPT)) {
            bytes[Fgs1Codec.HEADER_LENGTH] ^= 0x01;
        }
        if (f.contains(Fault.GARBAGE)) {
            link.write(GARBAGE_BYTES);
        }
        if (f.contains(Fault.TEAR)) {
            int a = 5;
            int b = Math.max(a + 1, bytes.length / 2 + 3);
            link.write(java.util.Arrays.copyOfRange(bytes, 0, a));
            LockSupport.parkNanos(TEAR_PAUSE_NANOS);
            link.write(java.util.Arrays.copyOfRange(bytes, a, b));
            LockSupport.parkNanos(TEAR_PAUSE_NANOS);
            link.write(java.util.Arrays.copyOfRange(bytes, b, bytes.length));
        } else {
            link.write(bytes);
        }
    }

    private void requireNotStarted() {
        if (started) {
            throw new IllegalStateException("already started");
        }
    }
}
