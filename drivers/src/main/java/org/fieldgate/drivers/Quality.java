package org.fieldgate.drivers;

/** Quality flag of a reading, as it appears on the wire ({@code "q"} in the MQTT contract). */
public enum Quality {
    /** A valid reading inside the channel's physical range. */
    OK("ok"),
    /** Out of the sensor's physical range, or failed a QC check. */
    SUSPECT("suspect"),
    /** Taken before the gateway's clock was known to be right. */
    UNSYNCED("unsynced");

    private final String wire;

    Quality(String wire) {
        this.wire = wire;
    }

    /** The lower-case name used in payloads and status. */
    public String wire() {
        return wire;
    }
}
