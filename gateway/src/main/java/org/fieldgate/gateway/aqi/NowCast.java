package org.fieldgate.gateway.aqi;

import java.util.OptionalDouble;

/**
 * The 12-hour NowCast for particulate matter.
 *
 * <p>US EPA (Technical Assistance Document for the Reporting of Daily Air Quality, EPA-454/B-24-002,
 * May 2024, "How the NowCast is calculated"): take the last 12 hourly averages c1 (most recent) …
 * c12; the weight factor is w* = cmin/cmax over the valid hours of those 12, floored at 0.5 for PM
 * (w = max(w*, 0.5)); NowCast = Σ w^(i−1)·ci / Σ w^(i−1) over the valid hours; at least 2 of the 3
 * most recent hours (c1, c2, c3) must be valid, otherwise there is no NowCast for the hour.
 *
 * <p>Vietnam's Decision 1459/QĐ-TCMT (12 Nov 2019, Hướng dẫn kỹ thuật tính toán và công bố chỉ số
 * chất lượng không khí Việt Nam, section on the hourly AQI for PM) uses the same w-weighted form
 * with w* = cmin/cmax and w = w* when w* &gt; 1/2, else 1/2.
 *
 * <p>This class computes the raw NowCast; {@link Pollutant#truncate(double)} gives the published
 * value.
 */
public final class NowCast {

    /** Hours in the window. */
    public static final int HOURS = 12;
    /** The PM floor of the weight factor. */
    public static final double MIN_WEIGHT = 0.5;

    private NowCast() {
    }

    /**
     * The NowCast of up to 12 hourly averages, {@code hourly[0]} the most recent hour; a missing or
     * invalid hour is {@code NaN} (or a negative value such as −999, or absent when the array is
     * shorter). Empty when fewer than 2 of the 3 most recent hours are valid.
     */
    public static OptionalDouble of(double[] hourly) {
        int n = Math.min(hourly.length, HOURS);
        int recent = 0;
        for (int i = 0; i < Math.min(3, n); i++) {
            if (valid(hourly[i])) {
                recent++;
            }
        }
        if (recent < 2) {
            return OptionalDouble.empty();
        }
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int i = 0; i < n; i++) {
            if (valid(hourly[i])) {
                min = Math.min(min, hourly[i]);
                max = Math.max(max, hourly[i]);
            }
        }
        double w = max == 0 ? 1.0 : Math.max(min / max, MIN_WEIGHT);
        double sum = 0;
        double weights = 0;
        double wi = 1.0; // w^(i-1)
        for (int i = 0; i < n; i++) {
            if (valid(hourly[i])) {
                sum += wi * hourly[i];
                weights += wi;
            }
            wi *= w;
        }
        return OptionalDouble.of(sum / weights);
    }

    /** The NowCast of {@code pollutant}, truncated per EPA (0.1 µg/m³ PM2.5, 1 µg/m³ PM10). */
    public static OptionalDouble truncated(Pollutant pollutant, double[] hourly) {
        OptionalDouble raw = of(hourly);
        return raw.isPresent() ? OptionalDouble.of(pollutant.truncate(raw.getAsDouble())) : raw;
    }

    private static boolean valid(double v) {
        return Double.isFinite(v) && v >= 0;
    }
}
