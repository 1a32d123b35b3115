package org.fieldgate.drivers.sim.airquality;

import java.time.Duration;

/**
 * The true (noise-free) PM2.5 concentration at a roadside kiosk, µg/m³: a background level that
 * follows the day's traffic, and one pollution episode.
 *
 * <ul>
 *   <li><b>Daily cycle.</b> {@code basePm25 * diurnalFactor(local hour)}: 0.7 at night and midday,
 *   a morning rush peak of 1.3 at 07:30 and an evening peak of 1.4 at 19:00 (local time =
 *   UTC + {@code utcOffsetHours}).</li>
 *   <li><b>Episode.</b> From {@code episodeAt} after the start, for {@code episodeDuration}: the
 *   concentration rises smoothly to {@code episodePeak} over the first quarter, holds it until
 *   60 %, and falls back to the background by the end (raised-cosine ramps). A peak below the
 *   background changes nothing.</li>
 * </ul>
 */
public record Pm25Profile(double basePm25, Duration episodeAt, Duration episodeDuration,
                          double episodePeak, double utcOffsetHours) {

    private static final double RISE_END = 0.25;
    private static final double FALL_START = 0.6;

    public Pm25Profile {
        if (episodeDuration.isNegative() || episodeDuration.isZero()) {
            throw new IllegalArgumentException("episodeDuration must be positive");
        }
    }

    /** PM2.5 at wall-clock {@code epochMillis}, {@code sinceStart} into the scenario. */
    public double pm25At(long epochMillis, Duration sinceStart) {
        double background = basePm25 * diurnalFactor(localHour(epochMillis));
        return background + Math.max(0, episodePeak - background) * episodeShape(sinceStart);
    }

    double localHour(long epochMillis) {
        double hours = epochMillis / 3_600_000.0 + utcOffsetHours;
        return ((hours % 24) + 24) % 24;
    }

    /** Traffic multiplier of the background at a local hour of day (0 ≤ hour < 24). */
    public static double diurnalFactor(double hour) {
        return 0.7 + 0.6 * bump(hour, 7.5, 1.5) + 0.7 * bump(hour, 19.0, 2.0);
    }

    private static double bump(double hour, double centre, double width) {
        double d = Math.abs(hour - centre);
        d = Math.min(d, 24 - d);
        return Math.exp(-0.5 * (d / width) * (d / width));
    }

    /** 0 outside the episode, 1 at its plateau. */
    double episodeShape(Duration sinceStart) {
        double u = (double) (sinceStart.toMillis() - episodeAt.toMillis()) / episodeDuration.toMillis();
        if (u <= 0 || u >= 1) {
            return 0;
        }
        if (u < RISE_END) {
            return (1 - Math.cos(Math.PI * u / RISE_END)) / 2;
        }
        if (u <= FALL_START) {
            return 1;
        }
        return (1 + Math.cos(Math.PI * (u - FALL_START) / (1 - FALL_START))) / 2;
    }
}
