package org.fieldgate.drivers.mightyohm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.ConfigProblems;
import org.fieldgate.drivers.CountRate;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.io.transport.ByteLinks;
import org.fieldgate.drivers.io.transport.LinkConfig;

/** {@code mightyohm}: a MightyOhm or LVA Geiger counter kit on its serial header. */
public final class MightyOhmFactory implements DriverFactory<MightyOhmConfig> {

    public static final String ID = "mightyohm";
    static final int DEFAULT_BAUD = 9600;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<MightyOhmConfig> configType() {
        return MightyOhmConfig.class;
    }

    @Override
    public List<String> validate(MightyOhmConfig c) {
        List<String> problems = new ArrayList<>(LinkConfig.validate(c));
        ConfigProblems p = new ConfigProblems("");
        p.check(c.cpmPerUsvH() > 0 && c.cpmPerUsvH() < 1_000_000, "cpm_per_usv_h",
                "must be above 0 (the tube's counts per minute per uSv/h, 175.4 for the SBM-20), got " + c.cpmPerUsvH());
        p.check(c.deviceFactor() >= 0 && c.deviceFactor() < 1, "device_usv_per_cpm",
                "must be from 0 (no check) to below 1 (the kit firmware's uSv/h per CPM, 0.0057), got " + c.deviceFactor());
        problems.addAll(p.list());
        return problems;
    }

    @Override
    public List<ChannelSpec> channels(MightyOhmConfig c) {
        return CountRate.CHANNELS;
    }

    /** The kit reports every second a count over the last minute: one reading in 5 s loses nothing of it. */
    @Override
    public Duration defaultEvery() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Driver create(DriverContext context, MightyOhmConfig c) {
        return new MightyOhmDriver(context, c, channels(c), () -> ByteLinks.create(c, DEFAULT_BAUD));
    }
}
