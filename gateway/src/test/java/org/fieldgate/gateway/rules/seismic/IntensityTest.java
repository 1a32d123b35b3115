package org.fieldgate.gateway.rules.seismic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Worden et al. 2012, with the reference values in src/test/resources/README.md. */
class IntensityTest {

    @Test
    void wordenReferenceValues() {
        assertThat(round2(Intensity.fromPga(100))).isEqualTo(5.80);
        assertThat(round2(Intensity.fromPga(176.023))).isEqualTo(6.71);
        assertThat(Intensity.fromPga(10)).isCloseTo(1.78 + 1.55, within(1e-12));
    }

    @Test
    void boundaryBelongsToTheLowerBranch() {
        double atBreak = Math.pow(10, 1.57);
        assertThat(Intensity.fromPga(atBreak)).isCloseTo(1.78 + 1.55 * 1.57, within(1e-9));
        assertThat(Intensity.fromPga(atBreak * 1.0001))
                .isCloseTo(-1.60 + 3.70 * Math.log10(atBreak * 1.0001), within(1e-9));
        // the published branches almost meet (4.2135 vs 4.209)
        assertThat(Intensity.fromPga(atBreak) - Intensity.fromPga(atBreak * 1.0001))
                .isBetween(0.0, 0.01);
    }

    @Test
    void clampedStaysOnTheScale() {
        assertThat(Intensity.fromPgaClamped(0)).isEqualTo(1.0);
        assertThat(Intensity.fromPgaClamped(1e5)).isEqualTo(10.0);
        assertThat(Intensity.fromPgaClamped(100)).isEqualTo(Intensity.fromPga(100));
    }

    @Test
    void vectorPeakTakesTheLargestMagnitudeAcrossAxes() {
        double[] x = {1, -3, 0, 2};
        double[] y = {0, 4, 0, 2};
        double[] z = {0, 0, -4.9, 2};
        PeakGroundAcceleration.Peak peak = PeakGroundAcceleration.vector(x, y, z);
        assertThat(peak.index()).isEqualTo(1);
        assertThat(peak.value()).isCloseTo(5.0, within(1e-12));

        PeakGroundAcceleration live = new PeakGroundAcceleration();
        assertThat(live.peak()).isEqualTo(new PeakGroundAcceleration.Peak(-1, 0.0));
        assertThat(live.add(0, 0, -2)).isEqualTo(2.0);
        live.add(1, 1, 1);
        assertThat(live.peak()).isEqualTo(new PeakGroundAcceleration.Peak(0, 2.0));
        assertThatThrownBy(() -> PeakGroundAcceleration.vector(x, y, new double[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
