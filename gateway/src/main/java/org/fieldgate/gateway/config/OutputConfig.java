package org.fieldgate.gateway.config;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@code outputs:} entry: a GPIO pin (siren, beacon, relay, lamp) driven while an alarm of a
 * rule that lists it in {@code actions} is active.
 *
 * @param id            output id ({@code [a-z0-9-]+})
 * @param gpio          the pin and which level means "on"
 * @param patterns      per alarm severity, how the output is driven; a severity without an entry
 *                      takes the pattern of the highest listed severity below it, else steady
 * @param maxOn         after this long on, the output goes off until the alarms driving it change
 *                      level or clear; null = no limit
 * @param safeOn        the state at start (until the alarms are known), at shutdown and when
 *                      nothing drives it: false = off (the usual), true = on
 * @param silenceButton a push button next to the output that acknowledges the alarms driving it
 *                      (silencing them locally); null = none
 * @param resound       an acknowledged alarm still active this long after its acknowledgement
 *                      drives the output again; null = silent until it clears or escalates
 */
public record OutputConfig(String id, Gpio gpio, Map<Integer, Pattern> patterns, Duration maxOn, boolean safeOn,
                           Button silenceButton, Duration resound) {

    /** {@code resound} when the config does not say. */
    public static final Duration DEFAULT_RESOUND = Duration.ofMinutes(30);

    public OutputConfig {
        patterns = Map.copyOf(patterns);
    }

    /** With the default {@code resound}. */
    public OutputConfig(String id, Gpio gpio, Map<Integer, Pattern> patterns, Duration maxOn, boolean safeOn,
                        Button silenceButton) {
        this(id, gpio, patterns, maxOn, safeOn, silenceButton, DEFAULT_RESOUND);
    }

    /** A steady output, no limit, off when safe, no button, the default {@code resound}. */
    public OutputConfig(String id, Gpio gpio) {
        this(id, gpio, Map.of(), null, false, null);
    }

    /** The pattern for an alarm of {@code severity} (at least 1). */
    public Pattern pattern(int severity) {
        Map.Entry<Integer, Pattern> e = new TreeMap<>(patterns).floorEntry(severity);
        return e == null ? Pattern.STEADY : e.getValue();
    }

    /** {@code gpio: { pin: 17, active: high }}. */
    public record Gpio(int pin, boolean activeHigh) {
    }

    /**
     * {@code steady} (on all the time) or {@code blink ON/OFF}, e.g. {@code blink 1s/1s}.
     *
     * @param on  how long on per cycle; null when steady
     * @param off how long off per cycle; null when steady
     */
    public record Pattern(Duration on, Duration off) {
        public static final Pattern STEADY = new Pattern(null, null);

        public boolean steady() {
            return on == null;
        }

        @Override
        public String toString() {
            return steady() ? "steady" : "blink " + org.fieldgate.drivers.DurationText.format(on) + "/"
                    + org.fieldgate.drivers.DurationText.format(off);
        }
    }

    /**
     * {@code silence_button: { pin: 27, pull: up, pressed: low, debounce: 50ms }}.
     *
     * @param pin         BCM number
     * @param pull        {@code up}, {@code down} or {@code none}
     * @param pressedHigh the level while the button is pressed (default: the opposite of the pull)
     * @param debounce    how long the button must stay pressed for the press to count
     */
    public record Button(int pin, String pull, boolean pressedHigh, Duration debounce) {
    }
}
