package org.fieldgate.drivers.sim.waterlevel;

import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.drivers.ConfigProblems;
import org.fieldgate.drivers.sim.ScalarSimDriver;

/** {@code sim-water-level}: a river gauge playing a flood wave, for demos and load tests. */
public final class SimWaterLevelFactory implements DriverFactory<SimWaterLevelConfig> {

    public static final String ID = "sim-water-level";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<SimWaterLevelConfig> configType() {
        return SimWaterLevelConfig.class;
    }

    @Override
    public List<String> validate(SimWaterLevelConfig config) {
        return check(config).list();
    }

    private static ConfigProblems check(SimWaterLevelConfig config) {
        SimWaterLevelConfig.Scenario s = config.scenario();
        ConfigProblems p = new ConfigProblems("scenario.");
        p.check(Double.isFinite(s.startM()), "start_m", "must be a number");
        p.check(s.peakM() > s.startM(), "peak_m", "must be above start_m");
        p.check(s.datumM() > s.peakM(), "datum_m", "must be above peak_m (the sensor hangs above the highest water)");
        p.check(s.noiseM() >= 0, "noise_m", "must not be negative");
        Duration toPeak = p.duration("time_to_peak", s.timeToPeak());
        Duration duration = p.duration("duration", s.duration());
        if (toPeak != null) {
            p.check(!toPeak.isZero(), "time_to_peak", "must be positive");
        }
        if (toPeak != null && duration != null) {
            p.check(duration.compareTo(toPeak) > 0, "duration", "must be longer than time_to_peak");
        }
        return p;
    }

    @Override
    public List<ChannelSpec> channels(SimWaterLevelConfig config) {
        return List.of(WaterLevelSimulation.STAGE, WaterLevelSimulation.DISTANCE);
    }

    @Override
    public Driver create(DriverContext context, SimWaterLevelConfig config) {
        return new ScalarSimDriver(context, simulation(config));
    }

    /** The thread-free model of {@code config}; throws IllegalArgumentException when it is invalid. */
    public static WaterLevelSimulation simulation(SimWaterLevelConfig config) {
        check(config).throwIfAny(ID);
        SimWaterLevelConfig.Scenario s = config.scenario();
        FloodHydrograph hydrograph = new FloodHydrograph(s.startM(), s.peakM(),
                DurationText.parse(s.timeToPeak()),
                DurationText.parse(s.duration()));
        return new WaterLevelSimulation(hydrograph, s.datumM(), s.noiseM(), s.seed());
    }
}
