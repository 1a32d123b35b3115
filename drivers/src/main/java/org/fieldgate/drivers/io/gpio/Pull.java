package org.fieldgate.drivers.io.gpio;

import java.util.Locale;

/** The pin's internal bias resistor, as the config writes it ({@code up}, {@code down}, {@code none}). */
public enum Pull {
    UP, DOWN, NONE;

    /** The lower-case config word. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code up|down|none}; throws IllegalArgumentException naming the allowed words. */
    public static Pull parse(String text) {
        if (text != null) {
            for (Pull p : values()) {
                if (p.wire().equals(text.strip())) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("must be up, down or none, got '" + text + "'");
    }
}
