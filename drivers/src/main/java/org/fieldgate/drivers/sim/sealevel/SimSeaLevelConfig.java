package org.fieldgate.drivers.sim.sealevel;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Keys of a {@code sim-sea-level} sensor entry besides {@code id}, {@code driver}, {@code every}.
 *
 * @param scenario the tide and the tsunami to play; defaults when absent
 */
public record SimSeaLevelConfig(@JsonProperty("scenario") Scenario scenario) {

    public SimSeaLevelConfig {
        scenario = scenario == null ? Scenario.DEFAULTS : scenario;
    }

    /**
     * {@code scenario:} keys; every absent key takes its default. Durations stay text and are parsed
     * by the factory, which reports bad ones.
     *
     * @param seed        seed of the sensor noise (default 7)
     * @param meanM       {@code mean_m}: mean sea level above the gauge datum, m (default 2.0)
     * @param tideM       {@code tide_m}: amplitude of the semi-diurnal tide, m (default 0.8)
     * @param tsunamiAt   {@code tsunami_at}: scenario time of the first wave's arrival (default {@code 4h}),
     *                    or {@code never}
     * @param waveM       {@code wave_m}: height of the first wave's crest, m (default 0.5)
     * @param period      {@code period}: the waves' period (default {@code 20m})
     * @param decay       {@code decay}: time for the wave train to fall to 1/e (default {@code 3h})
     * @param noiseM      {@code noise_m}: standard deviation of the gauge noise, m (default 0.005)
     */
    public record Scenario(
            @JsonProperty("seed") Long seed,
            @JsonProperty("mean_m") Double meanM,
            @JsonProperty("tide_m") Double tideM,
            @JsonProperty("tsunami_at") String tsunamiAt,
            @JsonProperty("wave_m") Double waveM,
            @JsonProperty("period") String period,
            @JsonProperty("decay") String decay,
            @JsonProperty("noise_m") Double noiseM) {

        public static final Scenario DEFAULTS = new Scenario(null, null, null, null, null, null, null, null);

        public Scenario {
            seed = seed == null ? 7L : seed;
            meanM = meanM == null ? 2.0 : meanM;
            tideM = tideM == null ? 0.8 : tideM;
            tsunamiAt = tsunamiAt == null ? "4h" : tsunamiAt;
            waveM = waveM == null ? 0.5 : waveM;
            period = period == null ? "20m" : period;
            decay = decay == null ? "3h" : decay;
            noiseM = noiseM == null ? 0.005 : noiseM;
        }
    }
}
