package org.fieldgate.drivers.sim.sealevel;

import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.ConfigProblems;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.drivers.sim.ScalarSimDriver;

/** {@code sim-sea-level}: a tide gauge with a scheduled tsunami, for the demo and load tests. */
public final class SimSeaLevelFactory implements DriverFactory<SimSeaLevelConfig> {

    public static final String ID = "sim-sea-level";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<SimSeaLevelConfig> configType() {
        return SimSeaLevelConfig.class;
    }

    @Override
    public List<String> validate(SimSeaLevelConfig config) {
        return check(config).list();
    }

    private static ConfigProblems check(SimSeaLevelConfig config) {
        SimSeaLevelConfig.Scenario s = config.scenario();
        ConfigProblems p = new ConfigProblems("scenario.");
        p.check(Double.isFinite(s.meanM()) && Math.abs(s.meanM()) < 20, "mean_m", "must be a level within ±20 m");
        p.check(s.tideM() >= 0 && s.tideM() < 10, "tide_m", "must be from 0 to 10 m");
        p.check(s.waveM() >= 0 && s.waveM() < 10, "wave_m", "must be from 0 to 10 m");
        p.check(s.noiseM() >= 0, "noise_m", "must not be negative");
        if (!s.tsunamiAt().equals("never")) {
            p.duration("tsunami_at", s.tsunamiAt());
        }
        Duration period = p.duration("period", s.period());
        Duration decay = p.duration("decay", s.decay());
        if (period != null) {
            p.check(!period.isZero(), "period", "must be positive");
        }
        if (decay != null) {
            p.check(!decay.isZero(), "decay", "must be positive");
        }
        return p;
    }

    @Override
    public List<ChannelSpec> channels(SimSeaLevelConfig config) {
        return List.of(SeaLevelSimulation.SEA_LEVEL);
    }

    @Override
    public Duration defaultEvery() {
        return Duration.ofMinutes(1);
    }

    @Override
    public Driver create(DriverContext context, SimSeaLevelConfig config) {
        return new ScalarSimDriver(context, simulation(config));
    }

    /** The thread-free model of {@code config}; throws IllegalArgumentException when it is invalid. */
    static SeaLevelSimulation simulation(SimSeaLevelConfig config) {
        check(config).throwIfAny(ID);
        SimSeaLevelConfig.Scenario s = config.scenario();
        Duration at = s.tsunamiAt().equals("never") ? null : DurationText.parse(s.tsunamiAt());
        TideAndTsunami sea = new TideAndTsunami(s.meanM(), s.tideM(), at, s.waveM(),
                DurationText.parse(s.period()), DurationText.parse(s.decay()));
        return new SeaLevelSimulation(sea, s.noiseM(), s.seed());
    }
}
