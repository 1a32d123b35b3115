package org.fieldgate.drivers.io.gpio;

/**
 * A pin could not be opened: no GPIO on this machine, the GPIO chip is not there (yet), the pin is
 * taken, or the user may not use it. Not a config error: the sensor shows {@code fault} and retries.
 */
public final class GpioUnavailableException extends Exception {

    public GpioUnavailableException(String message) {
        super(message);
    }

    public GpioUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
