package org.fieldgate.drivers.sim.sealevel;

import java.time.Duration;

/**
 * The true sea level at a tide gauge: mean level, the principal lunar (M2, 12.42 h) and solar (S2,
 * 12 h) semi-diurnal tides, and from {@code tsunamiAt} a tsunami wave train: a sine of
 * {@code period} whose envelope rises over the first quarter period and decays with {@code decay},
 * the first crest {@code waveM} high.
 *
 * @param tsunamiAt scenario time of the arrival, or null for none
 */
record TideAndTsunami(double meanM, double tideM, Duration tsunamiAt, double waveM, Duration period, Duration decay) {

    private static final double M2_HOURS = 12.4206;
    private static final double S2_HOURS = 12.0;

    double levelAt(Duration sinceStart) {
        double hours = sinceStart.toMillis() / 3_600_000.0;
        double tide = tideM * (0.8 * Math.cos(2 * Math.PI * hours / M2_HOURS)
                + 0.2 * Math.cos(2 * Math.PI * hours / S2_HOURS + 1.1));
        return meanM + tide + tsunamiAt(sinceStart);
    }

    private double tsunamiAt(Duration sinceStart) {
        if (tsunamiAt == null || sinceStart.compareTo(tsunamiAt) <= 0) {
            return 0;
        }
        double t = sinceStart.minus(tsunamiAt).toMillis();
        double p = period.toMillis();
        double rise = Math.min(1, t / (p / 4));
        return waveM * rise * Math.exp(-t / decay.toMillis()) * Math.sin(2 * Math.PI * t / p);
    }
}
