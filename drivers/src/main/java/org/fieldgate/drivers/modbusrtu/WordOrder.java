package org.fieldgate.drivers.modbusrtu;

/**
 * Order of the two registers of a 32-bit value. Bytes inside a register are always big-endian
 * (Modbus); {@code BIG} puts the high word first (ABCD), {@code LITTLE} the low word first (CDAB,
 * "word swapped", common in radar and pressure transmitters).
 */
public enum WordOrder {
    BIG, LITTLE;

    /** {@code big} or {@code little} as in the config, or null. */
    public static WordOrder parse(String text) {
        if ("big".equals(text)) {
            return BIG;
        }
        if ("little".equals(text)) {
            return LITTLE;
        }
        return null;
    }
}
