package org.fieldgate.drivers.seismicserial;

import java.util.Arrays;

/**
 * One FGS1 frame of a serial digitizer (docs/drivers/seismic-serial.md): {@code n} samples of one or
 * three axes, as ADC counts, with the board's sample rate and the index of the first sample.
 *
 * @param axes        1 (z only) or 3 (x, y, z)
 * @param rateCentiHz the board's sample rate in 0.01 Hz (3125 = 31.25 Hz), 0 … 65535 (0 matches no
 *                    configured rate)
 * @param counter     index of the frame's first sample since the board booted, 0 … 2³²−1 (wraps)
 * @param counts      {@code n × axes} signed 24-bit counts, interleaved per sample (x, y, z, x, …)
 */
public record Fgs1Frame(int axes, int rateCentiHz, long counter, int[] counts) {

    /** Most samples per axis in one frame. */
    public static final int MAX_SAMPLES = 64;
    static final int MIN_COUNT = -(1 << 23);
    static final int MAX_COUNT = (1 << 23) - 1;

    public Fgs1Frame {
        if (axes != 1 && axes != 3) {
            throw new IllegalArgumentException("axes must be 1 or 3, got " + axes);
        }
        if (rateCentiHz < 0 || rateCentiHz > 0xFFFF) {
            throw new IllegalArgumentException("rate must be 0 … 65535 (0.01 Hz), got " + rateCentiHz);
        }
        if (counter < 0 || counter > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("counter must be an unsigned 32-bit value, got " + counter);
        }
        if (counts.length == 0 || counts.length % axes != 0 || counts.length / axes > MAX_SAMPLES) {
            throw new IllegalArgumentException("a frame holds 1 … 64 samples of " + axes + " axes, got "
                    + counts.length + " counts");
        }
        for (int c : counts) {
            if (c < MIN_COUNT || c > MAX_COUNT) {
                throw new IllegalArgumentException("count " + c + " does not fit in 24 bits");
            }
        }
        counts = counts.clone();
    }

    /** Samples per axis. */
    public int n() {
        return counts.length / axes;
    }

    /** The count of sample {@code i} on axis {@code axis} (0 = x, or z when there is one axis). */
    public int count(int i, int axis) {
        return counts[i * axes + axis];
    }

    /** Samples per second. */
    public double sampleRate() {
        return rateCentiHz / 100.0;
    }

    @Override
    public int[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fgs1Frame f && f.axes == axes && f.rateCentiHz == rateCentiHz
                && f.counter == counter && Arrays.equals(f.counts, counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts) * 31 + Long.hashCode(counter);
    }

    @Override
    public String toString() {
        return "Fgs1Frame[axes=" + axes + ", rate=" + sampleRate() + " Hz, counter=" + counter + ", n=" + n() + "]";
    }
}
