package org.fieldgate.drivers.sim.waterlevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.junit.jupiter.api.Test;

class WaterLevelSimulationTest {

    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z

    private static SimWaterLevelConfig scenario(long seed) {
        return new SimWaterLevelConfig(new SimWaterLevelConfig.Scenario(seed, null, null, null, null, null, null));
    }

    private static List<Reading> run(SimWaterLevelConfig config, int seconds, int stepSeconds) {
        WaterLevelSimulation sim = SimWaterLevelFactory.simulation(config);
        List<Reading> out = new ArrayList<>();
        for (int s = 0; s <= seconds; s += stepSeconds) {
            out.addAll(sim.readingsAt(T0 + s * 1000L, Duration.ofSeconds(s)));
        }
        return out;
    }

    @Test
    void sameSeedGivesTheSameSequenceAndAnotherSeedAnother() {
        List<Reading> a = run(scenario(7), 900, 10);
        List<Reading> b = run(scenario(7), 900, 10);
        List<Reading> c = run(scenario(8), 900, 10);

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void reportsStageAndDistanceFromTheDatum() {
        List<Reading> readings = run(SimWaterLevelConfig.defaults(), 900, 5);

        for (int i = 0; i < readings.size(); i += 2) {
            Reading stage = readings.get(i);
            Reading distance = readings.get(i + 1);
            assertThat(stage.channel()).isEqualTo("stage_m");
            assertThat(distance.channel()).isEqualTo("distance_m");
            assertThat(stage.time()).isEqualTo(distance.time());
            assertThat(stage.value() + distance.value()).isCloseTo(14.2, within(1e-9));
            assertThat(stage.quality()).isEqualTo(Quality.OK);
        }
    }

    @Test
    void peaksAtPeakWithinTheNoise() {
        double max = run(SimWaterLevelConfig.defaults(), 900, 1).stream()
                .filter(r -> r.channel().equals("stage_m")).mapToDouble(Reading::value).max().orElseThrow();

        // 5 sd of 0.01 m noise
        assertThat(max).isCloseTo(11.8, within(0.05));
    }

    @Test
    void noiseHasTheConfiguredSpreadAroundTheTrueStage() {
        WaterLevelSimulation sim = SimWaterLevelFactory.simulation(SimWaterLevelConfig.defaults());
        double sumSq = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            // after the flood: base stage
            double stage = sim.readingsAt(T0, Duration.ofHours(1)).get(0).value();
            sumSq += (stage - 8.6) * (stage - 8.6);
        }
        assertThat(Math.sqrt(sumSq / n)).isCloseTo(0.01, within(0.002));
    }

    @Test
    void readingsOutsideThePhysicalRangeAreSuspect() {
        // a stage of 65 m is past the gauge's 60 m range; distance 5 m is still fine
        SimWaterLevelConfig high = new SimWaterLevelConfig(
                new SimWaterLevelConfig.Scenario(1L, 50.0, 65.0, "1m", "2m", 0.0, 70.0));
        WaterLevelSimulation sim = SimWaterLevelFactory.simulation(high);

        List<Reading> atPeak = sim.readingsAt(T0, Duration.ofMinutes(1));

        assertThat(atPeak.get(0).value()).isEqualTo(65.0);
        assertThat(atPeak.get(0).quality()).isEqualTo(Quality.SUSPECT);
        assertThat(atPeak.get(1).quality()).isEqualTo(Quality.OK);
        assertThat(sim.readingsAt(T0, Duration.ZERO).get(0).quality()).isEqualTo(Quality.OK);
    }
}
