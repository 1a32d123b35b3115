package org.fieldgate.drivers.maxbotixhrxl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.junit.jupiter.api.Test;

class MaxbotixHrxlFactoryTest {

    private final MaxbotixHrxlFactory factory = new MaxbotixHrxlFactory();
    private final ObjectMapper yaml = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Test
    void isRegistered() {
        assertThat(DriverRegistry.load().find("maxbotix-hrxl")).containsInstanceOf(MaxbotixHrxlFactory.class);
    }

    @Test
    void bindsEveryKeyWithDefaults() throws Exception {
        MaxbotixHrxlConfig min = yaml.readValue("serial: { port: /dev/ttyUSB0 }", MaxbotixHrxlConfig.class);
        MaxbotixHrxlConfig full = yaml.readValue("""
                serial: { port: /dev/ttyUSB0, baud: 9600 }
                units: cm
                model_range_mm: { min: 500, max: 9998 }
                median_of: 5
                stage: { datum_m: 14.20 }
                """, MaxbotixHrxlConfig.class);

        assertThat(min.units()).isEqualTo("mm");
        assertThat(min.modelRangeMm()).isEqualTo(new MaxbotixHrxlConfig.ModelRange(300, 4999));
        assertThat(min.medianOf()).isEqualTo(1);
        assertThat(min.stage()).isNull();
        assertThat(factory.validate(min)).isEmpty();
        assertThat(factory.channels(min)).containsExactly(ChannelSpec.scalar("distance_m", "m", 0, 10));

        assertThat(full).isEqualTo(new MaxbotixHrxlConfig(new SerialSettings("/dev/ttyUSB0", 9600, 8, "none", 1),
                null, "cm", MaxbotixHrxlConfig.ModelRange.TEN_METRE, 5, new MaxbotixHrxlConfig.Stage(14.20)));
        assertThat(factory.validate(full)).isEmpty();
        assertThat(factory.channels(full)).containsExactly(ChannelSpec.scalar("distance_m", "m", 0, 10),
                ChannelSpec.scalar("stage_m", "m", -50, 100));
    }

    @Test
    void reportsEveryProblemByKey() {
        MaxbotixHrxlConfig bad = new MaxbotixHrxlConfig(new SerialSettings("/dev/ttyUSB0", 9600, 8, "none", 1),
                null, "inch", new MaxbotixHrxlConfig.ModelRange(600, 12000), 0, new MaxbotixHrxlConfig.Stage(null));

        assertThat(factory.validate(bad)).containsExactly(
                "units: must be mm or cm, got 'inch'",
                "model_range_mm.max: must be at most 9999 (the sensor sends 4 digits)",
                "median_of: must be 1 (no filter) to 99, got 0",
                "stage.datum_m: required: height of the sensor face above the station datum, m");
        assertThat(factory.validate(new MaxbotixHrxlConfig(null, null, null,
                new MaxbotixHrxlConfig.ModelRange(500, 400), null, null))).containsExactly(
                "serial: give exactly one of serial: { port: … } or tcp: { host: …, port: … }",
                "model_range_mm.max: must be above min");
    }

    @Test
    void onATideGaugeTheLevelIsSeaLevel() {
        MaxbotixHrxlConfig tide = new MaxbotixHrxlConfig(new SerialSettings("/dev/ttyUSB0", 9600, 8, "none", 1),
                null, "mm", MaxbotixHrxlConfig.ModelRange.TEN_METRE, 5, new MaxbotixHrxlConfig.Stage(9.0, "sea_level_m"));
        assertThat(factory.validate(tide)).isEmpty();
        assertThat(factory.channels(tide)).extracting(ChannelSpec::name).containsExactly("distance_m", "sea_level_m");
        assertThat(new MaxbotixHrxlReadings(500, 9998, 9.0, "sea_level_m").readings(new HrxlRange(7000), 1L))
                .extracting(org.fieldgate.drivers.Reading::channel).containsExactly("distance_m", "sea_level_m");

        MaxbotixHrxlConfig typo = new MaxbotixHrxlConfig(new SerialSettings("/dev/ttyUSB0", 9600, 8, "none", 1),
                null, "mm", MaxbotixHrxlConfig.ModelRange.TEN_METRE, 5, new MaxbotixHrxlConfig.Stage(9.0, "sealevel"));
        assertThat(factory.validate(typo)).containsExactly(
                "stage.channel: stage_m (a river) or sea_level_m (a tide gauge), got 'sealevel'");
    }
}
