package org.fieldgate.drivers.modbusrtu;

import java.util.Locale;

/** How the 16-bit registers of one value are read: their number and the number they encode. */
public enum RegisterType {
    INT16(1), UINT16(1), INT32(2), UINT32(2), FLOAT32(2);

    private final int words;

    RegisterType(int words) {
        this.words = words;
    }

    /** Registers the value occupies (1 or 2). */
    public int words() {
        return words;
    }

    /** The type written as in the config ({@code int16}), or null when it is not one. */
    public static RegisterType parse(String text) {
        if (text == null) {
            return null;
        }
        for (RegisterType t : values()) {
            if (t.configName().equals(text)) {
                return t;
            }
        }
        return null;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
