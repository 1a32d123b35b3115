package org.fieldgate.drivers.io.spi;

import java.io.IOException;

/** One open SPI device (one chip select). Used from one thread. */
public interface SpiDevice extends AutoCloseable {

    /**
     * One full-duplex transaction with chip select held for its length: clocks out {@code tx} and
     * returns the bytes clocked in meanwhile (same length).
     *
     * @throws IOException when the transfer failed (device gone, driver error)
     */
    byte[] transfer(byte[] tx) throws IOException;

    /** E.g. {@code /dev/spidev0.0 at 1000000 Hz (linuxfs-spi)}. */
    String describe();

    /** Releases the device; idempotent. */
    @Override
    void close();
}
