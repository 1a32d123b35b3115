package org.fieldgate.gateway.config;

/** One {@code outputs:} entry: a GPIO pin driven by alarms (driven by the rules-and-alarms issue). */
public record OutputConfig(String id, Gpio gpio) {

    /** {@code gpio: { pin: 17, active: high }}. */
    public record Gpio(int pin, boolean activeHigh) {
    }
}
