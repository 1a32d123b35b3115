package org.fieldgate.drivers.sim.airquality;

import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.drivers.ConfigProblems;
import org.fieldgate.drivers.sim.ScalarSimDriver;

/** {@code sim-air-quality}: a roadside particle counter with a daily cycle and a pollution episode. */
public final class SimAirQualityFactory implements DriverFactory<SimAirQualityConfig> {

    public static final String ID = "sim-air-quality";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<SimAirQualityConfig> configType() {
        return SimAirQualityConfig.class;
    }

    @Override
    public List<String> validate(SimAirQualityConfig config) {
        return check(config).list();
    }

    private static ConfigProblems check(SimAirQualityConfig config) {
        SimAirQualityConfig.Scenario s = config.scenario();
        ConfigProblems p = new ConfigProblems("scenario.");
        p.check(s.basePm25() >= 0 && s.basePm25() <= 1000, "base_pm2_5", "must be between 0 and 1000");
        p.check(s.episodePeakPm25() >= 0, "episode_peak_pm2_5", "must not be negative");
        p.check(s.utcOffsetHours() >= -12 && s.utcOffsetHours() <= 14, "utc_offset_h",
                "must be between -12 and 14");
        p.duration("episode_at", s.episodeAt());
        Duration length = p.duration("episode_duration", s.episodeDuration());
        if (length != null) {
            p.check(!length.isZero(), "episode_duration", "must be positive");
        }
        return p;
    }

    @Override
    public List<ChannelSpec> channels(SimAirQualityConfig config) {
        return List.of(AirQualitySimulation.PM1_0, AirQualitySimulation.PM2_5, AirQualitySimulation.PM10);
    }

    @Override
    public Driver create(DriverContext context, SimAirQualityConfig config) {
        return new ScalarSimDriver(context, simulation(config));
    }

    /** The thread-free model of {@code config}; throws IllegalArgumentException when it is invalid. */
    public static AirQualitySimulation simulation(SimAirQualityConfig config) {
        check(config).throwIfAny(ID);
        SimAirQualityConfig.Scenario s = config.scenario();
        Pm25Profile profile = new Pm25Profile(s.basePm25(), DurationText.parse(s.episodeAt()),
                DurationText.parse(s.episodeDuration()), s.episodePeakPm25(), s.utcOffsetHours());
        return new AirQualitySimulation(profile, s.seed());
    }
}
