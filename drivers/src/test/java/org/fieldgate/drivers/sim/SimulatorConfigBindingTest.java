package org.fieldgate.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import org.fieldgate.drivers.sim.airquality.SimAirQualityConfig;
import org.fieldgate.drivers.sim.seismic.SimSeismicConfig;
import org.fieldgate.drivers.sim.waterlevel.SimWaterLevelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The config records bind as the gateway binds them: snake_case keys, unknown keys are errors. */
class SimulatorConfigBindingTest {

    private final ObjectMapper mapper = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private <C> C bind(String yaml, Class<C> type) throws IOException {
        return mapper.readValue(yaml, type);
    }

    @Test
    void everyKeyBindsUnderItsSnakeCaseName() throws IOException {
        SimWaterLevelConfig wl = bind("""
                scenario: { seed: 3, start_m: 1.5, peak_m: 4, time_to_peak: 90s, duration: 1h,
                            noise_m: 0.02, datum_m: 9 }
                """, SimWaterLevelConfig.class);
        SimSeismicConfig seis = bind("""
                scenario: { seed: 3, kind: quiet, at: 2m, magnitude: 6.1, distance_km: 35,
                            sample_rate: 200, noise: 0.001 }
                """, SimSeismicConfig.class);
        SimAirQualityConfig aq = bind("""
                scenario: { seed: 3, base_pm2_5: 40, episode_at: 30s, episode_duration: 1h,
                            episode_peak_pm2_5: 300, utc_offset_h: 5.5 }
                """, SimAirQualityConfig.class);

        assertThat(wl.scenario()).isEqualTo(
                new SimWaterLevelConfig.Scenario(3L, 1.5, 4.0, "90s", "1h", 0.02, 9.0));
        assertThat(seis.scenario()).isEqualTo(
                new SimSeismicConfig.Scenario(3L, "quiet", "2m", 6.1, 35.0, 200, 0.001));
        assertThat(aq.scenario()).isEqualTo(
                new SimAirQualityConfig.Scenario(3L, 40.0, "30s", "1h", 300.0, 5.5));
    }

    @Test
    void absentKeysTakeTheirDefaults() throws IOException {
        assertThat(bind("{}", SimWaterLevelConfig.class)).isEqualTo(SimWaterLevelConfig.defaults());
        assertThat(bind("scenario: {}", SimSeismicConfig.class)).isEqualTo(SimSeismicConfig.defaults());
        assertThat(bind("scenario: { seed: 9 }", SimAirQualityConfig.class).scenario().basePm25()).isEqualTo(25.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"scenario: { peak: 12 }", "scenario: { peakM: 12 }", "scenery: {}"})
    void unknownKeysAreErrors(String yaml) {
        assertThatThrownBy(() -> bind(yaml, SimWaterLevelConfig.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void aDurationWithoutUnitIsReportedByValidate() throws IOException {
        SimSeismicConfig config = bind("scenario: { at: 60 }", SimSeismicConfig.class);

        assertThat(new org.fieldgate.drivers.sim.seismic.SimSeismicFactory().validate(config))
                .containsExactly("scenario.at: expected a duration like 500ms, 30s, 5m, 2h or 1d, got '60'");
    }
}
