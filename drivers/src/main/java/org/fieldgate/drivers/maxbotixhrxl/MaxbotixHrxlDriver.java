package org.fieldgate.drivers.maxbotixhrxl;

import java.util.List;
import java.util.function.Supplier;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.StreamDecoder;
import org.fieldgate.drivers.io.transport.StreamLinkDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an HRXL-MaxSonar-WR in free-run mode: the sensor sends a range several times a second; the
 * driver (optionally) takes the median of the last {@code median_of} ranges and keeps one reading per
 * {@code every}. Power-up banner lines are counted ({@code banner_lines}) and logged once per banner,
 * never as errors.
 */
final class MaxbotixHrxlDriver extends StreamLinkDriver<HrxlRange> {

    /** Power-up banner lines seen (one banner = about six lines: the sensor was power-cycled). */
    static final String BANNER_LINES = "banner_lines";

    private static final Logger LOG = LoggerFactory.getLogger(MaxbotixHrxlDriver.class);

    private final MaxbotixHrxlReadings convert;

    MaxbotixHrxlDriver(DriverContext context, MaxbotixHrxlConfig c, List<ChannelSpec> channels,
                       Supplier<ByteLink> links) {
        this(context, c, channels, links, new Holder());
    }

    private MaxbotixHrxlDriver(DriverContext context, MaxbotixHrxlConfig c, List<ChannelSpec> channels,
                               Supplier<ByteLink> links, Holder self) {
        super(context, channels, links, () -> self.driver.decoder(c));
        self.driver = this;
        this.convert = new MaxbotixHrxlReadings(c.modelRangeMm().min(), c.modelRangeMm().max(),
                c.stage() == null ? null : c.stage().datumM(), c.stage() == null ? null : c.stage().channel());
        count(BANNER_LINES, 0);
    }

    /** Lets the decoder supplier (needed by the super constructor) reach this driver. */
    private static final class Holder {
        private MaxbotixHrxlDriver driver;
    }

    private StreamDecoder<HrxlRange> decoder(MaxbotixHrxlConfig c) {
        MaxbotixHrxlCodec codec = new MaxbotixHrxlCodec(c.units(), this::bannerLine);
        return c.medianOf() > 1 ? new MedianFilter(codec, c.medianOf()) : codec;
    }

    private void bannerLine(String text) {
        count(BANNER_LINES);
        if (text.toLowerCase(java.util.Locale.ROOT).contains("maxsonar")) {
            LOG.info("sensor {}: power-up banner from {}", context().sensorId(), text);
        } else {
            LOG.debug("sensor {}: banner line '{}'", context().sensorId(), text);
        }
    }

    @Override
    protected List<Reading> readings(HrxlRange frame, long time) {
        return convert.readings(frame, time);
    }
}
