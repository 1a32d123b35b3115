package org.fieldgate.drivers.levelswitch;

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

/** {@code level-switch}: a float or conductivity switch on a GPIO pin, reporting {@code wet} (0/1). */
public final class LevelSwitchFactory implements DriverFactory<LevelSwitchConfig> {

    public static final String ID = "level-switch";

    static final ChannelSpec WET = ChannelSpec.scalar("wet", "", 0, 1);

    private final GpioInputs gpio;

    /** The gateway's factory: pins from the shared gpiod context. */
    public LevelSwitchFactory() {
        this(Pi4jGpio.production());
    }

    /** A factory whose sensors get their pins from {@code gpio} (tests: a pi4j mock context). */
    public LevelSwitchFactory(GpioInputs gpio) {
        this.gpio = gpio;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<LevelSwitchConfig> configType() {
        return LevelSwitchConfig.class;
    }

    @Override
    public List<String> validate(LevelSwitchConfig config) {
        List<String> problems = new ArrayList<>(GpioSettings.problems(config.gpio(), false, Duration.ofMinutes(10)));
        if (config.wetWhen() == null) {
            problems.add("wet_when: required: high or low, the input level that means water at the switch");
        } else if (!config.wetWhen().equals("high") && !config.wetWhen().equals("low")) {
            problems.add("wet_when: must be high or low, got '" + config.wetWhen() + "'");
        }
        return problems;
    }

    @Override
    public List<ChannelSpec> channels(LevelSwitchConfig config) {
        return List.of(WET);
    }

    @Override
    public Duration defaultEvery() {
        return Duration.ofMinutes(1);
    }

    @Override
    public Driver create(DriverContext context, LevelSwitchConfig config) {
        return new LevelSwitchDriver(context, gpio, config, GpioPinDriver.REOPEN_EVERY);
    }
}
