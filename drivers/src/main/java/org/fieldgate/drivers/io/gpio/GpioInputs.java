package org.fieldgate.drivers.io.gpio;

/**
 * Where drivers get digital input pins from. Our own small interface over the GPIO library (pi4j
 * today; see {@link Pi4jGpio}), so that a move to another library touches only an adapter.
 */
public interface GpioInputs {

    /**
     * Opens {@code bcmPin} as an input with the given bias and tells {@code listener} of every edge
     * from now on (no library-side debounce: drivers debounce from the edge timestamps).
     *
     * @throws GpioUnavailableException when the pin cannot be opened now (the caller retries later)
     */
    GpioInput open(int bcmPin, Pull pull, EdgeListener listener) throws GpioUnavailableException;

    /** What backs these inputs, for logs, e.g. {@code pi4j gpiod}. */
    String describe();
}
