package org.fieldgate.drivers.sim.radiation;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Keys of a {@code sim-radiation} sensor entry besides {@code id}, {@code driver}, {@code every}.
 *
 * @param scenario the background and the plume; defaults when absent
 */
public record SimRadiationConfig(@JsonProperty("scenario") Scenario scenario) {

    public SimRadiationConfig {
        scenario = scenario == null ? Scenario.DEFAULTS : scenario;
    }

    /**
     * {@code scenario:} keys; every absent key takes its default.
     *
     * @param seed          seed of the counts (default 7)
     * @param backgroundCpm {@code background_cpm}: mean counts per minute of the background (default 30)
     * @param plumeAt       {@code plume_at}: scenario time the plume arrives (default {@code 30m}), or {@code never}
     * @param plumeFactor   {@code plume_factor}: the plume's peak as a multiple of the background (default 2)
     * @param plumeLength   {@code plume_length}: how long it lasts (default {@code 30m})
     * @param cpmPerUsvH    {@code cpm_per_usv_h}: the tube's factor (default 334, LND 7317)
     */
    public record Scenario(
            @JsonProperty("seed") Long seed,
            @JsonProperty("background_cpm") Double backgroundCpm,
            @JsonProperty("plume_at") String plumeAt,
            @JsonProperty("plume_factor") Double plumeFactor,
            @JsonProperty("plume_length") String plumeLength,
            @JsonProperty("cpm_per_usv_h") Double cpmPerUsvH) {

        public static final Scenario DEFAULTS = new Scenario(null, null, null, null, null, null);

        public Scenario {
            seed = seed == null ? 7L : seed;
            backgroundCpm = backgroundCpm == null ? 30.0 : backgroundCpm;
            plumeAt = plumeAt == null ? "30m" : plumeAt;
            plumeFactor = plumeFactor == null ? 2.0 : plumeFactor;
            plumeLength = plumeLength == null ? "30m" : plumeLength;
            cpmPerUsvH = cpmPerUsvH == null ? 334.0 : cpmPerUsvH;
        }
    }
}
