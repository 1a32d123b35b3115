package org.fieldgate.drivers.sim.airquality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.junit.jupiter.api.Test;

class AirQualitySimulationTest {

    // 12:00 in Hanoi (UTC+7): between the traffic peaks
    private static final long NOON_HANOI = Instant.parse("2026-01-01T05:00:00Z").toEpochMilli();

    private static SimAirQualityConfig scenario(Long seed, Double base, Double peak) {
        return new SimAirQualityConfig(new SimAirQualityConfig.Scenario(seed, base, null, null, peak, null));
    }

    /** Readings every 10 s over the first {@code minutes}, the wall clock advancing with the scenario. */
    private static List<Reading> run(SimAirQualityConfig config, long startMillis, int minutes) {
        AirQualitySimulation sim = SimAirQualityFactory.simulation(config);
        List<Reading> out = new ArrayList<>();
        for (int s = 0; s <= minutes * 60; s += 10) {
            out.addAll(sim.readingsAt(startMillis + s * 1000L, Duration.ofSeconds(s)));
        }
        return out;
    }

    private static double[] channel(List<Reading> readings, String ch) {
        return readings.stream().filter(r -> r.channel().equals(ch)).mapToDouble(Reading::value).toArray();
    }

    @Test
    void sameSeedGivesTheSameSequenceAndAnotherSeedAnother() {
        List<Reading> a = run(scenario(7L, null, null), NOON_HANOI, 15);
        List<Reading> b = run(scenario(7L, null, null), NOON_HANOI, 15);
        List<Reading> c = run(scenario(8L, null, null), NOON_HANOI, 15);

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void episodeRaisesPm25ToAboutItsPeakAndThenClears() {
        List<Reading> readings = run(SimAirQualityConfig.defaults(), NOON_HANOI, 15);
        double[] pm25 = channel(readings, "pm2_5");

        // before the episode (first 2 min): the midday background, 25 * 0.71
        for (int i = 0; i < 12; i++) {
            assertThat(pm25[i]).isBetween(12.0, 24.0);
        }
        // plateau from 4.5 to 8 min after the start: 180 within the 5 % noise
        for (int i = 28; i <= 47; i++) {
            assertThat(pm25[i]).isCloseTo(180.0, within(180 * 0.2));
        }
        double max = java.util.Arrays.stream(pm25).max().orElseThrow();
        assertThat(max).isBetween(170.0, 220.0);
        // after it (past 12 min) back to the background
        for (int i = 73; i < pm25.length; i++) {
            assertThat(pm25[i]).isBetween(12.0, 24.0);
        }
    }

    @Test
    void pm10AndPm1FollowPm25InOrder() {
        List<Reading> readings = run(SimAirQualityConfig.defaults(), NOON_HANOI, 15);
        double[] pm1 = channel(readings, "pm1_0");
        double[] pm25 = channel(readings, "pm2_5");
        double[] pm10 = channel(readings, "pm10");

        double ratio10 = 0;
        double ratio1 = 0;
        for (int i = 0; i < pm25.length; i++) {
            assertThat(pm1[i]).isLessThanOrEqualTo(pm25[i]);
            assertThat(pm10[i]).isGreaterThanOrEqualTo(pm25[i]);
            ratio10 += pm10[i] / pm25[i] / pm25.length;
            ratio1 += pm1[i] / pm25[i] / pm25.length;
        }
        assertThat(ratio10).isCloseTo(1.6, within(0.05));
        assertThat(ratio1).isCloseTo(0.7, within(0.05));
        assertThat(readings).extracting(Reading::quality).containsOnly(Quality.OK);
    }

    @Test
    void neverNegativeEvenInCleanAir() {
        // a near-zero background with noise would dip below zero if it were not clamped
        List<Reading> readings = run(scenario(5L, 0.05, 0.0), NOON_HANOI, 60);

        assertThat(readings).allSatisfy(r -> assertThat(r.value()).isGreaterThanOrEqualTo(0.0));
    }

    @Test
    void aPeakAboveTheSensorRangeIsSuspect() {
        List<Reading> readings = run(scenario(5L, null, 900.0), NOON_HANOI, 15);

        // pm10 = 1.6 * 900 is past the 1000 ug/m3 range, pm2_5 = 900 is not
        assertThat(readings).anySatisfy(r -> {
            assertThat(r.channel()).isEqualTo("pm10");
            assertThat(r.quality()).isEqualTo(Quality.SUSPECT);
        });
        assertThat(readings).filteredOn(r -> r.channel().equals("pm2_5"))
                .extracting(Reading::quality).containsOnly(Quality.OK);
    }

    @Test
    void backgroundFollowsTheLocalRushHours() {
        Pm25Profile profile = SimAirQualityFactory.simulation(SimAirQualityConfig.defaults()).profile();
        Duration noEpisode = Duration.ofHours(1);
        long morningRushHanoi = Instant.parse("2026-01-01T00:30:00Z").toEpochMilli(); // 07:30 UTC+7
        long eveningRushHanoi = Instant.parse("2026-01-01T12:00:00Z").toEpochMilli(); // 19:00 UTC+7
        long nightHanoi = Instant.parse("2026-01-01T20:00:00Z").toEpochMilli();      // 03:00 UTC+7

        assertThat(profile.pm25At(morningRushHanoi, noEpisode)).isCloseTo(25 * 1.3, within(0.5));
        assertThat(profile.pm25At(eveningRushHanoi, noEpisode)).isCloseTo(25 * 1.4, within(0.5));
        assertThat(profile.pm25At(nightHanoi, noEpisode)).isCloseTo(25 * 0.7, within(0.5));
    }
}
