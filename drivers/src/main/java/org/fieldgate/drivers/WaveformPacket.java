package org.fieldgate.drivers;

import java.util.Map;
import java.util.Objects;

/**
 * A contiguous block of samples of a multi-axis waveform. Drivers deliver blocks as they read them
 * (an accelerometer's FIFO, a few digitizer frames: tens of milliseconds), so on-site detection sees
 * every sample at once; the gateway assembles the uplink's one-second packets. Sample {@code i} is at
 * {@code t0 + i * 1000 / sampleRate}; a driver times blocks with {@link SampleClock}, so lost samples
 * show as a jump in {@code t0}.
 *
 * @param t0         time of the first sample, ms since the Unix epoch
 * @param sampleRate samples per second
 * @param unit       unit of every axis, e.g. {@code m/s2}
 * @param axes       axis name ({@code x}, {@code y}, {@code z}) to samples, all the same length, in
 *                   a stable order
 */
public record WaveformPacket(long t0, double sampleRate, String unit, Map<String, double[]> axes) {
    public WaveformPacket {
        Objects.requireNonNull(unit, "unit");
        axes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(axes));
        int n = -1;
        for (var e : axes.entrySet()) {
            if (n >= 0 && e.getValue().length != n) {
                throw new IllegalArgumentException("axis " + e.getKey() + " has " + e.getValue().length
                        + " samples, expected " + n);
            }
            n = e.getValue().length;
        }
    }

    /** Samples {@code [from, to)} of every axis, as a packet starting at sample {@code from}'s time. */
    public WaveformPacket slice(int from, int to) {
        if (from < 0 || to > length() || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + length() + " samples");
        }
        if (from == 0 && to == length()) {
            return this;
        }
        Map<String, double[]> part = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, double[]> a : axes.entrySet()) {
            part.put(a.getKey(), java.util.Arrays.copyOfRange(a.getValue(), from, to));
        }
        return new WaveformPacket(t0 + Math.round(from * 1000.0 / sampleRate), sampleRate, unit, part);
    }

    /** Number of samples per axis. */
    public int length() {
        return axes.isEmpty() ? 0 : axes.values().iterator().next().length;
    }
}
