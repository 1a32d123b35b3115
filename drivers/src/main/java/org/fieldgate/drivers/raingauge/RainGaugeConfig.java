package org.fieldgate.drivers.raingauge;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.fieldgate.drivers.io.gpio.GpioSettings;

/**
 * Keys of a {@code rain-gauge} sensor entry besides {@code id}, {@code driver}, {@code every}.
 *
 * @param gpio     {@code gpio: { pin, pull: up, edge: falling, debounce: 50ms }}; defaults filled in
 * @param mmPerTip {@code mm_per_tip}: rain per tip of the bucket, mm (required: it is printed on the
 *                 gauge or its calibration sheet, typically 0.2, 0.254 (0.01 in) or 0.5)
 */
public record RainGaugeConfig(@JsonProperty("gpio") GpioSettings gpio,
                              @JsonProperty("mm_per_tip") Double mmPerTip) {

    public static final String DEFAULT_PULL = "up";
    public static final String DEFAULT_EDGE = "falling";
    public static final String DEFAULT_DEBOUNCE = "50ms";

    public RainGaugeConfig {
        gpio = gpio == null ? null : gpio.withDefaults(DEFAULT_PULL, DEFAULT_EDGE, DEFAULT_DEBOUNCE);
    }
}
