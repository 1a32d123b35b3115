package org.fieldgate.drivers.adxl355;

import java.util.Locale;

/**
 * Startup offset calibration, on the assumption that the sensor is still and mounted level with z
 * vertical (up): over the window, the mean of x and of y should be 0 and the mean of z +1 g; the
 * differences are the offsets. Averaging a few seconds beats the noise down far below a micro-g.
 *
 * <p>The window is rejected (no offsets come of it) when the sensor was not still (an axis's standard
 * deviation above {@link #MAX_STD_MS2}, about what people feel) or when an offset would exceed
 * {@link #MAX_OFFSET_MS2} (0.15 g: twice the datasheet's worst zero-g offset, so it is a tilted or
 * upside-down sensor, not an offset). Pure: fed samples, no I/O.
 */
final class Adxl355Calibration {

    /** Standard deviation per axis above which the station was shaking, m/s² (5 gal). */
    static final double MAX_STD_MS2 = 0.05;
    /** Largest offset accepted, m/s² (0.15 g). */
    static final double MAX_OFFSET_MS2 = 0.15 * Adxl355Codec.STANDARD_GRAVITY;

    private final int needed;
    private final double[] sum = new double[3];
    private final double[] sumSq = new double[3];
    private int n;

    /** @param needed triplets in the window (at least 1) */
    Adxl355Calibration(int needed) {
        if (needed < 1) {
            throw new IllegalArgumentException("a calibration needs at least one sample, got " + needed);
        }
        this.needed = needed;
    }

    /** Adds one triplet (m/s², uncorrected). */
    void add(double x, double y, double z) {
        if (n >= needed) {
            return;
        }
        double[] v = {x, y, z};
        for (int a = 0; a < 3; a++) {
            sum[a] += v[a];
            sumSq[a] += v[a] * v[a];
        }
        n++;
    }

    boolean complete() {
        return n >= needed;
    }

    int needed() {
        return needed;
    }

    /**
     * The outcome of a complete window.
     *
     * @param offsets  the offsets, or null when the window was rejected
     * @param verdict  one line for the log: what was measured and why it was kept or rejected
     */
    record Result(Adxl355Offsets offsets, String verdict) {
    }

    Result result(long now) {
        double[] mean = new double[3];
        double maxStd = 0;
        for (int a = 0; a < 3; a++) {
            mean[a] = sum[a] / n;
            double var = Math.max(0, sumSq[a] / n - mean[a] * mean[a]);
            maxStd = Math.max(maxStd, Math.sqrt(var));
        }
        Adxl355Offsets offsets = new Adxl355Offsets(mean[0], mean[1], mean[2] - Adxl355Codec.STANDARD_GRAVITY, now, n);
        String measured = String.format(Locale.ROOT, "means x %.4f, y %.4f, z %.4f m/s2, largest std %.4f m/s2 over %d"
                + " samples", mean[0], mean[1], mean[2], maxStd, n);
        if (maxStd > MAX_STD_MS2) {
            return new Result(null, measured + ": not still (std above " + MAX_STD_MS2 + " m/s2)");
        }
        double largest = Math.max(Math.abs(offsets.x()), Math.max(Math.abs(offsets.y()), Math.abs(offsets.z())));
        if (largest > MAX_OFFSET_MS2) {
            return new Result(null, measured + String.format(Locale.ROOT, ": an offset of %.3f m/s2 is above %.3f:"
                    + " the sensor is not level with z up", largest, MAX_OFFSET_MS2));
        }
        return new Result(offsets, measured);
    }
}
