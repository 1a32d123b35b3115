package org.fieldgate.drivers.sim.airquality;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.sim.ScalarSimulation;

/**
 * A laser particle counter (PMS5003-like) at the kiosk: {@code pm2_5} from a {@link Pm25Profile},
 * {@code pm10 ≈ 1.6 × pm2_5} and {@code pm1_0 ≈ 0.7 × pm2_5}, each with 5 % multiplicative Gaussian
 * noise from a seeded {@link Random}; never negative, {@code pm1_0 ≤ pm2_5 ≤ pm10} as a real
 * counter's cumulative bins are, rounded to 0.1 µg/m³.
 */
public final class AirQualitySimulation implements ScalarSimulation {

    static final ChannelSpec PM1_0 = ChannelSpec.scalar("pm1_0", "ug/m3", 0, 1000);
    static final ChannelSpec PM2_5 = ChannelSpec.scalar("pm2_5", "ug/m3", 0, 1000);
    static final ChannelSpec PM10 = ChannelSpec.scalar("pm10", "ug/m3", 0, 1000);
    private static final double RELATIVE_NOISE = 0.05;

    private final Pm25Profile profile;
    private final Random noise;

    public AirQualitySimulation(Pm25Profile profile, long seed) {
        this.profile = profile;
        this.noise = new Random(seed);
    }

    public Pm25Profile profile() {
        return profile;
    }

    @Override
    public List<Reading> readingsAt(long epochMillis, Duration sinceStart) {
        double truth = profile.pm25At(epochMillis, sinceStart);
        double pm25 = noisy(truth);
        double pm1 = Math.min(noisy(0.7 * truth), pm25);
        double pm10 = Math.max(noisy(1.6 * truth), pm25);
        return List.of(reading(PM1_0, epochMillis, pm1), reading(PM2_5, epochMillis, pm25),
                reading(PM10, epochMillis, pm10));
    }

    private double noisy(double value) {
        double v = value * (1 + RELATIVE_NOISE * noise.nextGaussian());
        return Math.round(Math.max(0, v) * 10) / 10.0;
    }

    private static Reading reading(ChannelSpec spec, long time, double value) {
        return new Reading(spec.name(), time, value, spec.inRange(value) ? Quality.OK : Quality.SUSPECT);
    }
}
