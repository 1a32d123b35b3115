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
 *   <li>when the times are off by more than {@code maxStepMs} (a clock step, a stall that lost samples
 *       unnoticed, a FIFO overrun), the clock starts again from the block's read time and
 *       {@link #place} reports it as a {@link Placement#resynced() resync}: never papered over.</li>
 * </ul>
 * Not thread-safe: one reader thread per stream.
 */
public final class SampleClock {

    static final long WINDOW_MS = 2_000;

    private final Clock clock;
    private final double periodMs;
    private final long maxStepMs;
    private double anchor = Double.NaN;
    private long index;
    private double pendingCorrection;
    private double leastLateness = Double.POSITIVE_INFINITY;
    private long windowStart;
    private long resyncs;

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
        this.periodMs = 1000.0 / sampleRate;
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
     */
    public record Placement(long t0, boolean resynced) {
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
            return new Placement(Math.round(anchor), false);
        }
        index += skipped;
        double lateness = now - (anchor + (index + n - 1) * periodMs);
        if (Math.abs(lateness) > maxStepMs) {
            resyncs++;
            startAt(now, n);
            return new Placement(Math.round(anchor), true);
        }
        discipline(now, lateness);
        long t0 = Math.round(anchor + index * periodMs);
        index += n;
        return new Placement(t0, false);
    }

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
        pendingCorrection = 0;
        leastLateness = Double.POSITIVE_INFINITY;
        windowStart = now;
    }

    private void discipline(long now, double lateness) {
        if (lateness < 0) {
            pendingCorrection = Math.min(pendingCorrection, lateness); // from the future: move back
        }
        leastLateness = Math.min(leastLateness, lateness);
        if (now - windowStart >= WINDOW_MS) {
            if (leastLateness > periodMs) {
                pendingCorrection = Math.max(pendingCorrection, leastLateness - periodMs / 2);
            }
            leastLateness = Double.POSITIVE_INFINITY;
            windowStart = now;
        }
        double step = Math.max(-periodMs / 4, Math.min(periodMs / 4, pendingCorrection));
        anchor += step;
        pendingCorrection -= step;
    }
}
