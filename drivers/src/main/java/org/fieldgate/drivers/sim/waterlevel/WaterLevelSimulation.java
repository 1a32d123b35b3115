package org.fieldgate.drivers.sim.waterlevel;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.sim.ScalarSimulation;

/**
 * An ultrasonic range finder hung {@code datumM} above the station datum over a river in flood:
 * it measures {@code distance_m} to the water (true distance plus Gaussian noise from a seeded
 * {@link Random}) and reports {@code stage_m = datumM - distance_m}, both rounded to the millimetre.
 */
public final class WaterLevelSimulation implements ScalarSimulation {

    static final ChannelSpec STAGE = ChannelSpec.scalar("stage_m", "m", -5, 60);
    static final ChannelSpec DISTANCE = ChannelSpec.scalar("distance_m", "m", 0, 50);

    private final FloodHydrograph hydrograph;
    private final double datumM;
    private final double noiseM;
    private final Random noise;

    public WaterLevelSimulation(FloodHydrograph hydrograph, double datumM, double noiseM, long seed) {
        this.hydrograph = hydrograph;
        this.datumM = datumM;
        this.noiseM = noiseM;
        this.noise = new Random(seed);
    }

    public FloodHydrograph hydrograph() {
        return hydrograph;
    }

    @Override
    public List<Reading> readingsAt(long epochMillis, Duration sinceStart) {
        double distance = millimetres(datumM - hydrograph.stageAt(sinceStart) + noiseM * noise.nextGaussian());
        double stage = millimetres(datumM - distance);
        return List.of(reading(STAGE, epochMillis, stage), reading(DISTANCE, epochMillis, distance));
    }

    private static Reading reading(ChannelSpec spec, long time, double value) {
        return new Reading(spec.name(), time, value, spec.inRange(value) ? Quality.OK : Quality.SUSPECT);
    }

    private static double millimetres(double metres) {
        return Math.round(metres * 1000.0) / 1000.0;
    }
}
