package org.fieldgate.drivers.testing;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBase;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiProvider;
import com.pi4j.io.spi.SpiProviderBase;
import com.pi4j.plugin.mock.platform.MockPlatform;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fieldgate.drivers.adxl355.Adxl355Codec;
import org.fieldgate.drivers.adxl355.Adxl355Range;
import org.fieldgate.drivers.io.spi.Pi4jSpi;

/**
 * An ADXL355 answering over SPI like the chip (datasheet Rev. B), plugged into a pi4j context built
 * on the mock platform. pi4j's own {@code MockSpi} cannot do this: it replays bytes queued in advance,
 * whatever register is asked for. Here a pi4j {@link SpiProvider} creates {@link Spi} instances that
 * decode each transaction against an emulated register file:
 *
 * <ul>
 *   <li>first byte {@code (register << 1) | R/W}; reads and writes auto-increment, except reads of
 *       FIFO_DATA, which pop the FIFO entry by entry (an empty FIFO gives entries marked empty);</li>
 *   <li>a software reset (RESET ← 0x52) restores the power-on registers (standby, ±2 g, 4000 Hz) and
 *       empties the FIFO; clearing POWER_CTL's standby bit starts measuring;</li>
 *   <li>while measuring, samples are produced in real time at the ODR of FILTER (from
 *       {@link System#nanoTime()}, on demand at each transaction) from a {@link Signal} in m/s²,
 *       scaled by RANGE; the FIFO keeps 96 entries (32 triplets); when it overflows the oldest
 *       triplets are lost and STATUS.FIFO_OVR is set, cleared when STATUS is read (an emulator
 *       choice: the datasheet does not say how the flag clears, and the driver counts it once per
 *       read either way).</li>
 * </ul>
 * Test knobs: identity bytes, temperature, a stall of the next transaction (a reader that stops
 * reading), dropped entries (a glitch that breaks triplet alignment), failing transfers, a power
 * cycle. Every register write is recorded. {@link #close()} shuts the context down.
 */
public final class Adxl355ChipEmulator implements AutoCloseable {

    /** Acceleration in m/s² of sample {@code index} (0 = the first since measuring started). */
    @FunctionalInterface
    public interface Signal {
        double[] at(long index);
    }

    /** A register write as the chip saw it. */
    public record Write(int register, int value) {
    }

    private static final int REGISTERS = 0x30;
    private static final int TRIPLETS = Adxl355Codec.FIFO_CAPACITY / 3;

    private final Context context;
    private final Pi4jSpi devices;
    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final int[] registers = new int[REGISTERS];
    private final ArrayDeque<byte[]> fifo = new ArrayDeque<>();
    private int devidAd = Adxl355Codec.EXPECTED_DEVID_AD;
    private int devidMst = Adxl355Codec.EXPECTED_DEVID_MST;
    private int partId = Adxl355Codec.EXPECTED_PARTID;
    private volatile Signal signal = i -> new double[] {0, 0, Adxl355Codec.STANDARD_GRAVITY};
    private double temperatureC = 25;
    private boolean overrun;
    private long measuringSince = -1;
    private long produced;
    private int dropEntries;
    private int[] latest = new int[3];
    private volatile long stallNanos;
    private volatile boolean failing;
    private volatile int openDevices;
    private volatile int opens;

    public Adxl355ChipEmulator() {
        resetRegisters();
        context = Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(new Provider())
                .build();
        devices = Pi4jSpi.over(context);
    }

    /** The devices a driver opens (any bus and chip select reach this one chip). */
    public Pi4jSpi devices() {
        return devices;
    }

    public Context context() {
        return context;
    }

    public void signal(Signal s) {
        signal = s;
    }

    public synchronized void identity(int ad, int mst, int part) {
        devidAd = ad;
        devidMst = mst;
        partId = part;
    }

    public synchronized void temperature(double celsius) {
        temperatureC = celsius;
    }

    /** The next transaction waits {@code d} first while the chip keeps sampling (a stalled reader). */
    public void stallNextTransfer(Duration d) {
        stallNanos = d.toNanos();
    }

    /** The next {@code n} entries the chip produces are lost (triplet alignment breaks). */
    public synchronized void dropNextEntries(int n) {
        dropEntries = n;
    }

    /** While true every transfer fails as a failed spidev ioctl does (linuxfs-spi returns -1). */
    public void failTransfers(boolean fail) {
        failing = fail;
    }

    /** A brown-out: registers back to power-on values (standby), FIFO empty. */
    public synchronized void powerCycle() {
        resetRegisters();
    }

    public List<Write> writes() {
        return List.copyOf(writes);
    }

    public synchronized int register(int register) {
        return registers[register];
    }

    /** True while a driver holds the SPI device open. */
    public boolean isOpen() {
        return openDevices > 0;
    }

    /** How often the SPI device was opened. */
    public int opens() {
        return opens;
    }

    public synchronized boolean measuring() {
        return measuringSince >= 0;
    }

    @Override
    public void close() {
        context.shutdown();
    }

    private void resetRegisters() {
        java.util.Arrays.fill(registers, 0);
        registers[Adxl355Codec.RANGE] = Adxl355Codec.RANGE_RESET;
        registers[Adxl355Codec.POWER_CTL] = Adxl355Codec.POWER_STANDBY;
        registers[Adxl355Codec.FIFO_SAMPLES] = 0x60;
        fifo.clear();
        overrun = false;
        measuringSince = -1;
    }

    private int transfer(byte[] tx, int txOffset, byte[] rx, int rxOffset, int length) {
        long stall = stallNanos;
        if (stall > 0) {
            stallNanos = 0;
            try {
                Thread.sleep(stall / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failing) {
            return -1;
        }
        synchronized (this) {
            produce();
            int command = tx[txOffset] & 0xFF;
            int register = command >>> 1;
            boolean read = (command & 1) != 0;
            rx[rxOffset] = 0;
            byte[] entry = null;
            int entryPos = 0;
            for (int i = 1; i < length; i++) {
                if (!read) {
                    write(register, tx[txOffset + i] & 0xFF);
                    register++;
                } else if (register == Adxl355Codec.FIFO_DATA) {
                    if (entry == null || entryPos == Adxl355Codec.ENTRY_BYTES) {
                        entry = fifo.isEmpty() ? Adxl355Codec.encodeEntry(0, false, true) : fifo.poll();
                        entryPos = 0;
                    }
                    rx[rxOffset + i] = entry[entryPos++];
                } else {
                    rx[rxOffset + i] = (byte) readRegister(register);
                    register++;
                }
            }
            return length;
        }
    }

    private int readRegister(int register) {
        switch (register) {
            case Adxl355Codec.DEVID_AD:
                return devidAd;
            case Adxl355Codec.DEVID_MST:
                return devidMst;
            case Adxl355Codec.PARTID:
                return partId;
            case Adxl355Codec.REVID:
                return 0x01;
            case Adxl355Codec.STATUS: {
                int s = (fifo.isEmpty() ? 0 : Adxl355Codec.STATUS_DATA_RDY)
                        | (fifo.size() >= registers[Adxl355Codec.FIFO_SAMPLES] ? Adxl355Codec.STATUS_FIFO_FULL : 0)
                        | (overrun ? Adxl355Codec.STATUS_FIFO_OVR : 0);
                overrun = false;
                return s;
            }
            case Adxl355Codec.FIFO_ENTRIES:
                return fifo.size();
            case Adxl355Codec.TEMP2:
                return Adxl355Codec.temperatureRawOf(temperatureC) >>> 8;
            case Adxl355Codec.TEMP1:
                return Adxl355Codec.temperatureRawOf(temperatureC) & 0xFF;
            default:
                if (register >= Adxl355Codec.XDATA3 && register < Adxl355Codec.FIFO_DATA) {
                    int k = register - Adxl355Codec.XDATA3;
                    return Adxl355Codec.encodeEntry(latest[k / 3], false, false)[k % 3] & 0xFF; // no markers
                }
                return register < REGISTERS ? registers[register] : 0;
        }
    }

    private void write(int register, int value) {
        writes.add(new Write(register, value));
        if (register >= REGISTERS) {
            return;
        }
        if (register == Adxl355Codec.RESET) {
            if (value == Adxl355Codec.RESET_CODE) {
                resetRegisters();
            }
            return;
        }
        registers[register] = value;
        if (register == Adxl355Codec.POWER_CTL) {
            boolean standby = (value & Adxl355Codec.POWER_STANDBY) != 0;
            if (!standby && measuringSince < 0) {
                measuringSince = System.nanoTime();
                produced = 0;
            } else if (standby) {
                measuringSince = -1;
            }
        }
    }

    /** Adds the samples due since measuring started (real time at the ODR), as the chip would have. */
    private void produce() {
        if (measuringSince < 0) {
            return;
        }
        double rate = Adxl355Codec.rateOf(registers[Adxl355Codec.FILTER]);
        long due = (long) ((System.nanoTime() - measuringSince) / 1e9 * rate);
        if (due - produced > TRIPLETS + 1) {
            overrun = true; // only the newest fit: skip the ones that would be pushed out anyway
            produced = due - TRIPLETS - 1;
        }
        Adxl355Range range = rangeOf(registers[Adxl355Codec.RANGE]);
        while (produced < due) {
            double[] v = signal.at(produced++);
            int[] raw = {Adxl355Codec.fromMs2(v[0], range), Adxl355Codec.fromMs2(v[1], range),
                    Adxl355Codec.fromMs2(v[2], range)};
            latest = raw;
            if (fifo.size() + 3 > Adxl355Codec.FIFO_CAPACITY) {
                overrun = true; // the oldest triplet is lost
                for (int i = 0; i < 3 && !fifo.isEmpty(); i++) {
                    fifo.poll();
                }
            }
            for (int axis = 0; axis < 3; axis++) {
                if (dropEntries > 0) {
                    dropEntries--;
                    continue;
                }
                fifo.add(Adxl355Codec.encodeEntry(raw[axis], axis == 0, false));
            }
        }
    }

    private static Adxl355Range rangeOf(int rangeRegister) {
        return switch (rangeRegister & 0x03) {
            case 0b10 -> Adxl355Range.G4;
            case 0b11 -> Adxl355Range.G8;
            default -> Adxl355Range.G2;
        };
    }

    /** The pi4j provider: each SPI device it creates talks to this chip. */
    private final class Provider extends SpiProviderBase {
        Provider() {
            super("adxl355-emulator-spi", "ADXL355 emulator SPI");
        }

        @Override
        public Spi create(SpiConfig config) {
            EmulatedSpi spi = new EmulatedSpi(this, config);
            spi.open(); // as linuxfs-spi does
            this.context.registry().add(spi);
            return spi;
        }
    }

    private final class EmulatedSpi extends SpiBase {
        EmulatedSpi(SpiProvider provider, SpiConfig config) {
            super(provider, config);
        }

        @Override
        public void open() {
            if (!isOpen) {
                isOpen = true;
                openDevices++;
                opens++;
            }
        }

        @Override
        public void close() {
            if (isOpen) {
                openDevices--;
            }
            super.close();
        }

        @Override
        public int transfer(byte[] write, int writeOffset, byte[] read, int readOffset, int numberOfBytes) {
            if (!isOpen) {
                throw new IllegalStateException("SPI device is closed");
            }
            return Adxl355ChipEmulator.this.transfer(write, writeOffset, read, readOffset, numberOfBytes);
        }

        @Override
        public int write(byte b) {
            throw new UnsupportedOperationException("the ADXL355 emulator answers transfer() only");
        }

        @Override
        public int write(byte[] data, int offset, int length) {
            throw new UnsupportedOperationException("the ADXL355 emulator answers transfer() only");
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the ADXL355 emulator answers transfer() only");
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            throw new UnsupportedOperationException("the ADXL355 emulator answers transfer() only");
        }
    }
}
