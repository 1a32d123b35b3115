package org.fieldgate.drivers.io.gpio;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.drivers.ConfigProblems;

/**
 * {@code gpio:} of an input sensor entry: {@code { pin: 17, pull: up, edge: falling, debounce: 50ms }}.
 * Defaults depend on the driver ({@link #withDefaults}). A GPIO chip that is not there yet is not a
 * config error: the sensor shows {@code fault} until it appears.
 *
 * @param pin      BCM number (GPIO17 = 17, header pin 11); required
 * @param pull     {@code up}, {@code down} or {@code none}
 * @param edge     {@code falling} or {@code rising}: the edge that counts (drivers that count edges)
 * @param debounce how long the line must be quiet for an edge to count, e.g. {@code 50ms}
 */
public record GpioSettings(@JsonProperty("pin") Integer pin,
                           @JsonProperty("pull") String pull,
                           @JsonProperty("edge") String edge,
                           @JsonProperty("debounce") String debounce) {

    /** Highest line of the Raspberry Pi's GPIO chip (BCM 0–53; 2–27 are on the 40-pin header). */
    public static final int MAX_PIN = 53;

    /** These settings with the driver's defaults for absent keys. */
    public GpioSettings withDefaults(String defaultPull, String defaultEdge, String defaultDebounce) {
        return new GpioSettings(pin, pull == null ? defaultPull : pull, edge == null ? defaultEdge : edge,
                debounce == null ? defaultDebounce : debounce);
    }

    /** {@link #pull} parsed; call after {@link #problems} found none. */
    public Pull pullMode() {
        return Pull.parse(pull);
    }

    /** True when the rising edge counts; call after {@link #problems} found none. */
    public boolean risingEdge() {
        return "rising".equals(edge);
    }

    /** {@link #debounce} parsed; call after {@link #problems} found none. */
    public Duration debounceTime() {
        return DurationText.parse(debounce);
    }

    /**
     * Problems of {@code gpio} (null = the key is missing), each as {@code gpio.<key>: …}.
     *
     * @param edgeAllowed false for drivers that watch both edges ({@code edge:} is then an error)
     * @param maxDebounce the longest sensible debounce for the driver
     */
    public static List<String> problems(GpioSettings gpio, boolean edgeAllowed, Duration maxDebounce) {
        ConfigProblems p = new ConfigProblems("gpio.");
        if (gpio == null) {
            p.add("pin", "required: gpio: { pin: <BCM number> }");
            return p.list();
        }
        if (gpio.pin() == null) {
            p.add("pin", "required (BCM number, e.g. 17 for GPIO17 on header pin 11)");
        } else {
            p.check(gpio.pin() >= 0 && gpio.pin() <= MAX_PIN, "pin",
                    "must be a BCM number 0 to " + MAX_PIN + ", got " + gpio.pin());
        }
        if (gpio.pull() != null) {
            try {
                Pull.parse(gpio.pull());
            } catch (IllegalArgumentException e) {
                p.add("pull", e.getMessage());
            }
        }
        if (gpio.edge() != null) {
            if (!edgeAllowed) {
                p.add("edge", "not used by this driver (it watches both edges)");
            } else {
                String e = gpio.edge().toLowerCase(Locale.ROOT);
                p.check(gpio.edge().equals(e) && (e.equals("falling") || e.equals("rising")), "edge",
                        "must be falling or rising, got '" + gpio.edge() + "'");
            }
        }
        if (gpio.debounce() != null) {
            Duration d = p.duration("debounce", gpio.debounce());
            if (d != null) {
                p.check(d.compareTo(maxDebounce) <= 0, "debounce",
                        "must be at most " + DurationText.format(maxDebounce) + ", got " + gpio.debounce());
            }
        }
        return p.list();
    }
}
