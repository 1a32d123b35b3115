package org.fieldgate.drivers.io.spi;

import java.io.IOException;

/** Opens SPI devices (production: {@link Pi4jSpi#production()}; tests: an emulated chip). */
@FunctionalInterface
public interface SpiDevices {

    /**
     * Opens the device of {@code settings} (defaults filled in), mode 0, 8-bit words, MSB first.
     *
     * @throws IOException naming the device and why it cannot be opened (no SPI on this machine, SPI
     *                     not enabled, no permission, already open)
     */
    SpiDevice open(SpiSettings settings) throws IOException;
}
