package org.fieldgate.gateway.pipeline;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.WaveformPacket;

/**
 * A growing contiguous run of multi-axis samples, turned into a {@link WaveformPacket} when done.
 * Knows whether a next block continues it: same rate, unit and axes, and a first sample within half a
 * sample period of where the previous block's next sample was due (libmseed's default time
 * tolerance), so the small corrections of a disciplined sample clock continue a run however long it
 * grows, and a lost sample does not.
 */
final class SampleBlock {

    private long t0;
    private double rate;
    private String unit;
    private List<String> axes = List.of();
    private double[][] samples = new double[0][];
    private int length;
    /** Samples already handed out by {@link #unstaged}. */
    private int staged;
    /** When the sample after the last appended block is due, by that block's own time. */
    private double nextDue;

    boolean isEmpty() {
        return length == 0;
    }

    int length() {
        return length;
    }

    long t0() {
        return t0;
    }

    /** Time of sample {@code i} of the run, ms since the epoch. */
    long timeOf(int i) {
        return t0 + Math.round(i * 1000.0 / rate);
    }

    /** True when sample 0 of {@code p} is the next sample of this (non-empty) run. */
    boolean continuedBy(WaveformPacket p) {
        if (isEmpty() || p.sampleRate() != rate || !p.unit().equals(unit)
                || !axes.equals(List.copyOf(p.axes().keySet()))) {
            return false;
        }
        return Math.abs(p.t0() - nextDue) <= 500.0 / rate;
    }

    /** Appends samples {@code [from, to)} of {@code p}; starts the run when empty. */
    void append(WaveformPacket p, int from, int to) {
        if (isEmpty()) {
            t0 = p.t0() + Math.round(from * 1000.0 / p.sampleRate());
            rate = p.sampleRate();
            unit = p.unit();
            axes = List.copyOf(p.axes().keySet());
            if (samples.length != axes.size()) {
                samples = new double[axes.size()][64];
            }
        }
        int n = to - from;
        int a = 0;
        for (double[] values : p.axes().values()) {
            if (samples[a].length < length + n) {
                samples[a] = Arrays.copyOf(samples[a], Math.max(length + n, samples[a].length * 2));
            }
            System.arraycopy(values, from, samples[a], length, n);
            a++;
        }
        length += n;
        nextDue = p.t0() + to * 1000.0 / p.sampleRate();
    }

    /** The run as a packet, and empties it; null when empty. */
    WaveformPacket take() {
        if (isEmpty()) {
            return null;
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int a = 0; a < axes.size(); a++) {
            out.put(axes.get(a), Arrays.copyOf(samples[a], length));
        }
        length = 0;
        staged = 0;
        return new WaveformPacket(t0, rate, unit, out);
    }

    /**
     * The samples appended since the last call (all of them when {@code all}), as a packet, for the
     * pipeline to stage on disk; null when there are none.
     */
    WaveformPacket unstaged(boolean all) {
        int from = all ? 0 : staged;
        if (length <= from) {
            return null;
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int a = 0; a < axes.size(); a++) {
            out.put(axes.get(a), Arrays.copyOfRange(samples[a], from, length));
        }
        staged = length;
        return new WaveformPacket(timeOf(from), rate, unit, out);
    }
}
