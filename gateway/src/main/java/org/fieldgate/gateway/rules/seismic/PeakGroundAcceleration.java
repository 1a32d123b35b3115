package org.fieldgate.gateway.rules.seismic;

/**
 * Vector peak ground acceleration: the largest {@code sqrt(x² + y² + z²)} over the samples seen, in
 * the units of the samples. Use it in batch ({@link #vector}) or live ({@link #add}).
 */
final class PeakGroundAcceleration {

    /** A peak and the index of the sample (counted from the first one added) where it occurred. */
    public record Peak(long index, double value) {
    }

    private long count;
    private long peakIndex = -1;
    private double peakSquared = -1;

    /** Adds one three-axis sample; returns its vector magnitude. */
    public double add(double x, double y, double z) {
        double sq = x * x + y * y + z * z;
        if (sq > peakSquared) {
            peakSquared = sq;
            peakIndex = count;
        }
        count++;
        return Math.sqrt(sq);
    }

    /** The peak so far, or index −1 and value 0 when no sample was added. */
    public Peak peak() {
        return peakIndex < 0 ? new Peak(-1, 0.0) : new Peak(peakIndex, Math.sqrt(peakSquared));
    }

    /** Vector PGA over equally long axis arrays. */
    public static Peak vector(double[] x, double[] y, double[] z) {
        if (x.length != y.length || y.length != z.length) {
            throw new IllegalArgumentException("axis lengths differ: " + x.length + "/" + y.length
                    + "/" + z.length);
        }
        PeakGroundAcceleration pga = new PeakGroundAcceleration();
        for (int i = 0; i < x.length; i++) {
            pga.add(x[i], y[i], z[i]);
        }
        return pga.peak();
    }
}
