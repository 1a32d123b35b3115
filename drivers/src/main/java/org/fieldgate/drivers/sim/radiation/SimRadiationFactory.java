package org.fieldgate.drivers.sim.radiation;

import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.ConfigProblems;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.drivers.sim.ScalarSimDriver;

/** {@code sim-radiation}: a Geiger counter with a scheduled plume, for the demo and load tests. */
public final class SimRadiationFactory implements DriverFactory<SimRadiationConfig> {

    public static final String ID = "sim-radiation";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<SimRadiationConfig> configType() {
        return SimRadiationConfig.class;
    }

    @Override
    public List<String> validate(SimRadiationConfig config) {
        return check(config).list();
    }

    private static ConfigProblems check(SimRadiationConfig config) {
        SimRadiationConfig.Scenario s = config.scenario();
        ConfigProblems p = new ConfigProblems("scenario.");
        p.check(s.backgroundCpm() > 0 && s.backgroundCpm() < 1_000_000, "background_cpm", "must be above 0");
        p.check(s.plumeFactor() >= 1 && s.plumeFactor() <= 10_000, "plume_factor", "must be from 1 to 10000");
        p.check(s.cpmPerUsvH() > 0, "cpm_per_usv_h", "must be above 0");
        if (!s.plumeAt().equals("never")) {
            p.duration("plume_at", s.plumeAt());
        }
        Duration length = p.duration("plume_length", s.plumeLength());
        if (length != null) {
            p.check(!length.isZero(), "plume_length", "must be positive");
        }
        return p;
    }

    @Override
    public List<ChannelSpec> channels(SimRadiationConfig config) {
        return List.of(RadiationSimulation.CPM, RadiationSimulation.DOSE);
    }

    @Override
    public Duration defaultEvery() {
        return Duration.ofMinutes(1);
    }

    @Override
    public Driver create(DriverContext context, SimRadiationConfig config) {
        return new ScalarSimDriver(context, simulation(config));
    }

    /** The thread-free model of {@code config}; throws IllegalArgumentException when it is invalid. */
    static RadiationSimulation simulation(SimRadiationConfig config) {
        check(config).throwIfAny(ID);
        SimRadiationConfig.Scenario s = config.scenario();
        return new RadiationSimulation(s.backgroundCpm(), s.plumeAt().equals("never") ? null : DurationText.parse(s.plumeAt()),
                s.plumeFactor(), DurationText.parse(s.plumeLength()), s.cpmPerUsvH(), s.seed());
    }
}
