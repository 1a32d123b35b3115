package org.fieldgate.drivers.sim.airquality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimAirQualityFactoryTest {

    private final SimAirQualityFactory factory = new SimAirQualityFactory();

    @Test
    void defaultsAreValid() {
        SimAirQualityConfig.Scenario s = SimAirQualityConfig.defaults().scenario();

        assertThat(factory.validate(SimAirQualityConfig.defaults())).isEmpty();
        assertThat(s.seed()).isEqualTo(7L);
        assertThat(s.basePm25()).isEqualTo(25.0);
        assertThat(s.episodeAt()).isEqualTo("2m");
        assertThat(s.episodeDuration()).isEqualTo("10m");
        assertThat(s.episodePeakPm25()).isEqualTo(180.0);
        assertThat(s.utcOffsetHours()).isEqualTo(7.0);
    }

    @Test
    void reportsEveryProblemByKey() {
        SimAirQualityConfig bad = new SimAirQualityConfig(
                new SimAirQualityConfig.Scenario(null, -1.0, "later", "0s", -5.0, 20.0));

        assertThat(factory.validate(bad)).containsExactlyInAnyOrder(
                "scenario.base_pm2_5: must be between 0 and 1000",
                "scenario.episode_peak_pm2_5: must not be negative",
                "scenario.utc_offset_h: must be between -12 and 14",
                "scenario.episode_at: expected a duration like 500ms, 30s, 5m, 2h or 1d, got 'later'",
                "scenario.episode_duration: must be positive");
    }

    @Test
    void reportsTheThreePmChannels() {
        assertThat(factory.channels(SimAirQualityConfig.defaults()))
                .extracting(c -> c.name() + " " + c.unit() + " " + c.min() + ".." + c.max())
                .containsExactly("pm1_0 ug/m3 0.0..1000.0", "pm2_5 ug/m3 0.0..1000.0", "pm10 ug/m3 0.0..1000.0");
    }
}
