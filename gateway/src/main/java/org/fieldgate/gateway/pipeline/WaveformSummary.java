package org.fieldgate.gateway.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.WaveformPacket;

/**
 * For a sensor that sends only its event windows: per axis, the peak {@code |a|} ({@code x_peak}) and
 * the RMS about the mean ({@code x_rms}, the noise level a seismologist watches) over each interval
 * aligned to the epoch (each whole minute by default), as scalar readings stamped with the start of
 * the interval. Not thread-safe.
 */
final class WaveformSummary {

    private final long intervalMs;
    private long start = Long.MIN_VALUE;
    private List<String> axes = List.of();
    private double[] peak = new double[0];
    private double[] sum = new double[0];
    private double[] sumSquares = new double[0];
    private long count;

    WaveformSummary(long intervalMs) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("interval must be positive, got " + intervalMs);
        }
        this.intervalMs = intervalMs;
    }

    /** Takes a block; returns the readings of the intervals it completed. */
    List<Reading> add(WaveformPacket block) {
        List<Reading> done = new ArrayList<>(0);
        List<String> names = List.copyOf(block.axes().keySet());
        double[][] values = block.axes().values().toArray(new double[0][]);
        for (int i = 0; i < block.length(); i++) {
            long t = block.t0() + Math.round(i * 1000.0 / block.sampleRate());
            long interval = Math.floorDiv(t, intervalMs) * intervalMs;
            if (interval != start || !names.equals(axes)) {
                done.addAll(take());
                begin(interval, names);
            }
            for (int a = 0; a < values.length; a++) {
                double v = values[a][i];
                if (Double.isFinite(v)) {
                    peak[a] = Math.max(peak[a], Math.abs(v));
                    sum[a] += v;
                    sumSquares[a] += v * v;
                }
            }
            count++;
        }
        return done;
    }

    /**
     * The readings of the interval being filled when it ended two seconds before {@code now} (samples
     * of its last moments may still be on their way from the sensor).
     */
    List<Reading> due(long now) {
        return count > 0 && start + intervalMs + 2_000 <= now ? take() : List.of();
    }

    /** The readings of the interval being filled, part-full (at shutdown). */
    List<Reading> flush() {
        return take();
    }

    private void begin(long interval, List<String> names) {
        start = interval;
        if (!names.equals(axes)) {
            axes = names;
            peak = new double[names.size()];
            sum = new double[names.size()];
            sumSquares = new double[names.size()];
        }
    }

    private List<Reading> take() {
        if (count == 0) {
            return List.of();
        }
        List<Reading> out = new ArrayList<>(axes.size() * 2);
        for (int a = 0; a < axes.size(); a++) {
            double mean = sum[a] / count;
            double rms = Math.sqrt(Math.max(0, sumSquares[a] / count - mean * mean));
            out.add(new Reading(axes.get(a) + "_peak", start, peak[a], Quality.OK));
            out.add(new Reading(axes.get(a) + "_rms", start, rms, Quality.OK));
            peak[a] = 0;
            sum[a] = 0;
            sumSquares[a] = 0;
        }
        count = 0;
        return out;
    }
}
