package org.fieldgate.drivers.sdi12;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.ConfigProblems;
import org.fieldgate.drivers.io.transport.ByteLinks;
import org.fieldgate.drivers.io.transport.LinkConfig;

/** {@code sdi12}: an SDI-12 recorder for the sensors on one bus, through a serial SDI-12 adapter. */
public final class Sdi12Factory implements DriverFactory<Sdi12Config> {

    public static final String ID = "sdi12";
    static final int DEFAULT_BAUD = 9600;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<Sdi12Config> configType() {
        return Sdi12Config.class;
    }

    @Override
    public Duration defaultEvery() {
        return Duration.ofMinutes(1);
    }

    @Override
    public List<String> validate(Sdi12Config c) {
        List<String> problems = new ArrayList<>(LinkConfig.validate(c));
        ConfigProblems p = new ConfigProblems("");
        p.check(!c.sensors().isEmpty(), "sensors", "list at least one sensor: { address: \"0\", channels: [ … ] }");
        Set<String> addresses = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int s = 0; s < c.sensors().size(); s++) {
            Sdi12Config.Sensor sensor = c.sensors().get(s);
            String at = "sensors[" + s + "].";
            String a = sensor.address();
            if (a == null || a.length() != 1 || !Sdi12Codec.validAddress(a.charAt(0))) {
                p.add(at + "address", "must be one character 0-9, a-z or A-Z, got " + (a == null ? "nothing" : "'" + a + "'"));
            } else if (!addresses.add(a)) {
                p.add(at + "address", "'" + a + "' is used by another sensor on this bus");
            }
            p.check(!sensor.channels().isEmpty(), at + "channels", "list at least one channel");
            for (int k = 0; k < sensor.channels().size(); k++) {
                checkChannel(p, at + "channels[" + k + "].", sensor.channels().get(k), names);
            }
        }
        Duration timeout = p.duration("response_timeout", c.responseTimeout());
        if (timeout != null) {
            p.check(timeout.toMillis() >= 10 && timeout.toMillis() <= 60_000, "response_timeout",
                    "must be 10ms to 60s, got " + c.responseTimeout());
        }
        p.check(c.retries() >= 0 && c.retries() <= 10, "retries", "must be 0 to 10, got " + c.retries());
        problems.addAll(p.list());
        return problems;
    }

    private static void checkChannel(ConfigProblems p, String at, Sdi12Config.Channel ch, Set<String> names) {
        if (ch.name() == null || !NAME.matcher(ch.name()).matches()) {
            p.add(at + "name", "must be snake case like stage_m, got " + (ch.name() == null ? "nothing" : "'" + ch.name() + "'"));
        } else if (!names.add(ch.name())) {
            p.add(at + "name", "'" + ch.name() + "' is used twice in this sensor entry");
        }
        p.check(ch.index() != null && ch.index() >= 0 && ch.index() <= 8, at + "index",
                "must be 0 to 8 (aM! gives at most 9 values), got " + ch.index());
        p.check(ch.unit() != null && !ch.unit().isBlank(), at + "unit", "required, e.g. m");
        if (ch.min() == null || ch.max() == null) {
            p.add(at + (ch.min() == null ? "min" : "max"), "required: the channel's physical range");
        } else {
            p.check(ch.max() > ch.min(), at + "max", "must be above min");
        }
        p.check(Double.isFinite(ch.scale()) && ch.scale() != 0, at + "scale", "must be a non-zero number");
        p.check(Double.isFinite(ch.offset()), at + "offset", "must be a number");
    }

    @Override
    public List<ChannelSpec> channels(Sdi12Config c) {
        List<ChannelSpec> out = new ArrayList<>();
        for (Sdi12Config.Sensor s : c.sensors()) {
            for (Sdi12Config.Channel ch : s.channels()) {
                out.add(ChannelSpec.scalar(ch.name(), ch.unit(), ch.min(), ch.max()));
            }
        }
        return out;
    }

    @Override
    public Driver create(DriverContext context, Sdi12Config c) {
        return new Sdi12Driver(context, c, channels(c), () -> ByteLinks.create(c, DEFAULT_BAUD));
    }
}
