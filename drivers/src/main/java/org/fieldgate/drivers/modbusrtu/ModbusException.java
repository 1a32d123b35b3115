package org.fieldgate.drivers.modbusrtu;

/** Names of the Modbus exception codes (Modbus Application Protocol V1.1b3, section 7). */
public final class ModbusException {

    private static final String[] NAMES = {
        null,
        "illegal function",
        "illegal data address",
        "illegal data value",
        "slave device failure",
        "acknowledge",
        "slave device busy",
        "negative acknowledge",
        "memory parity error",
        null,
        "gateway path unavailable",
        "gateway target device failed to respond",
    };

    private ModbusException() {
    }

    /** {@code illegal data address} for 2; {@code exception 42} for a code the spec does not define. */
    public static String name(int code) {
        return code > 0 && code < NAMES.length && NAMES[code] != null ? NAMES[code] : "exception " + code;
    }
}
