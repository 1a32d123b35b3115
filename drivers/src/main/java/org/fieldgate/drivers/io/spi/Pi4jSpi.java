package org.fieldgate.drivers.io.spi;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBus;
import com.pi4j.io.spi.SpiChipSelect;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiMode;
import com.pi4j.plugin.linuxfs.provider.spi.LinuxFsSpiProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fieldgate.drivers.io.gpio.Pi4jGpio;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SpiDevices} over a pi4j 2.8.0 {@link Context} (LIBRARY-NOTES A.2).
 *
 * <p>Production ({@link #production()}) is one process-wide context built on the first open with one
 * explicit provider, {@code linuxfs-spi} ({@code /dev/spidevB.C} through JNA ioctls): nothing
 * auto-detected, so a pi4j mock on the class path can never answer in place of the chip (a context
 * with a {@code mock} provider is refused). It is separate from the GPIO context: the linuxfs SPI
 * provider holds no JVM-wide state to share. A missing device node is reported as such before pi4j
 * is asked (its own message would be "Failed to open SPI device").
 *
 * <p>Tests pass their own context (a pi4j mock platform with an emulated chip) to {@link #over}.
 */
public final class Pi4jSpi implements SpiDevices {

    private static final Logger log = LoggerFactory.getLogger(Pi4jSpi.class);
    private static final Pi4jSpi PRODUCTION = new Pi4jSpi(null, true);

    private final boolean production;
    private Context context; // guarded by this

    private Pi4jSpi(Context context, boolean production) {
        this.context = context;
        this.production = production;
    }

    /** The gateway's SPI: the shared linuxfs-spi context, built on the first open. */
    public static Pi4jSpi production() {
        return PRODUCTION;
    }

    /** Devices from a context the caller built and shuts down (tests). */
    public static Pi4jSpi over(Context context) {
        return new Pi4jSpi(context, false);
    }

    @Override
    public SpiDevice open(SpiSettings settings) throws IOException {
        String device = settings.device();
        if (production && !Files.exists(Path.of(device))) {
            throw new IOException(device + " does not exist: SPI is not enabled (dtparam=spi=on in "
                    + "/boot/firmware/config.txt, then reboot) or this is not a Raspberry Pi");
        }
        String id = "fieldgate-spi-" + settings.bus() + "." + settings.chipSelect();
        Context c = context();
        Spi spi;
        synchronized (this) {
            if (c.registry().exists(id)) {
                throw new IOException(device + " is already open (two sensors on one chip select?)");
            }
            try {
                SpiConfig config = Spi.newConfigBuilder(c)
                        .id(id)
                        .name(device)
                        .bus(SpiBus.getByNumber(settings.bus()))
                        .chipSelect(SpiChipSelect.getByNumber(settings.chipSelect()))
                        .address(settings.chipSelect())
                        .mode(SpiMode.MODE_0)
                        .baud(settings.speed())
                        .build();
                spi = c.create(config);
            } catch (RuntimeException | LinkageError e) {
                throw new IOException(device + " cannot be opened: " + (e.getMessage() == null ? e : e.getMessage())
                        + (production ? " (is the gateway's user in the spi group?)" : ""), e);
            }
        }
        return new Pi4jDevice(id, device + " at " + settings.speed() + " Hz (" + spi.provider().id() + ")", spi, c);
    }

    private synchronized Context context() throws IOException {
        if (context == null) {
            context = linuxfsContext();
        }
        return context;
    }

    private static Context linuxfsContext() throws IOException {
        Context c;
        try {
            c = Pi4J.newContextBuilder()
                    .noAutoDetectPlatforms()
                    .noAutoDetectProviders()
                    .add(LinuxFsSpiProvider.newInstance())
                    .enableShutdownHook()
                    .build();
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("SPI not available on this machine: pi4j linuxfs-spi did not start: " + e, e);
        }
        log.info("pi4j SPI providers: {}", Pi4jGpio.describe(c));
        List<String> mocks = Pi4jGpio.mockProviders(c);
        if (!mocks.isEmpty()) {
            c.shutdown();
            throw new IOException("pi4j mock provider(s) " + mocks + " in the SPI context: refusing to read a fake"
                    + " chip outside tests (is pi4j-plugin-mock on the runtime class path?)");
        }
        return c;
    }

    private final class Pi4jDevice implements SpiDevice {
        private final String id;
        private final String description;
        private final Spi spi;
        private final Context owner;
        private boolean closed;

        Pi4jDevice(String id, String description, Spi spi, Context owner) {
            this.id = id;
            this.description = description;
            this.spi = spi;
            this.owner = owner;
        }

        @Override
        public byte[] transfer(byte[] tx) throws IOException {
            if (closed) {
                throw new IOException(description + " is closed");
            }
            byte[] rx = new byte[tx.length];
            int n;
            try {
                n = spi.transfer(tx, 0, rx, 0, tx.length);
            } catch (RuntimeException e) {
                throw new IOException(description + ": transfer failed: " + e.getMessage(), e);
            }
            // linuxfs-spi logs a failed ioctl and returns -1 rather than throwing
            if (n < 0) {
                throw new IOException(description + ": transfer failed (ioctl error)");
            }
            return rx;
        }

        @Override
        public String describe() {
            return description;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                spi.close();
            } catch (RuntimeException e) {
                log.warn("{}: closing failed: {}", description, e.toString());
            }
            synchronized (Pi4jSpi.this) {
                try {
                    if (owner.registry().exists(id)) {
                        owner.shutdown(id);
                    }
                } catch (RuntimeException e) {
                    log.warn("{}: releasing failed: {}", description, e.toString());
                }
            }
        }
    }
}
