package org.fieldgate.drivers.sim.seismic;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Keys of a {@code sim-seismic} sensor entry besides {@code id}, {@code driver}, {@code every}.
 *
 * @param scenario the ground motion to play; defaults when absent
 */
public record SimSeismicConfig(@JsonProperty("scenario") Scenario scenario) {

    public SimSeismicConfig {
        scenario = scenario == null ? Scenario.DEFAULTS : scenario;
    }

    /** A config with every default. */
    public static SimSeismicConfig defaults() {
        return new SimSeismicConfig(null);
    }

    /**
     * {@code scenario:} keys; every absent key takes its default, so no accessor returns null.
     *
     * @param seed       seed of the noise and the shaking's phases (default 7)
     * @param kind       {@code quake} or {@code quiet} (background noise only) (default {@code quake})
     * @param at         P-wave arrival after the start (default {@code 60s})
     * @param magnitude  moment magnitude (default 5.5)
     * @param distanceKm {@code distance_km}: hypocentral distance, km (default 20)
     * @param sampleRate {@code sample_rate}: samples per second per axis (default 100)
     * @param noise      standard deviation of the background noise, m/s² (default 0.002)
     */
    public record Scenario(
            @JsonProperty("seed") Long seed,
            @JsonProperty("kind") String kind,
            @JsonProperty("at") String at,
            @JsonProperty("magnitude") Double magnitude,
            @JsonProperty("distance_km") Double distanceKm,
            @JsonProperty("sample_rate") Integer sampleRate,
            @JsonProperty("noise") Double noise) {

        public static final Scenario DEFAULTS = new Scenario(null, null, null, null, null, null, null);

        public Scenario {
            seed = seed == null ? 7L : seed;
            kind = kind == null ? "quake" : kind;
            at = at == null ? "60s" : at;
            magnitude = magnitude == null ? 5.5 : magnitude;
            distanceKm = distanceKm == null ? 20.0 : distanceKm;
            sampleRate = sampleRate == null ? 100 : sampleRate;
            noise = noise == null ? 0.002 : noise;
        }
    }
}
