package org.fieldgate.drivers.sim.radiation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimRadiationFactoryTest {

    @Test
    void poissonCountsAroundTheBackgroundAndAPlumeThatPeaksAtItsFactor() {
        RadiationSimulation sim = SimRadiationFactory.simulation(new SimRadiationConfig(null));
        double sum = 0;
        double sumSq = 0;
        int n = 30;
        for (int i = 0; i < n; i++) {
            double cpm = sim.readingsAt(i, Duration.ofMinutes(i)).get(0).value();
            sum += cpm;
            sumSq += cpm * cpm;
        }
        double mean = sum / n;
        assertThat(mean).isBetween(25.0, 35.0);
        assertThat(sumSq / n - mean * mean).as("Poisson: variance about the mean").isBetween(12.0, 60.0);
        assertThat(sim.meanCpm(Duration.ofMinutes(45))).isEqualTo(60.0); // the middle of the default plume
        assertThat(sim.meanCpm(Duration.ofMinutes(61))).isEqualTo(30.0);
        assertThat(sim.readingsAt(0, Duration.ZERO).get(1).channel()).isEqualTo("dose_usv_h");
    }

    @Test
    void namesEveryBadKey() {
        assertThat(new SimRadiationFactory().validate(new SimRadiationConfig(new SimRadiationConfig.Scenario(null, 0.0,
                "later", 0.5, "0s", -1.0)))).containsExactlyInAnyOrder(
                "scenario.background_cpm: must be above 0",
                "scenario.plume_factor: must be from 1 to 10000",
                "scenario.cpm_per_usv_h: must be above 0",
                "scenario.plume_at: " + problem("later"),
                "scenario.plume_length: must be positive");
    }

    private static String problem(String duration) {
        org.fieldgate.drivers.ConfigProblems p = new org.fieldgate.drivers.ConfigProblems("");
        p.duration("k", duration);
        return p.list().get(0).substring("k: ".length());
    }
}
