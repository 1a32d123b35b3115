package org.fieldgate.drivers.adxl355;

/**
 * Offsets subtracted from each axis, m/s², and when they were measured.
 *
 * @param x        subtracted from x
 * @param y        subtracted from y
 * @param z        subtracted from z (so that a level, still sensor reads +1 g on z)
 * @param measured epoch ms of the calibration; 0 for {@link #NONE}
 * @param samples  triplets the offsets were averaged over
 */
record Adxl355Offsets(double x, double y, double z, long measured, int samples) {

    /** No correction (calibration off, or nothing measured yet). */
    public static final Adxl355Offsets NONE = new Adxl355Offsets(0, 0, 0, 0, 0);

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "x %.4f, y %.4f, z %.4f m/s2", x, y, z);
    }
}
