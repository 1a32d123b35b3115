package org.fieldgate.drivers.sim.seismic;

import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.drivers.ConfigProblems;

/**
 * {@code sim-seismic}: a 3-axis accelerometer in a seismic vault, with an earthquake on cue. It
 * always emits one-second waveform packets; {@code every} does not apply.
 */
public final class SimSeismicFactory implements DriverFactory<SimSeismicConfig> {

    public static final String ID = "sim-seismic";
    /** ±4 g, the range of a typical strong-motion MEMS accelerometer. */
    static final double RANGE = 39.2;
    private static final List<ChannelSpec> CHANNELS = List.of(
            ChannelSpec.axis("x", SeismicSimulation.UNIT, -RANGE, RANGE),
            ChannelSpec.axis("y", SeismicSimulation.UNIT, -RANGE, RANGE),
            ChannelSpec.axis("z", SeismicSimulation.UNIT, -RANGE, RANGE));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<SimSeismicConfig> configType() {
        return SimSeismicConfig.class;
    }

    @Override
    public List<String> validate(SimSeismicConfig config) {
        return check(config).list();
    }

    private static ConfigProblems check(SimSeismicConfig config) {
        SimSeismicConfig.Scenario s = config.scenario();
        ConfigProblems p = new ConfigProblems("scenario.");
        p.check(s.kind().equals("quake") || s.kind().equals("quiet"), "kind",
                "must be quake or quiet, got '" + s.kind() + "'");
        p.duration("at", s.at());
        p.check(s.magnitude() >= 0 && s.magnitude() <= 9.5, "magnitude", "must be between 0 and 9.5");
        p.check(s.distanceKm() >= 0 && s.distanceKm() <= 1000, "distance_km", "must be between 0 and 1000");
        // 25 Hz keeps the 10 Hz shaking below the Nyquist frequency
        p.check(s.sampleRate() >= 25 && s.sampleRate() <= 1000, "sample_rate", "must be between 25 and 1000");
        p.check(s.noise() >= 0 && s.noise() <= 1, "noise", "must be between 0 and 1 m/s2");
        return p;
    }

    @Override
    public List<ChannelSpec> channels(SimSeismicConfig config) {
        return CHANNELS;
    }

    @Override
    public Duration defaultEvery() {
        return Duration.ofSeconds(1);
    }

    @Override
    public Driver create(DriverContext context, SimSeismicConfig config) {
        return new SimSeismicDriver(context, simulation(config));
    }

    /** The thread-free model of {@code config}; throws IllegalArgumentException when it is invalid. */
    public static SeismicSimulation simulation(SimSeismicConfig config) {
        check(config).throwIfAny(ID);
        SimSeismicConfig.Scenario s = config.scenario();
        QuakeSignal quake = s.kind().equals("quake")
                ? new QuakeSignal(DurationText.parse(s.at()).toMillis() / 1000.0, s.magnitude(),
                        s.distanceKm(), s.sampleRate(), s.seed())
                : null;
        // the noise stream gets its own seed so that adding a quake does not change the noise
        return new SeismicSimulation(s.sampleRate(), s.noise(), quake, s.seed() * 31 + 17);
    }
}
