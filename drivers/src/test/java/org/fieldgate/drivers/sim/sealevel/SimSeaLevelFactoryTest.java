package org.fieldgate.drivers.sim.sealevel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.junit.jupiter.api.Test;

class SimSeaLevelFactoryTest {

    private static final SimSeaLevelFactory FACTORY = new SimSeaLevelFactory();

    private static List<Double> levels(SimSeaLevelConfig config, Duration every, Duration until) {
        SeaLevelSimulation sim = SimSeaLevelFactory.simulation(config);
        List<Double> out = new ArrayList<>();
        for (Duration t = Duration.ZERO; t.compareTo(until) <= 0; t = t.plus(every)) {
            Reading r = sim.readingsAt(t.toMillis(), t).get(0);
            assertThat(r.channel()).isEqualTo("sea_level_m");
            assertThat(r.quality()).isEqualTo(Quality.OK);
            out.add(r.value());
        }
        return out;
    }

    @Test
    void theTideSwingsAroundTheMeanAndTheSameSeedGivesTheSameLevels() {
        SimSeaLevelConfig quiet = new SimSeaLevelConfig(new SimSeaLevelConfig.Scenario(null, null, null, "never", null,
                null, null, null));
        List<Double> day = levels(quiet, Duration.ofMinutes(1), Duration.ofHours(25));
        assertThat(day.stream().mapToDouble(Double::doubleValue).max().orElseThrow()).isBetween(2.5, 2.85);
        assertThat(day.stream().mapToDouble(Double::doubleValue).min().orElseThrow()).isBetween(1.15, 1.5);
        assertThat(levels(quiet, Duration.ofMinutes(1), Duration.ofHours(25))).isEqualTo(day);
    }

    @Test
    void theTsunamiArrivesAtItsTimeWithItsHeight() {
        SimSeaLevelConfig calm = new SimSeaLevelConfig(new SimSeaLevelConfig.Scenario(1L, 2.0, 0.0, "1h", 0.5, "20m",
                "3h", 0.0));
        List<Double> levels = levels(calm, Duration.ofMinutes(1), Duration.ofMinutes(90));
        assertThat(levels.subList(0, 61)).containsOnly(2.0);
        double crest = levels.subList(61, 81).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat(crest).isBetween(2.4, 2.5);
    }

    @Test
    void namesEveryBadKey() {
        SimSeaLevelConfig bad = new SimSeaLevelConfig(new SimSeaLevelConfig.Scenario(null, 40.0, -1.0, "soon", 20.0,
                "0s", "x", -0.1));
        assertThat(FACTORY.validate(bad)).containsExactlyInAnyOrder(
                "scenario.mean_m: must be a level within ±20 m",
                "scenario.tide_m: must be from 0 to 10 m",
                "scenario.wave_m: must be from 0 to 10 m",
                "scenario.noise_m: must not be negative",
                "scenario.tsunami_at: " + problem("soon"),
                "scenario.period: must be positive",
                "scenario.decay: " + problem("x"));
        assertThat(FACTORY.validate(new SimSeaLevelConfig(null))).isEmpty();
        assertThat(FACTORY.defaultEvery()).isEqualTo(Duration.ofMinutes(1));
    }

    private static String problem(String duration) {
        org.fieldgate.drivers.ConfigProblems p = new org.fieldgate.drivers.ConfigProblems("");
        p.duration("k", duration);
        return p.list().get(0).substring("k: ".length());
    }
}
