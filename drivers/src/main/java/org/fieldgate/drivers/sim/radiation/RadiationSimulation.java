package org.fieldgate.drivers.sim.radiation;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.sim.ScalarSimulation;

/**
 * A Geiger counter: each reading is a Poisson count of the last minute, of mean background (plus, from
 * {@code plumeAt} for {@code plumeLength}, a plume rising and falling as a raised cosine to
 * {@code plumeFactor} × background); {@code dose_usv_h = cpm / cpm_per_usv_h}.
 *
 * @param plumeAt scenario time of the plume, or null for none
 */
final class RadiationSimulation implements ScalarSimulation {

    static final ChannelSpec CPM = ChannelSpec.scalar("cpm", "cpm", 0, 1_000_000);
    static final ChannelSpec DOSE = ChannelSpec.scalar("dose_usv_h", "uSv/h", 0, 10_000);

    private final double backgroundCpm;
    private final Duration plumeAt;
    private final double plumeFactor;
    private final Duration plumeLength;
    private final double cpmPerUsvH;
    private final Random random;

    RadiationSimulation(double backgroundCpm, Duration plumeAt, double plumeFactor, Duration plumeLength,
                        double cpmPerUsvH, long seed) {
        this.backgroundCpm = backgroundCpm;
        this.plumeAt = plumeAt;
        this.plumeFactor = plumeFactor;
        this.plumeLength = plumeLength;
        this.cpmPerUsvH = cpmPerUsvH;
        this.random = new Random(seed);
    }

    /** The mean count rate at {@code sinceStart}. */
    double meanCpm(Duration sinceStart) {
        if (plumeAt == null || sinceStart.compareTo(plumeAt) < 0 || sinceStart.compareTo(plumeAt.plus(plumeLength)) > 0) {
            return backgroundCpm;
        }
        double phase = sinceStart.minus(plumeAt).toMillis() / (double) plumeLength.toMillis();
        return backgroundCpm * (1 + (plumeFactor - 1) * (1 - Math.cos(2 * Math.PI * phase)) / 2);
    }

    @Override
    public List<Reading> readingsAt(long epochMillis, Duration sinceStart) {
        long cpm = poisson(meanCpm(sinceStart));
        double dose = Math.round(cpm / cpmPerUsvH * 10_000.0) / 10_000.0;
        return List.of(new Reading(CPM.name(), epochMillis, cpm, Quality.OK),
                new Reading(DOSE.name(), epochMillis, dose, DOSE.inRange(dose) ? Quality.OK : Quality.SUSPECT));
    }

    /** A Poisson count: Knuth's method for small means, a rounded normal for large ones. */
    private long poisson(double lambda) {
        if (lambda > 500) {
            return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.nextGaussian()));
        }
        double limit = Math.exp(-lambda);
        double p = 1;
        long k = 0;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > limit);
        return k - 1;
    }
}
