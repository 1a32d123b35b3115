package org.fieldgate.drivers.sim.airquality;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Keys of a {@code sim-air-quality} sensor entry besides {@code id}, {@code driver}, {@code every}.
 *
 * @param scenario the day and episode to play; defaults when absent
 */
public record SimAirQualityConfig(@JsonProperty("scenario") Scenario scenario) {

    public SimAirQualityConfig {
        scenario = scenario == null ? Scenario.DEFAULTS : scenario;
    }

    /** A config with every default. */
    public static SimAirQualityConfig defaults() {
        return new SimAirQualityConfig(null);
    }

    /**
     * {@code scenario:} keys; every absent key takes its default, so no accessor returns null.
     *
     * @param seed             seed of the sensor noise (default 7)
     * @param basePm25         {@code base_pm2_5}: typical background PM2.5, µg/m³ (default 25)
     * @param episodeAt        {@code episode_at}: start of the pollution episode after the start
     *                         (default {@code 2m})
     * @param episodeDuration  {@code episode_duration}: length of the episode (default {@code 10m})
     * @param episodePeakPm25  {@code episode_peak_pm2_5}: PM2.5 at the height of the episode, µg/m³
     *                         (default 180)
     * @param utcOffsetHours   {@code utc_offset_h}: local time zone for the daily traffic cycle,
     *                         hours from UTC (default 7, Vietnam)
     */
    public record Scenario(
            @JsonProperty("seed") Long seed,
            @JsonProperty("base_pm2_5") Double basePm25,
            @JsonProperty("episode_at") String episodeAt,
            @JsonProperty("episode_duration") String episodeDuration,
            @JsonProperty("episode_peak_pm2_5") Double episodePeakPm25,
            @JsonProperty("utc_offset_h") Double utcOffsetHours) {

        public static final Scenario DEFAULTS = new Scenario(null, null, null, null, null, null);

        public Scenario {
            seed = seed == null ? 7L : seed;
            basePm25 = basePm25 == null ? 25.0 : basePm25;
            episodeAt = episodeAt == null ? "2m" : episodeAt;
            episodeDuration = episodeDuration == null ? "10m" : episodeDuration;
            episodePeakPm25 = episodePeakPm25 == null ? 180.0 : episodePeakPm25;
            utcOffsetHours = utcOffsetHours == null ? 7.0 : utcOffsetHours;
        }
    }
}
