package org.fieldgate.drivers;

/** Health of one sensor as its driver sees it; shown in status and health. */
public enum SensorState {
    /** Opened, no valid reading yet. */
    STARTING("starting"),
    /** Valid readings arriving. */
    OK("ok"),
    /** No valid reading for several expected periods. */
    SILENT("silent"),
    /** The transport cannot be opened or failed. */
    FAULT("fault"),
    /** Closed. */
    STOPPED("stopped");

    private final String wire;

    SensorState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
