package org.fieldgate.drivers.io.gpio;

/**
 * Where the gateway gets digital output pins (sirens, beacons, relays) from. Our own small
 * interface over the GPIO library (pi4j today; see {@link Pi4jGpio}).
 */
public interface GpioOutputs {

    /**
     * Opens {@code bcmPin} as an output, driven at once to its safe level; {@link GpioOutput#close()}
     * drives it back to that level before releasing it.
     *
     * @param safeHigh the electrical level that is safe (true = high): at open, at close and when
     *                 the library shuts down
     * @throws GpioUnavailableException when the pin cannot be opened now (the caller retries later)
     */
    GpioOutput openOutput(int bcmPin, boolean safeHigh) throws GpioUnavailableException;

    /** What backs these outputs, for logs, e.g. {@code pi4j gpiod}. */
    String describe();
}
