package org.fieldgate.drivers.raingauge;

import java.time.Duration;

/**
 * Turns an interval's tips into rain: {@code rain_mm = tips × mm_per_tip}, the intensity over the
 * interval in mm/h, and the running total. Pure; amounts are rounded to 0.1 µm so that sums of
 * 0.2 mm tips stay exact in the output (no 0.6000000001).
 */
final class RainTally {

    /** One interval's result. */
    record Interval(double rainMm, double intensityMmH, double totalMm) {
    }

    private final double mmPerTip;
    private double totalMm;

    RainTally(double mmPerTip, double startTotalMm) {
        this.mmPerTip = mmPerTip;
        this.totalMm = startTotalMm;
    }

    /** Closes an interval of {@code elapsed} with {@code tips} tips. */
    Interval close(long tips, Duration elapsed) {
        double rain = round(tips * mmPerTip, 4);
        totalMm = round(totalMm + rain, 4);
        long ms = elapsed.toMillis();
        double intensity = ms <= 0 ? 0 : round(rain * 3_600_000.0 / ms, 3);
        return new Interval(rain, intensity, totalMm);
    }

    double totalMm() {
        return totalMm;
    }

    private static double round(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }
}
