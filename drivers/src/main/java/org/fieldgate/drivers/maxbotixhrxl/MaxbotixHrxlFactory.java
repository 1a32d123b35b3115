package org.fieldgate.drivers.maxbotixhrxl;

import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.ConfigProblems;
import org.fieldgate.drivers.io.transport.ByteLinks;
import org.fieldgate.drivers.io.transport.LinkConfig;

/** {@code maxbotix-hrxl}: a MaxBotix HRXL-MaxSonar-WR ultrasonic range finder over a river. */
public final class MaxbotixHrxlFactory implements DriverFactory<MaxbotixHrxlConfig> {

    public static final String ID = "maxbotix-hrxl";
    static final int DEFAULT_BAUD = 9600;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<MaxbotixHrxlConfig> configType() {
        return MaxbotixHrxlConfig.class;
    }

    @Override
    public List<String> validate(MaxbotixHrxlConfig c) {
        List<String> problems = new ArrayList<>(LinkConfig.validate(c));
        ConfigProblems p = new ConfigProblems("");
        p.check(List.of("mm", "cm").contains(c.units()), "units", "must be mm or cm, got '" + c.units() + "'");
        MaxbotixHrxlConfig.ModelRange r = c.modelRangeMm();
        p.check(r.min() >= 0, "model_range_mm.min", "must not be negative");
        p.check(r.max() > r.min(), "model_range_mm.max", "must be above min");
        p.check(r.max() <= 9999, "model_range_mm.max", "must be at most 9999 (the sensor sends 4 digits)");
        p.check(c.medianOf() >= 1 && c.medianOf() <= 99, "median_of",
                "must be 1 (no filter) to 99, got " + c.medianOf());
        if (c.stage() != null) {
            Double d = c.stage().datumM();
            p.check(d != null && Double.isFinite(d), "stage.datum_m",
                    "required: height of the sensor face above the station datum, m");
            p.check(List.of("stage_m", "sea_level_m").contains(c.stage().channel()), "stage.channel",
                    "stage_m (a river) or sea_level_m (a tide gauge), got '" + c.stage().channel() + "'");
        }
        problems.addAll(p.list());
        return problems;
    }

    @Override
    public List<ChannelSpec> channels(MaxbotixHrxlConfig c) {
        return c.stage() == null ? List.of(MaxbotixHrxlReadings.DISTANCE)
                : List.of(MaxbotixHrxlReadings.DISTANCE, MaxbotixHrxlReadings.level(c.stage().channel()));
    }

    @Override
    public Driver create(DriverContext context, MaxbotixHrxlConfig c) {
        return new MaxbotixHrxlDriver(context, c, channels(c), () -> ByteLinks.create(c, DEFAULT_BAUD));
    }
}
