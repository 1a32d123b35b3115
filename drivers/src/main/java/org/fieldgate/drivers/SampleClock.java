package org.fieldgate.drivers;

import java.time.Clock;
import java.util.Objects;

/**
 * Times the samples of a stream that arrives in blocks at a nominal sample rate (an accelerometer's
 * FIFO, a digitizer's frames): sample {@code n} after the anchor is at {@code anchor + n / rate}.
 *
 * <p>Spacing stays exact, and samples known to be lost (a sample-counter gap) keep their place, so a
 * gap shows in the times instead of being closed up. The anchor is disciplined against the wall clock
 * at which blocks are read, in steps of at most a quarter sample period per block, so the times stay
 * continuous within half a sample (miniSEED's tolerance) while they follow the clock:
 * <ul>
 *   <li>a sample cannot have been taken after it was read: when the last sample of a block would lie
 *       in the future, the anchor moves back;</li>
 *   <li>when, over a {@value #WINDOW_MS} ms window, every block was read more than a sample period
 *       after its last sample, the anchor moves forward by that least lateness (a slow oscillator);</li>
 *   <li>the real rate is measured: the slope of the least-late read times against the sample count
 *       over at least {@value #MIN_SPAN_MS} ms replaces the nominal period (within ±10 %), since a
 *       sensor's oscillator can be percents off (OpenEEW's ADXL355 units labelled 31.25 Hz sample at
 *       30.06 Hz);</li>
 *   <li>when a block's last sample would lie more than {@code maxStepMs} in the future (a clock step
 *       back), or every block of a window was read more than {@code maxStepMs} late (a clock step
 *       forward, samples lost unnoticed), the clock starts again from the block's read time and
 *       {@link #place} reports it as a {@link Placement#resynced() resync}: never papered over. A
 *       reader that stalls and then catches up on buffered samples is only late for a while: its
 *       least-late reads show no step, so its times go on.</li>
 * </ul>
 * Not thread-safe: one reader thread per stream.
 */
public final class SampleClock {

    static final long WINDOW_MS = 2_000;
    /** Read times over at least this span measure the real rate. */
    static final long MIN_SPAN_MS = 10_000;

    private final Clock clock;
    private final double nominalPeriodMs;
    private double periodMs;
    private final long maxStepMs;
    /** Samples since the clock (re)started, and the least-late read of the current window. */
    private long count;
    private double bestTime;
    private long bestCount;
    private double firstTime = Double.NaN;
    private long firstCount;
    private double anchor = Double.NaN;
    private long index;
    private double pendingCorrection;
    private double leastLateness = Double.POSITIVE_INFINITY;
    private long windowStart;
    private long resyncs;
    private int readsInWindow;

    /**
     * @param sampleRate nominal samples per second
     * @param maxStepMs  times off the clock by more than this start again (a reported resync)
     */
    public SampleClock(double sampleRate, Clock clock, long maxStepMs) {
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        if (maxStepMs <= 0) {
            throw new IllegalArgumentException("maxStepMs must be positive, got " + maxStepMs);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nominalPeriodMs = 1000.0 / sampleRate;
        this.periodMs = nominalPeriodMs;
        this.maxStepMs = maxStepMs;
    }

    /** With a one-second resync threshold. */
    public SampleClock(double sampleRate, Clock clock) {
        this(sampleRate, clock, 1000);
    }

    /**
     * Where a block falls in time.
     *
     * @param t0       time of the block's first sample, ms since the epoch
     * @param resynced true when the clock started again at this block (times jumped)
     * @param rate     samples per second the block's samples are spaced at: the nominal rate until
     *                 the real one is measured (put it in the {@code WaveformPacket})
     */
    public record Placement(long t0, boolean resynced, double rate) {
    }

    /**
     * Places a block of {@code n} samples whose last sample has just been read.
     *
     * @param skipped samples known to be lost just before this block (from a sample counter), 0 if none
     */
    public Placement place(int n, long skipped) {
        if (n <= 0) {
            throw new IllegalArgumentException("a block has at least one sample, got " + n);
        }
        if (skipped < 0) {
            throw new IllegalArgumentException("skipped must be >= 0, got " + skipped);
        }
        long now = clock.millis();
        if (Double.isNaN(anchor)) {
            startAt(now, n);
            return new Placement(Math.round(anchor), false, measuredRate());
        }
        index += skipped;
        count += skipped + n;
        double lateness = now - (anchor + (index + n - 1) * periodMs);
        readsInWindow++;
        boolean lateAllWindow = now - windowStart >= WINDOW_MS && readsInWindow >= 3
                && Math.min(leastLateness, lateness) > maxStepMs;
        if (lateness < -maxStepMs || lateAllWindow) {
            resyncs++;
            startAt(now, n);
            return new Placement(Math.round(anchor), true, measuredRate());
        }
        discipline(now, lateness);
        long t0 = Math.round(anchor + index * periodMs);
        index += n;
        return new Placement(t0, false, measuredRate());
    }

    /**
     * The measured sample rate (the nominal one until measured), samples per second, to 0.001 Hz. It
     * changes only when the measurement moves by more than {@value #RATE_STEP_PPM} ppm, so that a
     * crystal's drift never changes it and blocks keep one rate.
     */
    public double measuredRate() {
        return Math.round(1_000_000.0 / periodMs) / 1000.0;
    }

    static final double RATE_STEP_PPM = 1000;

    /** How often the clock started again. */
    public long resyncs() {
        return resyncs;
    }

    /** Forgets the anchor: the next block starts the clock again (after a reconnect), not a resync. */
    public void reset() {
        anchor = Double.NaN;
    }

    private void startAt(long now, int n) {
        anchor = now - (n - 1) * periodMs;
        index = n;
        count = n;
        firstTime = Double.NaN;
        pendingCorrection = 0;
        leastLateness = Double.POSITIVE_INFINITY;
        windowStart = now;
        readsInWindow = 0;
    }

    /**
     * The slope of the least-late read times against the sample count since the first window; the
     * next sample keeps its time when the period changes.
     */
    private void measureRate() {
        if (Double.isNaN(firstTime)) {
            firstTime = bestTime;
            firstCount = bestCount;
            return;
        }
        if (bestTime - firstTime < MIN_SPAN_MS || bestCount <= firstCount) {
            return;
        }
        double measured = (bestTime - firstTime) / (bestCount - firstCount);
        double period = Math.max(nominalPeriodMs * 0.9, Math.min(nominalPeriodMs * 1.1, measured));
        if (Math.abs(period / periodMs - 1) * 1e6 <= RATE_STEP_PPM) {
            return; // within a crystal's drift: the discipline follows it
        }
        period = 1000.0 / (Math.round(1_000_000.0 / period) / 1000.0); // a rate to 0.001 Hz
        anchor += index * (periodMs - period);
        periodMs = period;
    }

    private void discipline(long now, double lateness) {
        if (lateness < 0) {
            pendingCorrection = Math.min(pendingCorrection, lateness); // from the future: move back
        }
        if (lateness < leastLateness) {
            leastLateness = lateness;
            bestTime = now;
            bestCount = count;
        }
        if (now - windowStart >= WINDOW_MS) {
            measureRate();
            if (leastLateness > periodMs) {
                pendingCorrection = Math.max(pendingCorrection, leastLateness - periodMs / 2);
            }
            leastLateness = Double.POSITIVE_INFINITY;
            windowStart = now;
            readsInWindow = 0;
        }
        double step = Math.max(-periodMs / 4, Math.min(periodMs / 4, pendingCorrection));
        anchor += step;
        pendingCorrection -= step;
    }
}
