package org.fieldgate.drivers.adxl355;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.drivers.io.spi.Pi4jSpi;
import org.fieldgate.drivers.io.spi.SpiDevices;
import org.fieldgate.drivers.io.spi.SpiSettings;

/**
 * {@code adxl355}: Analog Devices ADXL355 3-axis MEMS accelerometer (20-bit, ±2/4/8 g) over SPI,
 * a waveform of axes {@code x}, {@code y}, {@code z} in m/s² and {@code temp_c} every {@code every}.
 */
public final class Adxl355Factory implements DriverFactory<Adxl355Config> {

    public static final String ID = "adxl355";

    static final ChannelSpec TEMPERATURE = ChannelSpec.scalar("temp_c", "C", -40, 125);
    /** Longest calibration window: longer only delays the first samples. */
    static final Duration MAX_CALIBRATION = Duration.ofSeconds(60);

    private final SpiDevices spi;

    /** The gateway's factory: devices through the shared linuxfs-spi context. */
    public Adxl355Factory() {
        this(Pi4jSpi.production());
    }

    /** A factory whose sensors open their devices through {@code spi} (tests: an emulated chip). */
    public Adxl355Factory(SpiDevices spi) {
        this.spi = spi;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<Adxl355Config> configType() {
        return Adxl355Config.class;
    }

    @Override
    public List<String> validate(Adxl355Config config) {
        List<String> problems = new ArrayList<>(SpiSettings.problems(config.spi(), Adxl355Config.MAX_SPEED));
        if (Adxl355Range.of(config.range()).isEmpty()) {
            problems.add("range: must be one of " + String.join(", ", Adxl355Range.keys()) + ", got '"
                    + config.range() + "'");
        }
        if (Adxl355Codec.filterValue(config.rate()).isEmpty()) {
            problems.add("rate: " + Adxl355Codec.formatRate(config.rate()) + " Hz is not supported; supported output data rates: "
                    + String.join(", ", Adxl355Codec.supportedRates()) + " Hz");
        }
        try {
            Duration window = config.calibrationWindow();
            if (window.compareTo(MAX_CALIBRATION) > 0) {
                problems.add("calibrate: at most " + DurationText.format(MAX_CALIBRATION) + ", got "
                        + config.calibrate());
            }
        } catch (IllegalArgumentException e) {
            problems.add("calibrate: " + e.getMessage() + " (or false to turn calibration off)");
        }
        try {
            config.maxOffsetAge();
        } catch (IllegalArgumentException e) {
            problems.add("calibration_max_age: " + e.getMessage());
        }
        return problems;
    }

    @Override
    public List<ChannelSpec> channels(Adxl355Config config) {
        return channels(Adxl355Range.of(config.range()).orElse(Adxl355Range.G8));
    }

    /** x, y, z over the full scale of {@code range}, and {@code temp_c} over the operating range. */
    static List<ChannelSpec> channels(Adxl355Range range) {
        double fullScale = range.g() * Adxl355Codec.STANDARD_GRAVITY;
        return List.of(ChannelSpec.axis("x", Adxl355Driver.UNIT, -fullScale, fullScale),
                ChannelSpec.axis("y", Adxl355Driver.UNIT, -fullScale, fullScale),
                ChannelSpec.axis("z", Adxl355Driver.UNIT, -fullScale, fullScale),
                TEMPERATURE);
    }

    @Override
    public Duration defaultEvery() {
        return Duration.ofSeconds(10);
    }

    @Override
    public Driver create(DriverContext context, Adxl355Config config) {
        return new Adxl355Driver(context, spi, config, Adxl355Driver.FIRST_BACKOFF);
    }
}
