package org.fieldgate.drivers.sdi12;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.junit.jupiter.api.Test;

class Sdi12FactoryTest {

    private final Sdi12Factory factory = new Sdi12Factory();
    private final ObjectMapper yaml = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final SerialSettings PORT = new SerialSettings("/dev/ttyUSB0", null, null, null, null);

    @Test
    void isRegisteredWithAMinuteByDefault() {
        assertThat(DriverRegistry.load().find("sdi12")).containsInstanceOf(Sdi12Factory.class);
        assertThat(factory.defaultEvery()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void bindsTheDocumentedShape() throws Exception {
        Sdi12Config c = yaml.readValue("""
                serial: { port: /dev/ttyUSB0 }
                crc: true
                response_timeout: 500ms
                retries: 2
                sensors:
                  - address: "0"
                    channels: [ { name: stage_m, index: 0, unit: m, min: -5, max: 60, scale: 1.0, offset: 0.0 } ]
                  - address: b
                    channels: [ { name: temp_c, index: 1, unit: C, min: -40, max: 85 } ]
                """, Sdi12Config.class);

        assertThat(factory.validate(c)).isEmpty();
        assertThat(c.crc()).isTrue();
        assertThat(c.sensors().get(1).channels().get(0))
                .isEqualTo(new Sdi12Config.Channel("temp_c", 1, "C", -40.0, 85.0, 1.0, 0.0));
        assertThat(factory.channels(c)).containsExactly(ChannelSpec.scalar("stage_m", "m", -5, 60),
                ChannelSpec.scalar("temp_c", "C", -40, 85));

        Sdi12Config defaults = new Sdi12Config(PORT, null, List.of(new Sdi12Config.Sensor("0",
                List.of(new Sdi12Config.Channel("stage_m", 0, "m", -5.0, 60.0, null, null)))), null, null, null);
        assertThat(defaults.crc()).isFalse();
        assertThat(defaults.responseTimeout()).isEqualTo("1s");
        assertThat(defaults.retries()).isEqualTo(3);
    }

    @Test
    void reportsEveryProblemByKey() {
        Sdi12Config bad = new Sdi12Config(PORT, null, List.of(
                new Sdi12Config.Sensor("0", List.of(
                        new Sdi12Config.Channel("stage_m", 0, "m", -5.0, 60.0, null, null),
                        new Sdi12Config.Channel("Stage", 9, " ", 5.0, 1.0, 0.0, null))),
                new Sdi12Config.Sensor("0", List.of(new Sdi12Config.Channel("stage_m", 1, "m", null, 60.0, null, null))),
                new Sdi12Config.Sensor("?", List.of())), null, "2x", 11);

        assertThat(factory.validate(bad)).containsExactly(
                "sensors[0].channels[1].name: must be snake case like stage_m, got 'Stage'",
                "sensors[0].channels[1].index: must be 0 to 8 (aM! gives at most 9 values), got 9",
                "sensors[0].channels[1].unit: required, e.g. m",
                "sensors[0].channels[1].max: must be above min",
                "sensors[0].channels[1].scale: must be a non-zero number",
                "sensors[1].address: '0' is used by another sensor on this bus",
                "sensors[1].channels[0].name: 'stage_m' is used twice in this sensor entry",
                "sensors[1].channels[0].min: required: the channel's physical range",
                "sensors[2].address: must be one character 0-9, a-z or A-Z, got '?'",
                "sensors[2].channels: list at least one channel",
                "response_timeout: expected a duration like 500ms, 30s, 5m, 2h or 1d, got '2x'",
                "retries: must be 0 to 10, got 11");
        assertThat(factory.validate(new Sdi12Config(PORT, null, null, null, "5ms", null)))
                .containsExactly("sensors: list at least one sensor: { address: \"0\", channels: [ … ] }",
                        "response_timeout: must be 10ms to 60s, got 5ms");
    }
}
