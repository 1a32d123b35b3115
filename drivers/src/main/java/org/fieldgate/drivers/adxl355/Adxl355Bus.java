package org.fieldgate.drivers.adxl355;

import java.io.IOException;
import java.util.Arrays;
import org.fieldgate.drivers.io.spi.SpiDevice;

/** Register reads and writes of an ADXL355 over one SPI device (datasheet "SPI Protocol"). */
final class Adxl355Bus {

    private final SpiDevice spi;

    Adxl355Bus(SpiDevice spi) {
        this.spi = spi;
    }

    /** {@code n} registers from {@code first} (auto-increment; FIFO_DATA repeats instead). */
    byte[] read(int first, int n) throws IOException {
        byte[] tx = new byte[n + 1];
        tx[0] = Adxl355Codec.readCommand(first);
        byte[] rx = spi.transfer(tx);
        return Arrays.copyOfRange(rx, 1, rx.length);
    }

    int read(int register) throws IOException {
        return read(register, 1)[0] & 0xFF;
    }

    void write(int register, int value) throws IOException {
        spi.transfer(new byte[] {Adxl355Codec.writeCommand(register), (byte) value});
    }

    /** {@code entries} FIFO entries (3 bytes each) in one burst. */
    byte[] readFifo(int entries) throws IOException {
        return read(Adxl355Codec.FIFO_DATA, entries * Adxl355Codec.ENTRY_BYTES);
    }

    String describe() {
        return spi.describe();
    }
}
