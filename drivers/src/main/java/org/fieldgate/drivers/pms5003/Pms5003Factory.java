package org.fieldgate.drivers.pms5003;

import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.io.transport.ByteLinks;
import org.fieldgate.drivers.io.transport.LinkConfig;

/** {@code pms5003}: Plantower PMS5003 family laser particle counters over UART (9600 8N1). */
public final class Pms5003Factory implements DriverFactory<Pms5003Config> {

    public static final String ID = "pms5003";
    public static final int DEFAULT_BAUD = 9600;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<Pms5003Config> configType() {
        return Pms5003Config.class;
    }

    @Override
    public List<String> validate(Pms5003Config config) {
        List<String> problems = new ArrayList<>(LinkConfig.validate(config));
        if (!List.of(Pms5003Config.ACTIVE, Pms5003Config.PASSIVE).contains(config.mode())) {
            problems.add("mode: must be active or passive, got '" + config.mode() + "'");
        }
        if (Pms5003Variant.of(config.variant()) == null) {
            problems.add("variant: must be pms5003 or pms5003t, got '" + config.variant() + "'");
        }
        return problems;
    }

    @Override
    public List<ChannelSpec> channels(Pms5003Config config) {
        return Pms5003Codec.channels(variant(config));
    }

    @Override
    public Driver create(DriverContext context, Pms5003Config config) {
        return new Pms5003Driver(context, config.passive(), variant(config),
                () -> ByteLinks.create(config, DEFAULT_BAUD));
    }

    private static Pms5003Variant variant(Pms5003Config config) {
        Pms5003Variant v = Pms5003Variant.of(config.variant());
        return v == null ? Pms5003Variant.PMS5003 : v;
    }
}
