package org.fieldgate.drivers.seismicserial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.junit.jupiter.api.Test;

class SeismicSerialFactoryTest {

    private final SeismicSerialFactory factory = new SeismicSerialFactory();
    private final ObjectMapper yaml = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Test
    void isRegistered() {
        assertThat(DriverRegistry.load().find("seismic-serial")).containsInstanceOf(SeismicSerialFactory.class);
    }

    @Test
    void bindsItsKeysWithDefaults() throws Exception {
        SeismicSerialConfig c = yaml.readValue("""
                serial: { port: /dev/ttyACM0 }
                scale: 1.0e-5
                rate: 31.25
                """, SeismicSerialConfig.class);
        assertThat(c).isEqualTo(new SeismicSerialConfig(new SerialSettings("/dev/ttyACM0", null, 8, "none", 1),
                null, 1.0e-5, 31.25, 3));
        assertThat(c.rateCentiHz()).isEqualTo(3125);
        assertThat(factory.validate(c)).isEmpty();
        double max = 8388607 * 1.0e-5;
        assertThat(factory.channels(c)).containsExactly(ChannelSpec.axis("x", "m/s2", -8388608 * 1.0e-5, max),
                ChannelSpec.axis("y", "m/s2", -8388608 * 1.0e-5, max), ChannelSpec.axis("z", "m/s2", -8388608 * 1.0e-5, max));

        SeismicSerialConfig z = yaml.readValue("{ tcp: { host: 10.0.0.5, port: 4001 }, scale: 2.0e-6, rate: 100, axes: 1 }",
                SeismicSerialConfig.class);
        assertThat(factory.validate(z)).isEmpty();
        assertThat(factory.channels(z)).extracting(ChannelSpec::name).containsExactly("z");
        assertThat(factory.defaultEvery()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void reportsEveryProblemByKey() {
        SeismicSerialConfig missing = new SeismicSerialConfig(new SerialSettings("/dev/ttyACM0", 115200, 8, "none", 1),
                null, null, null, 2);
        assertThat(factory.validate(missing)).containsExactly(
                "scale: required: m/s2 per ADC count, e.g. 3.8307e-5",
                "rate: required: the board's sample rate in Hz, e.g. 31.25",
                "axes: must be 3 (x, y, z) or 1 (z only), got 2");

        SeismicSerialConfig wrong = new SeismicSerialConfig(null, null, -1.0, 31.255, 3);
        assertThat(factory.validate(wrong)).containsExactly(
                "serial: give exactly one of serial: { port: … } or tcp: { host: …, port: … }",
                "scale: must be a positive number of m/s2 per count, got -1.0",
                "rate: must be a multiple of 0.01 Hz (the frames' unit), got 31.255");
        assertThat(factory.validate(new SeismicSerialConfig(null, null, 1e-5, 1000.0, 3)))
                .contains("rate: must be 0.01 to 655.35 Hz, got 1000.0");

        DriverContext ctx = new DriverContext("seis1", Duration.ofSeconds(1), Clock.systemUTC(), Path.of("."));
        assertThatThrownBy(() -> factory.createValid(ctx, missing)).hasMessageStartingWith("seismic-serial: scale: required");
    }
}
