package org.fieldgate.drivers.sim.waterlevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FloodHydrographTest {

    private final FloodHydrograph flood =
            new FloodHydrograph(8.6, 11.8, Duration.ofMinutes(6), Duration.ofMinutes(15));

    @Test
    void startsAtBasePeaksOnTimeAndReturnsToBase() {
        assertThat(flood.stageAt(Duration.ZERO)).isEqualTo(8.6);
        assertThat(flood.stageAt(Duration.ofMinutes(6))).isCloseTo(11.8, within(1e-9));
        assertThat(flood.stageAt(Duration.ofMinutes(15))).isEqualTo(8.6);
        assertThat(flood.stageAt(Duration.ofHours(3))).isEqualTo(8.6);
    }

    @Test
    void risesThenFallsWithoutOvershoot() {
        double previous = flood.stageAt(Duration.ZERO);
        for (int s = 1; s <= 15 * 60; s++) {
            double stage = flood.stageAt(Duration.ofSeconds(s));
            assertThat(stage).isBetween(8.6, 11.8);
            if (s <= 6 * 60) {
                assertThat(stage).isGreaterThanOrEqualTo(previous);
            } else {
                assertThat(stage).isLessThanOrEqualTo(previous);
            }
            previous = stage;
        }
    }

    @Test
    void crossesWarningLevelsRisingAndFallingAtPlausibleTimes() {
        // the alarm levels of the design's example rule
        for (double level : new double[] {9.5, 10.5, 11.5}) {
            Duration up = firstCrossing(level, true);
            Duration down = firstCrossing(level, false);
            assertThat(up).isBetween(Duration.ZERO, Duration.ofMinutes(6));
            assertThat(down).isBetween(Duration.ofMinutes(6), Duration.ofMinutes(15));
            // the recession (9 min) is slower than the rise (6 min): more time above on the way down
            assertThat(down.minusMinutes(6)).isGreaterThan(Duration.ofMinutes(6).minus(up));
        }
        // BD1 (9.5 m, 28 % of the rise) is passed after about 2 min 8 s: acos(1 - 2 * 0.28) / pi * 6 min
        assertThat(firstCrossing(9.5, true)).isBetween(Duration.ofSeconds(125), Duration.ofSeconds(132));
    }

    private Duration firstCrossing(double level, boolean rising) {
        for (int s = rising ? 0 : 6 * 60; s <= 15 * 60; s++) {
            double stage = flood.stageAt(Duration.ofSeconds(s));
            if (rising ? stage > level : stage < level) {
                return Duration.ofSeconds(s);
            }
        }
        throw new AssertionError("never crossed " + level);
    }
}
