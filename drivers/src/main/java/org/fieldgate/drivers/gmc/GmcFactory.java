package org.fieldgate.drivers.gmc;

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

/** {@code gmc}: a GQ Electronics GMC-300/320/500+/600/800 Geiger counter on its USB serial port. */
public final class GmcFactory implements DriverFactory<GmcConfig> {

    public static final String ID = "gmc";
    static final int DEFAULT_BAUD = 115_200;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<GmcConfig> configType() {
        return GmcConfig.class;
    }

    @Override
    public List<String> validate(GmcConfig c) {
        List<String> problems = new ArrayList<>(LinkConfig.validate(c));
        ConfigProblems p = new ConfigProblems("");
        p.check(c.cpmPerUsvH() > 0 && c.cpmPerUsvH() < 1_000_000, "cpm_per_usv_h",
                "must be above 0 (the tube's counts per minute per uSv/h, 153.8 for the M4011), got " + c.cpmPerUsvH());
        Duration timeout = p.duration("response_timeout", c.responseTimeout());
        if (timeout != null) {
            p.check(timeout.toMillis() >= 50 && timeout.toMillis() <= 10_000, "response_timeout", "from 50ms to 10s");
        }
        problems.addAll(p.list());
        return problems;
    }

    @Override
    public List<ChannelSpec> channels(GmcConfig c) {
        return List.of(CountRate.CPM, CountRate.DOSE, CountRate.DOSE_10M, GmcDriver.BATTERY);
    }

    @Override
    public Duration defaultEvery() {
        return Duration.ofSeconds(10);
    }

    @Override
    public Driver create(DriverContext context, GmcConfig c) {
        return new GmcDriver(context, c, channels(c), () -> ByteLinks.create(c, DEFAULT_BAUD));
    }
}
