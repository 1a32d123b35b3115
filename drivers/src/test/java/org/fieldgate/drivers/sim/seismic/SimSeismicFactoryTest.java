package org.fieldgate.drivers.sim.seismic;

import static org.assertj.core.api.Assertions.assertThat;

import org.fieldgate.drivers.ChannelSpec;
import org.junit.jupiter.api.Test;

class SimSeismicFactoryTest {

    private final SimSeismicFactory factory = new SimSeismicFactory();

    @Test
    void defaultsAreValid() {
        SimSeismicConfig.Scenario s = SimSeismicConfig.defaults().scenario();

        assertThat(factory.validate(SimSeismicConfig.defaults())).isEmpty();
        assertThat(s.seed()).isEqualTo(7L);
        assertThat(s.kind()).isEqualTo("quake");
        assertThat(s.at()).isEqualTo("60s");
        assertThat(s.magnitude()).isEqualTo(5.5);
        assertThat(s.distanceKm()).isEqualTo(20.0);
        assertThat(s.sampleRate()).isEqualTo(100);
        assertThat(s.noise()).isEqualTo(0.002);
    }

    @Test
    void reportsEveryProblemByKey() {
        SimSeismicConfig bad = new SimSeismicConfig(
                new SimSeismicConfig.Scenario(null, "tsunami", "soon", 11.0, -1.0, 10, -0.1));

        assertThat(factory.validate(bad)).containsExactlyInAnyOrder(
                "scenario.kind: must be quake or quiet, got 'tsunami'",
                "scenario.at: expected a duration like 500ms, 30s, 5m, 2h or 1d, got 'soon'",
                "scenario.magnitude: must be between 0 and 9.5",
                "scenario.distance_km: must be between 0 and 1000",
                "scenario.sample_rate: must be between 25 and 1000",
                "scenario.noise: must be between 0 and 1 m/s2");
    }

    @Test
    void reportsThreeAxesOfAStrongMotionSensor() {
        assertThat(factory.channels(SimSeismicConfig.defaults())).containsExactly(
                ChannelSpec.axis("x", "m/s2", -39.2, 39.2),
                ChannelSpec.axis("y", "m/s2", -39.2, 39.2),
                ChannelSpec.axis("z", "m/s2", -39.2, 39.2));
    }
}
