package org.fieldgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.fieldgate.drivers.DriverRegistry;
import org.junit.jupiter.api.Test;

class OutputConfigTest {

    @Test
    void readsPatternsMaxOnSafeStateAndTheSilenceButton() throws Exception {
        FieldgateConfig c = ConfigLoader.load(ConfigFiles.resource("config/valid/outputs.yaml"), DriverRegistry.load());

        OutputConfig siren = c.outputs().get(0);
        assertThat(siren.gpio()).isEqualTo(new OutputConfig.Gpio(17, true));
        assertThat(siren.patterns()).isEqualTo(Map.of(
                1, OutputConfig.Pattern.STEADY,
                2, new OutputConfig.Pattern(Duration.ofSeconds(1), Duration.ofSeconds(1)),
                3, new OutputConfig.Pattern(Duration.ofMillis(250), Duration.ofMillis(250))));
        assertThat(siren.maxOn()).isEqualTo(Duration.ofMinutes(10));
        assertThat(siren.safeOn()).isFalse();
        assertThat(siren.resound()).isEqualTo(Duration.ofMinutes(10));
        assertThat(siren.silenceButton()).isEqualTo(new OutputConfig.Button(27, "up", false, Duration.ofMillis(50)));

        OutputConfig beacon = c.outputs().get(1);
        assertThat(beacon.pattern(1)).as("below the first listed severity").isEqualTo(OutputConfig.Pattern.STEADY);
        assertThat(beacon.pattern(2)).isEqualTo(new OutputConfig.Pattern(Duration.ofMillis(500), Duration.ofMillis(1500)));
        assertThat(beacon.pattern(3)).as("above: the highest listed below").isEqualTo(beacon.pattern(2));
        assertThat(beacon.maxOn()).isNull();
        assertThat(beacon.resound()).as("default").isEqualTo(Duration.ofMinutes(30));
        assertThat(beacon.silenceButton()).isNull();

        OutputConfig relay = c.outputs().get(2);
        assertThat(relay.gpio().activeHigh()).isFalse();
        assertThat(relay.safeOn()).isTrue();
        assertThat(relay.resound()).as("off").isNull();
        assertThat(relay.silenceButton()).isEqualTo(new OutputConfig.Button(24, "none", true, Duration.ofMillis(50)));
    }

    @Test
    void aSeverityAboveNoListedPatternIsSteady() {
        assertThat(new OutputConfig("x", new OutputConfig.Gpio(1, true)).pattern(5)).isEqualTo(OutputConfig.Pattern.STEADY);
    }
}
