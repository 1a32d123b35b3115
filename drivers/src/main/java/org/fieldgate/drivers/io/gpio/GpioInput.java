package org.fieldgate.drivers.io.gpio;

/** One open digital input pin. */
public interface GpioInput extends AutoCloseable {

    /** BCM pin number. */
    int pin();

    /** The level now (true = high). */
    boolean high();

    /** Releases the pin; idempotent; never throws. */
    @Override
    void close();
}
