package org.fieldgate.drivers.adxl355;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.drivers.io.spi.SpiSettings;
import org.junit.jupiter.api.Test;

class Adxl355FactoryTest {

    private final Adxl355Factory factory = new Adxl355Factory();
    private final ObjectMapper yaml = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private Adxl355Config bind(String text) throws Exception {
        return yaml.readValue(text, Adxl355Config.class);
    }

    @Test
    void isRegistered() {
        assertThat(DriverRegistry.load().find("adxl355")).containsInstanceOf(Adxl355Factory.class);
    }

    @Test
    void bindsEveryKeyWithDefaults() throws Exception {
        Adxl355Config min = bind("spi: {}");
        Adxl355Config full = bind("""
                spi: { bus: 1, chip_select: 1, speed: 5000000 }
                range: 8g
                rate: 31.25
                calibrate: 10s
                calibration_max_age: 7d
                """);

        assertThat(min.spi()).isEqualTo(new SpiSettings(0, 0, 1_000_000));
        assertThat(min.spi().device()).isEqualTo("/dev/spidev0.0");
        assertThat(min.rangeValue()).isEqualTo(Adxl355Range.G2);
        assertThat(min.rate()).isEqualTo(125.0);
        assertThat(min.calibrationWindow()).isEqualTo(Duration.ofSeconds(5));
        assertThat(min.maxOffsetAge()).isEqualTo(Duration.ofDays(30));
        assertThat(factory.validate(min)).isEmpty();
        assertThat(factory.channels(min)).containsExactly(
                ChannelSpec.axis("x", "m/s2", -19.6133, 19.6133), ChannelSpec.axis("y", "m/s2", -19.6133, 19.6133),
                ChannelSpec.axis("z", "m/s2", -19.6133, 19.6133), ChannelSpec.scalar("temp_c", "C", -40, 125));

        assertThat(full.spi()).isEqualTo(new SpiSettings(1, 1, 5_000_000));
        assertThat(full.spi().device()).isEqualTo("/dev/spidev1.1");
        assertThat(full.rangeValue()).isEqualTo(Adxl355Range.G8);
        assertThat(full.rate()).isEqualTo(31.25);
        assertThat(full.calibrationWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(full.maxOffsetAge()).isEqualTo(Duration.ofDays(7));
        assertThat(factory.validate(full)).isEmpty();
        assertThat(factory.channels(full).get(0).max()).isEqualTo(8 * 9.80665);
        assertThat(factory.defaultEvery()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void calibrationTurnsOffWithFalseOrZero() throws Exception {
        assertThat(bind("spi: {}\ncalibrate: false").calibrationWindow()).isZero();
        assertThat(bind("spi: {}\ncalibrate: 0s").calibrationWindow()).isZero();
        assertThat(bind("spi: {}\ncalibrate: true").calibrationWindow()).isEqualTo(Duration.ofSeconds(5));
        assertThat(factory.validate(bind("spi: {}\ncalibrate: false"))).isEmpty();
    }

    @Test
    void badValuesNameTheirKeyAndWhatIsAccepted() throws Exception {
        assertThat(factory.validate(bind("spi: {}\nrate: 100"))).containsExactly(
                "rate: 100 Hz is not supported; supported output data rates: 15.625, 31.25, 62.5, 125, 250, 500 Hz");
        assertThat(factory.validate(bind("spi: {}\nrange: 16g"))).containsExactly(
                "range: must be one of 2g, 4g, 8g, got '16g'");
        assertThat(factory.validate(bind("spi: {}\ncalibrate: soon"))).singleElement().asString()
                .startsWith("calibrate: expected a duration like").endsWith("(or false to turn calibration off)");
        assertThat(factory.validate(bind("spi: {}\ncalibrate: 2m"))).containsExactly("calibrate: at most 1m, got 2m");
        assertThat(factory.validate(bind("spi: {}\ncalibration_max_age: forever"))).singleElement().asString()
                .startsWith("calibration_max_age: expected a duration");
        assertThat(factory.validate(bind("spi: { bus: 9, chip_select: 3, speed: 20000000 }"))).containsExactly(
                "spi.bus: must be 0 to 6, got 9", "spi.chip_select: must be 0 to 2, got 3",
                "spi.speed: must be 10000 to 10000000 Hz, got 20000000");
        assertThat(factory.validate(bind("range: 2g"))).singleElement().asString().startsWith("spi: required");
    }

    @Test
    void createValidRefusesAnInvalidConfig() throws Exception {
        Adxl355Config bad = bind("spi: {}\nrate: 100");
        DriverContext context = new DriverContext("a1", Duration.ofSeconds(10), Clock.systemUTC(), Path.of("."));
        assertThatThrownBy(() -> factory.createValid(context, bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("adxl355: rate: 100 Hz is not supported");
    }

    @Test
    void pollingKeepsTheFifoAtMostAThirdFull() {
        assertThat(Adxl355Driver.pollInterval(125)).isEqualTo(Duration.ofMillis(40));
        assertThat(Adxl355Driver.pollInterval(31.25)).isEqualTo(Duration.ofMillis(40));
        assertThat(Adxl355Driver.pollInterval(500)).isEqualTo(Duration.ofMillis(21));
    }
}
