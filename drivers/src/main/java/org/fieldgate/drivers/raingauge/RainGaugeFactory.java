package org.fieldgate.drivers.raingauge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.io.gpio.GpioInputs;
import org.fieldgate.drivers.io.gpio.GpioPinDriver;
import org.fieldgate.drivers.io.gpio.GpioSettings;
import org.fieldgate.drivers.io.gpio.Pi4jGpio;

/** {@code rain-gauge}: a tipping-bucket rain gauge whose reed switch pulses a GPIO pin once per tip. */
public final class RainGaugeFactory implements DriverFactory<RainGaugeConfig> {

    public static final String ID = "rain-gauge";

    static final ChannelSpec RAIN = ChannelSpec.scalar("rain_mm", "mm", 0, 2000);
    static final ChannelSpec INTENSITY = ChannelSpec.scalar("rain_mm_h", "mm/h", 0, 2000);
    static final ChannelSpec TOTAL = ChannelSpec.scalar("rain_total_mm", "mm", 0, 10_000_000);

    private final GpioInputs gpio;

    /** The gateway's factory: pins from the shared gpiod context. */
    public RainGaugeFactory() {
        this(Pi4jGpio.production());
    }

    /** A factory whose sensors get their pins from {@code gpio} (tests: a pi4j mock context). */
    public RainGaugeFactory(GpioInputs gpio) {
        this.gpio = gpio;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<RainGaugeConfig> configType() {
        return RainGaugeConfig.class;
    }

    @Override
    public List<String> validate(RainGaugeConfig config) {
        List<String> problems = new ArrayList<>(GpioSettings.problems(config.gpio(), true, Duration.ofSeconds(1)));
        Double mm = config.mmPerTip();
        if (mm == null) {
            problems.add("mm_per_tip: required: rain per tip of the bucket in mm (e.g. 0.2), from the gauge's label");
        } else if (!(mm > 0 && mm <= 10)) {
            problems.add("mm_per_tip: must be above 0 and at most 10 mm, got " + mm);
        }
        return problems;
    }

    @Override
    public List<ChannelSpec> channels(RainGaugeConfig config) {
        return List.of(RAIN, INTENSITY, TOTAL);
    }

    @Override
    public Duration defaultEvery() {
        return Duration.ofMinutes(1);
    }

    @Override
    public Driver create(DriverContext context, RainGaugeConfig config) {
        return new RainGaugeDriver(context, gpio, config, GpioPinDriver.REOPEN_EVERY);
    }
}
