package org.fieldgate.drivers.bgeigie;

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

/** {@code bgeigie}: a Safecast bGeigie Nano, Mini or NX radiation logger on its serial port. */
public final class BgeigieFactory implements DriverFactory<BgeigieConfig> {

    public static final String ID = "bgeigie";
    static final int DEFAULT_BAUD = 9600;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<BgeigieConfig> configType() {
        return BgeigieConfig.class;
    }

    @Override
    public List<String> validate(BgeigieConfig c) {
        List<String> problems = new ArrayList<>(LinkConfig.validate(c));
        ConfigProblems p = new ConfigProblems("");
        p.check(c.cpmPerUsvH() > 0 && c.cpmPerUsvH() < 1_000_000, "cpm_per_usv_h",
                "must be above 0 (the tube's counts per minute per uSv/h, 334 for the LND 7317), got " + c.cpmPerUsvH());
        p.check(c.fastAboveUsvH() == null || c.fastAboveUsvH() > 0, "fast_above_usv_h",
                "must be above 0 (a dose rate in uSv/h, e.g. 1.0), got " + c.fastAboveUsvH());
        problems.addAll(p.list());
        return problems;
    }

    @Override
    public List<ChannelSpec> channels(BgeigieConfig c) {
        return CountRate.CHANNELS;
    }

    @Override
    public Duration defaultEvery() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Driver create(DriverContext context, BgeigieConfig c) {
        return new BgeigieDriver(context, c, channels(c), () -> ByteLinks.create(c, DEFAULT_BAUD));
    }
}
