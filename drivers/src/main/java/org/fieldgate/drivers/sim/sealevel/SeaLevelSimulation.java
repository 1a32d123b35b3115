package org.fieldgate.drivers.sim.sealevel;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.sim.ScalarSimulation;

/** A tide gauge: {@code sea_level_m}, the true level plus Gaussian noise (seeded), to the millimetre. */
final class SeaLevelSimulation implements ScalarSimulation {

    static final ChannelSpec SEA_LEVEL = ChannelSpec.scalar("sea_level_m", "m", -10, 30);

    private final TideAndTsunami sea;
    private final double noiseM;
    private final Random noise;

    SeaLevelSimulation(TideAndTsunami sea, double noiseM, long seed) {
        this.sea = sea;
        this.noiseM = noiseM;
        this.noise = new Random(seed);
    }

    @Override
    public List<Reading> readingsAt(long epochMillis, Duration sinceStart) {
        double level = Math.round((sea.levelAt(sinceStart) + noiseM * noise.nextGaussian()) * 1000.0) / 1000.0;
        return List.of(new Reading(SEA_LEVEL.name(), epochMillis, level,
                SEA_LEVEL.inRange(level) ? Quality.OK : Quality.SUSPECT));
    }
}
