package org.fieldgate.gateway.aqi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NowCastTest {

    private static final double NA = Double.NaN;

    @Test
    void twoSteadyHoursWeighNearlyAlike() {
        // w = 77/80 = 0.9625: (80 + 0.9625*77) / 1.9625 = 78.529 -> 78.5 (Hanoi, 2019-10-07 22:00)
        assertThat(NowCast.of(new double[] {80, 77}).getAsDouble()).isCloseTo(78.529, within(0.001));
        assertThat(NowCast.truncated(Pollutant.PM2_5, new double[] {80, 77})).hasValue(78.5);
    }

    @Test
    void theWeightFactorIsFlooredAtOneHalf() {
        // w* = 29/80 -> 0.5: (29 + 0.25*80 + 0.125*77) / 1.375 = 42.636 (Hanoi, 2019-10-08 00:00)
        assertThat(NowCast.truncated(Pollutant.PM2_5, new double[] {29, NA, 80, 77})).hasValue(42.6);
        // w* = 0.1 -> 0.5: (10 + 0.5*100) / 1.5 = 40
        assertThat(NowCast.of(new double[] {10, 100})).hasValue(40.0);
    }

    @Test
    void aSteadySeriesIsItsOwnNowCast() {
        double[] h = new double[12];
        java.util.Arrays.fill(h, 35.4);
        assertThat(NowCast.truncated(Pollutant.PM2_5, h)).hasValue(35.4);
    }

    @Test
    void onlyTheLastTwelveHoursCount() {
        assertThat(NowCast.of(new double[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 1000})).hasValue(10.0);
    }

    @Test
    void needsTwoOfTheThreeMostRecentHours() {
        assertThat(NowCast.of(new double[] {50})).isEmpty();
        assertThat(NowCast.of(new double[] {50, NA, NA, 40, 40})).isEmpty();
        assertThat(NowCast.of(new double[] {NA, NA, 50, 40, 40})).isEmpty();
        assertThat(NowCast.of(new double[] {NA, 50, 40})).isPresent();
        assertThat(NowCast.of(new double[] {50, NA, 40})).isPresent();
        assertThat(NowCast.of(new double[] {50, -999, 40})).isPresent();
        assertThat(NowCast.of(new double[] {50, -999, -999, 40})).isEmpty();
    }

    @Test
    void cleanAirIsZeroNotNaN() {
        assertThat(NowCast.of(new double[] {0, 0, 0})).hasValue(0.0);
        // w* = 0/5 -> 0.5: (0 + 0.5*5) / 1.5
        assertThat(NowCast.of(new double[] {0, 5}).getAsDouble()).isCloseTo(5.0 / 3, within(1e-12));
    }

    @Test
    void truncatesNotRounds() {
        assertThat(NowCast.truncated(Pollutant.PM2_5, new double[] {40.99, 40.99})).hasValue(40.9);
        assertThat(NowCast.truncated(Pollutant.PM10, new double[] {40.99, 40.99})).hasValue(40.0);
        assertThat(Pollutant.PM2_5.truncate(294.4)).isEqualTo(294.4);
        assertThat(Pollutant.PM2_5.truncate(0.3)).isEqualTo(0.3); // 0.3*10 = 2.9999999999999996 in binary
        assertThat(Pollutant.PM10.truncate(54.999)).isEqualTo(54.0);
    }
}
