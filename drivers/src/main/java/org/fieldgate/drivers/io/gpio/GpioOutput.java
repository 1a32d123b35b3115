package org.fieldgate.drivers.io.gpio;

/** One open digital output pin. */
public interface GpioOutput extends AutoCloseable {

    /** BCM pin number. */
    int pin();

    /**
     * Drives the pin high or low.
     *
     * @throws RuntimeException when the GPIO library fails to set the line (the caller logs it and
     *                          tries again on its next change)
     */
    void set(boolean high);

    /** The level the pin is driven to now (true = high). */
    boolean high();

    /** Drives the pin to its safe level, then releases it; idempotent; never throws. */
    @Override
    void close();
}
