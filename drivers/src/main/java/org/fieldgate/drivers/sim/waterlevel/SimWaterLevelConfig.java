package org.fieldgate.drivers.sim.waterlevel;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Keys of a {@code sim-water-level} sensor entry besides {@code id}, {@code driver}, {@code every}.
 *
 * @param scenario the flood to play; defaults when absent
 */
public record SimWaterLevelConfig(@JsonProperty("scenario") Scenario scenario) {

    public SimWaterLevelConfig {
        scenario = scenario == null ? Scenario.DEFAULTS : scenario;
    }

    /** A config with every default. */
    public static SimWaterLevelConfig defaults() {
        return new SimWaterLevelConfig(null);
    }

    /**
     * {@code scenario:} keys; every absent key takes its default, so no accessor returns null.
     * Durations stay text ({@code 6m}) and are parsed by the factory, which reports bad ones.
     *
     * @param seed       seed of the sensor noise (default 7)
     * @param startM     {@code start_m}: base stage, m (default 8.6)
     * @param peakM      {@code peak_m}: crest stage, m (default 11.8)
     * @param timeToPeak {@code time_to_peak}: start to crest (default {@code 6m})
     * @param duration   {@code duration}: start to end of the recession (default {@code 15m})
     * @param noiseM     {@code noise_m}: standard deviation of the sensor noise, m (default 0.01)
     * @param datumM     {@code datum_m}: height of the ultrasonic sensor above the station datum,
     *                   m; {@code distance_m = datum_m - stage_m} (default 14.2)
     */
    public record Scenario(
            @JsonProperty("seed") Long seed,
            @JsonProperty("start_m") Double startM,
            @JsonProperty("peak_m") Double peakM,
            @JsonProperty("time_to_peak") String timeToPeak,
            @JsonProperty("duration") String duration,
            @JsonProperty("noise_m") Double noiseM,
            @JsonProperty("datum_m") Double datumM) {

        public static final Scenario DEFAULTS = new Scenario(null, null, null, null, null, null, null);

        public Scenario {
            seed = seed == null ? 7L : seed;
            startM = startM == null ? 8.6 : startM;
            peakM = peakM == null ? 11.8 : peakM;
            timeToPeak = timeToPeak == null ? "6m" : timeToPeak;
            duration = duration == null ? "15m" : duration;
            noiseM = noiseM == null ? 0.01 : noiseM;
            datumM = datumM == null ? 14.2 : datumM;
        }
    }
}
