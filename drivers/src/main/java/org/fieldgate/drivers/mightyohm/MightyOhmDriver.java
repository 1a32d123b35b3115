package org.fieldgate.drivers.mightyohm;

import java.util.List;
import java.util.function.Supplier;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.CountRate;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.StreamLinkDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a MightyOhm kit's report lines ({@link CountRate}: cpm, dose_usv_h, dose_usv_h_10m). After a
 * power-up banner the kit's 60-s count is not full: its {@code SLOW} reports of the next 60 s are
 * {@code suspect} (kept and sent, never raising or clearing an alarm); {@code FAST} and {@code INST}
 * reports are whole at once. Counters: {@code restarts} (banners seen), {@code fast} (readings the kit
 * made from its 5-s or 1-s count).
 */
final class MightyOhmDriver extends StreamLinkDriver<MightyOhmLine> {

    static final String RESTARTS = "restarts";
    static final String FAST = "fast";
    /** How long after a banner the kit's 60-s count is still filling. */
    static final long FILLING_NANOS = 60_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(MightyOhmDriver.class);

    private final CountRate rate;
    /** {@link System#nanoTime} at which the count is full after the last banner; 0 = full. */
    private volatile long fullAt;

    MightyOhmDriver(DriverContext context, MightyOhmConfig c, List<ChannelSpec> channels, Supplier<ByteLink> links) {
        this(context, c, channels, links, new Holder());
    }

    private MightyOhmDriver(DriverContext context, MightyOhmConfig c, List<ChannelSpec> channels,
                            Supplier<ByteLink> links, Holder self) {
        super(context, channels, links, () -> new MightyOhmCodec(c.deviceFactor(), line -> self.driver.banner(line)));
        self.driver = this;
        this.rate = new CountRate(c.cpmPerUsvH());
        count(RESTARTS, 0);
        count(FAST, 0);
    }

    /** Lets the decoder supplier (needed by the super constructor) reach this driver. */
    private static final class Holder {
        private MightyOhmDriver driver;
    }

    private void banner(String line) {
        if (line.toLowerCase(java.util.Locale.ROOT).contains("geiger counter")) {
            count(RESTARTS);
            fullAt = System.nanoTime() + FILLING_NANOS;
            LOG.info("sensor {}: the Geiger counter started ({}); its minute count is full in 60 s",
                    context().sensorId(), line);
        }
    }

    @Override
    protected List<Reading> readings(MightyOhmLine line, long time) {
        boolean full = true;
        if (line.mode().equals("SLOW")) {
            long at = fullAt;
            full = at == 0 || System.nanoTime() - at >= 0;
        } else {
            count(FAST);
        }
        return rate.readings(time, line.cpm(), full ? Quality.OK : Quality.SUSPECT);
    }
}
