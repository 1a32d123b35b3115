package org.fieldgate.drivers.io.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.time.Duration;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.drivers.levelswitch.LevelSwitchConfig;
import org.fieldgate.drivers.levelswitch.LevelSwitchFactory;
import org.fieldgate.drivers.raingauge.RainGaugeConfig;
import org.fieldgate.drivers.raingauge.RainGaugeFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** rain-gauge and level-switch configs bind as the gateway binds them and are checked clearly. */
class GpioDriverConfigTest {

    private final ObjectMapper mapper = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final RainGaugeFactory rain = new RainGaugeFactory();
    private final LevelSwitchFactory level = new LevelSwitchFactory();

    @Test
    void bothDriversAreRegistered() {
        DriverRegistry registry = DriverRegistry.load();
        assertThat(registry.find("rain-gauge").orElseThrow().configType()).isEqualTo(RainGaugeConfig.class);
        assertThat(registry.find("level-switch").orElseThrow().configType()).isEqualTo(LevelSwitchConfig.class);
        assertThat(rain.defaultEvery()).isEqualTo(Duration.ofMinutes(1));
        assertThat(rain.channels(null)).extracting(c -> c.name())
                .containsExactly("rain_mm", "rain_mm_h", "rain_total_mm");
        assertThat(level.channels(null)).extracting(c -> c.name()).containsExactly("wet");
    }

    @Test
    void rainGaugeDefaults() throws IOException {
        RainGaugeConfig c = mapper.readValue("gpio: { pin: 17 }\nmm_per_tip: 0.2", RainGaugeConfig.class);
        assertThat(c.gpio()).isEqualTo(new GpioSettings(17, "up", "falling", "50ms"));
        assertThat(rain.validate(c)).isEmpty();
        assertThat(c.gpio().debounceTime()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.gpio().pullMode()).isEqualTo(Pull.UP);
    }

    @Test
    void levelSwitchDefaults() throws IOException {
        LevelSwitchConfig c = mapper.readValue("gpio: { pin: 23 }\nwet_when: low", LevelSwitchConfig.class);
        assertThat(c.gpio()).isEqualTo(new GpioSettings(23, "up", null, "2s"));
        assertThat(level.validate(c)).isEmpty();
        assertThat(c.wetWhenHigh()).isFalse();
    }

    @Test
    void rainGaugeProblemsNameTheirKeys() throws IOException {
        assertThat(rain.validate(mapper.readValue("gpio: { pin: 60, pull: sideways, edge: both, debounce: 5s }",
                RainGaugeConfig.class))).containsExactly(
                "gpio.pin: must be a BCM number 0 to 53, got 60",
                "gpio.pull: must be up, down or none, got 'sideways'",
                "gpio.edge: must be falling or rising, got 'both'",
                "gpio.debounce: must be at most 1s, got 5s",
                "mm_per_tip: required: rain per tip of the bucket in mm (e.g. 0.2), from the gauge's label");
        assertThat(rain.validate(mapper.readValue("mm_per_tip: 0", RainGaugeConfig.class))).containsExactly(
                "gpio.pin: required: gpio: { pin: <BCM number> }",
                "mm_per_tip: must be above 0 and at most 10 mm, got 0.0");
        assertThat(rain.validate(mapper.readValue("gpio: { debounce: 50 }\nmm_per_tip: 0.2", RainGaugeConfig.class)))
                .containsExactly("gpio.pin: required (BCM number, e.g. 17 for GPIO17 on header pin 11)",
                        "gpio.debounce: expected a duration like 500ms, 30s, 5m, 2h or 1d, got '50'");
    }

    @Test
    void levelSwitchProblemsNameTheirKeys() throws IOException {
        assertThat(level.validate(mapper.readValue("gpio: { pin: 23, edge: falling }", LevelSwitchConfig.class)))
                .containsExactly("gpio.edge: not used by this driver (it watches both edges)",
                        "wet_when: required: high or low, the input level that means water at the switch");
        assertThat(level.validate(mapper.readValue("gpio: { pin: 23 }\nwet_when: HIGH", LevelSwitchConfig.class)))
                .containsExactly("wet_when: must be high or low, got 'HIGH'");
    }

    @Test
    void createValidRefusesAnInvalidConfig() {
        assertThatThrownBy(() -> rain.createValid(null, new RainGaugeConfig(new GpioSettings(17, null, null, null), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mm_per_tip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpio: { pin: 17, pul: up }\nmm_per_tip: 0.2", "gpio: { pin: 17 }\nmmPerTip: 0.2"})
    void unknownKeysAreErrors(String yaml) {
        assertThatThrownBy(() -> mapper.readValue(yaml, RainGaugeConfig.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }
}
