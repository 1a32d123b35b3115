package org.fieldgate.drivers.sds011;

import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.io.transport.ByteLinks;
import org.fieldgate.drivers.io.transport.LinkConfig;

/** {@code sds011}: Nova Fitness SDS011 laser dust sensor over UART (9600 8N1). */
public final class Sds011Factory implements DriverFactory<Sds011Config> {

    public static final String ID = "sds011";
    public static final int DEFAULT_BAUD = 9600;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<Sds011Config> configType() {
        return Sds011Config.class;
    }

    @Override
    public List<String> validate(Sds011Config config) {
        List<String> problems = new ArrayList<>(LinkConfig.validate(config));
        if (config.workingPeriod() < 0 || config.workingPeriod() > 30) {
            problems.add("working_period: must be 0 (continuous) to 30 minutes, got " + config.workingPeriod());
        }
        return problems;
    }

    @Override
    public List<ChannelSpec> channels(Sds011Config config) {
        return Sds011Codec.CHANNELS;
    }

    @Override
    public Driver create(DriverContext context, Sds011Config config) {
        return new Sds011Driver(context, config.workingPeriod(), () -> ByteLinks.create(config, DEFAULT_BAUD));
    }
}
