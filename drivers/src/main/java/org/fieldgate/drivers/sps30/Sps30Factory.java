package org.fieldgate.drivers.sps30;

import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.io.transport.ByteLinks;
import org.fieldgate.drivers.io.transport.LinkConfig;

/** {@code sps30}: Sensirion SPS30 particulate matter sensor over UART (SHDLC, 115200 8N1). */
public final class Sps30Factory implements DriverFactory<Sps30Config> {

    public static final String ID = "sps30";
    public static final int DEFAULT_BAUD = 115_200;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<Sps30Config> configType() {
        return Sps30Config.class;
    }

    @Override
    public List<String> validate(Sps30Config config) {
        return LinkConfig.validate(config);
    }

    @Override
    public List<ChannelSpec> channels(Sps30Config config) {
        return Sps30Codec.CHANNELS;
    }

    @Override
    public Driver create(DriverContext context, Sps30Config config) {
        return new Sps30Driver(context, () -> ByteLinks.create(config, DEFAULT_BAUD));
    }
}
