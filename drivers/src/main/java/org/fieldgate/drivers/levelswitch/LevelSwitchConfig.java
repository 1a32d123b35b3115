package org.fieldgate.drivers.levelswitch;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.fieldgate.drivers.io.gpio.GpioSettings;

/**
 * Keys of a {@code level-switch} sensor entry besides {@code id}, {@code driver}, {@code every}.
 *
 * @param gpio    {@code gpio: { pin, pull: up, debounce: 2s }}; defaults filled in ({@code edge:} is not
 *                used: both edges matter)
 * @param wetWhen {@code wet_when}: {@code high} or {@code low}, the level that means water. Required:
 *                a wrong guess would silently invert a flood alarm
 */
public record LevelSwitchConfig(@JsonProperty("gpio") GpioSettings gpio,
                                @JsonProperty("wet_when") String wetWhen) {

    public static final String DEFAULT_PULL = "up";
    public static final String DEFAULT_DEBOUNCE = "2s";

    public LevelSwitchConfig {
        gpio = gpio == null ? null : gpio.withDefaults(DEFAULT_PULL, null, DEFAULT_DEBOUNCE);
    }

    /** True when a high level means wet; call after validation. */
    public boolean wetWhenHigh() {
        return "high".equals(wetWhen);
    }
}
