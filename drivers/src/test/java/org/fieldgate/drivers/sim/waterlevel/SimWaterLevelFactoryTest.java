package org.fieldgate.drivers.sim.waterlevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fieldgate.drivers.ChannelSpec;
import org.junit.jupiter.api.Test;

class SimWaterLevelFactoryTest {

    private final SimWaterLevelFactory factory = new SimWaterLevelFactory();

    @Test
    void defaultsAreValid() {
        SimWaterLevelConfig.Scenario s = SimWaterLevelConfig.defaults().scenario();

        assertThat(factory.validate(SimWaterLevelConfig.defaults())).isEmpty();
        assertThat(s.seed()).isEqualTo(7L);
        assertThat(s.startM()).isEqualTo(8.6);
        assertThat(s.peakM()).isEqualTo(11.8);
        assertThat(s.timeToPeak()).isEqualTo("6m");
        assertThat(s.duration()).isEqualTo("15m");
        assertThat(s.noiseM()).isEqualTo(0.01);
        assertThat(s.datumM()).isEqualTo(14.2);
    }

    @Test
    void reportsEveryProblemByKey() {
        SimWaterLevelConfig bad = new SimWaterLevelConfig(
                new SimWaterLevelConfig.Scenario(null, 9.0, 8.0, "6x", "0s", -1.0, 7.0));

        assertThat(factory.validate(bad)).containsExactlyInAnyOrder(
                "scenario.peak_m: must be above start_m",
                "scenario.datum_m: must be above peak_m (the sensor hangs above the highest water)",
                "scenario.noise_m: must not be negative",
                "scenario.time_to_peak: expected a duration like 500ms, 30s, 5m, 2h or 1d, got '6x'");
        assertThatThrownBy(() -> SimWaterLevelFactory.simulation(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scenario.peak_m");
    }

    @Test
    void durationMustOutlastTheRise() {
        SimWaterLevelConfig bad = new SimWaterLevelConfig(
                new SimWaterLevelConfig.Scenario(null, null, null, "10m", "10m", null, null));

        assertThat(factory.validate(bad)).containsExactly("scenario.duration: must be longer than time_to_peak");
    }

    @Test
    void reportsStageAndDistanceChannels() {
        assertThat(factory.channels(SimWaterLevelConfig.defaults())).containsExactly(
                ChannelSpec.scalar("stage_m", "m", -5, 60), ChannelSpec.scalar("distance_m", "m", 0, 50));
    }
}
