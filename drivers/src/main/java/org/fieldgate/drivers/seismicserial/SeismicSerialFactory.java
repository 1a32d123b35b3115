package org.fieldgate.drivers.seismicserial;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.io.transport.ByteLinks;
import org.fieldgate.drivers.io.transport.LinkConfig;

/**
 * {@code seismic-serial}: a digitizer board (a microcontroller with an accelerometer or geophone ADC)
 * streaming FGS1 frames over a UART (115200 8N1) or a serial device server. Delivers waveform blocks
 * as they arrive; {@code every} only sets when the sensor counts as silent.
 */
public final class SeismicSerialFactory implements DriverFactory<SeismicSerialConfig> {

    public static final String ID = "seismic-serial";
    public static final int DEFAULT_BAUD = 115_200;
    public static final String UNIT = "m/s2";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<SeismicSerialConfig> configType() {
        return SeismicSerialConfig.class;
    }

    @Override
    public List<String> validate(SeismicSerialConfig config) {
        List<String> problems = new ArrayList<>(LinkConfig.validate(config));
        Double scale = config.scale();
        if (scale == null) {
            problems.add("scale: required: m/s2 per ADC count, e.g. 3.8307e-5");
        } else if (!(scale > 0) || scale.isInfinite()) {
            problems.add("scale: must be a positive number of m/s2 per count, got " + scale);
        }
        Double rate = config.rate();
        if (rate == null) {
            problems.add("rate: required: the board's sample rate in Hz, e.g. 31.25");
        } else if (!(rate >= 0.01 && rate <= 655.35)) {
            problems.add("rate: must be 0.01 to 655.35 Hz, got " + rate);
        } else if (Math.abs(rate * 100 - Math.round(rate * 100)) > 1e-6) {
            problems.add("rate: must be a multiple of 0.01 Hz (the frames' unit), got " + rate);
        }
        if (config.axes() != 1 && config.axes() != 3) {
            problems.add("axes: must be 3 (x, y, z) or 1 (z only), got " + config.axes());
        }
        return problems;
    }

    @Override
    public List<ChannelSpec> channels(SeismicSerialConfig config) {
        // the physical range is what a 24-bit count can say
        double scale = config.scale() == null ? 1 : config.scale();
        double min = Fgs1Frame.MIN_COUNT * scale;
        double max = Fgs1Frame.MAX_COUNT * scale;
        List<ChannelSpec> channels = new ArrayList<>();
        for (String axis : PacketAssembler.axisNames(config.axes())) {
            channels.add(ChannelSpec.axis(axis, UNIT, min, max));
        }
        return List.copyOf(channels);
    }

    /** Blocks arrive every few tens of ms: silent after 3 s without one. */
    @Override
    public Duration defaultEvery() {
        return Duration.ofSeconds(1);
    }

    @Override
    public Driver create(DriverContext context, SeismicSerialConfig config) {
        return new SeismicSerialDriver(context, config, () -> ByteLinks.create(config, DEFAULT_BAUD));
    }
}
