package org.fieldgate.drivers.bgeigie;

import java.util.List;
import java.util.function.Supplier;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.StreamLinkDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a bGeigie logger's sentence stream (one every 5 s). Counters: {@code not_valid} (sentences
 * marked {@code V}), {@code comments} (log header lines); the GPS position is logged when it is first
 * fixed (it is the site's, not a channel).
 */
final class BgeigieDriver extends StreamLinkDriver<BgeigieSentence> {

    static final String NOT_VALID = "not_valid";
    static final String COMMENTS = "comments";

    private static final Logger LOG = LoggerFactory.getLogger(BgeigieDriver.class);

    private final BgeigieReadings convert;
    private volatile boolean positionLogged;

    BgeigieDriver(DriverContext context, BgeigieConfig c, List<ChannelSpec> channels, Supplier<ByteLink> links) {
        this(context, c, channels, links, new Holder());
    }

    private BgeigieDriver(DriverContext context, BgeigieConfig c, List<ChannelSpec> channels, Supplier<ByteLink> links,
                          Holder self) {
        super(context, channels, links, () -> new BgeigieCodec(line -> self.driver.count(COMMENTS)));
        self.driver = this;
        this.convert = new BgeigieReadings(c.cpmPerUsvH(), c.fastAboveUsvH());
        count(NOT_VALID, 0);
        count(COMMENTS, 0);
    }

    /** Lets the decoder supplier (needed by the super constructor) reach this driver. */
    private static final class Holder {
        private BgeigieDriver driver;
    }

    @Override
    protected List<Reading> readings(BgeigieSentence s, long time) {
        if (!s.valid()) {
            count(NOT_VALID);
        }
        if (s.gpsValid() && !positionLogged && Double.isFinite(s.lat()) && Double.isFinite(s.lon())) {
            positionLogged = true;
            LOG.info("sensor {}: bGeigie {} at {}, {} (GPS)", context().sensorId(), s.device(),
                    String.format(java.util.Locale.ROOT, "%.5f", s.lat()),
                    String.format(java.util.Locale.ROOT, "%.5f", s.lon()));
        }
        return convert.readings(s, time);
    }
}
