package org.fieldgate.drivers.modbusrtu;

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

/**
 * {@code modbus-rtu}: a Modbus RTU master on an RS-485 bus (a serial port, or raw TCP to a device
 * server) reading a configured register map from one or more slaves: radar level sensors, pressure
 * transducers, rain gauges with a Modbus interface.
 */
public final class ModbusRtuFactory implements DriverFactory<ModbusRtuConfig> {

    public static final String ID = "modbus-rtu";
    /** The baud rate when {@code serial.baud} is absent: the factory setting of most RS-485 sensors. */
    public static final int DEFAULT_BAUD = 9600;

    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_]*");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<ModbusRtuConfig> configType() {
        return ModbusRtuConfig.class;
    }

    @Override
    public Duration defaultEvery() {
        return Duration.ofSeconds(10);
    }

    @Override
    public List<String> validate(ModbusRtuConfig config) {
        List<String> problems = new ArrayList<>(LinkConfig.validate(config));
        problems.addAll(check(config).list());
        return problems;
    }

    private static ConfigProblems check(ModbusRtuConfig config) {
        ModbusRtuConfig.Modbus m = config.modbus();
        ConfigProblems p = new ConfigProblems("modbus.");
        Duration timeout = p.duration("response_timeout", m.responseTimeout());
        if (timeout != null) {
            p.check(!timeout.isZero() && timeout.compareTo(Duration.ofSeconds(10)) <= 0,
                    "response_timeout", "must be above 0 and at most 10s, got " + m.responseTimeout());
        }
        Duration gap = p.duration("frame_gap", m.frameGap());
        if (gap != null && timeout != null) {
            p.check(gap.compareTo(timeout) < 0, "frame_gap", "must be shorter than response_timeout");
        }
        p.check(m.retries() >= 0 && m.retries() <= 10, "retries", "must be 0 to 10, got " + m.retries());
        p.check(!m.slaves().isEmpty(), "slaves", "list at least one slave with its registers");
        Set<Integer> addresses = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < m.slaves().size(); i++) {
            ModbusRtuConfig.Slave s = m.slaves().get(i);
            String at = "slaves[" + i + "]";
            if (s.address() == null) {
                p.add(at + ".address", "required: the slave address, 1 to 247");
            } else if (s.address() < 1 || s.address() > 247) {
                p.add(at + ".address", "must be 1 to 247, got " + s.address());
            } else if (!addresses.add(s.address())) {
                p.add(at + ".address", "slave " + s.address() + " is listed twice");
            }
            p.check(!s.registers().isEmpty(), at + ".registers", "list at least one register");
            for (int j = 0; j < s.registers().size(); j++) {
                checkRegister(p, at + ".registers[" + j + "]", s.registers().get(j), names);
            }
            for (int j = 0; j < s.setup().size(); j++) {
                checkWrite(p, at + ".setup[" + j + "]", s.setup().get(j));
            }
        }
        return p;
    }

    private static void checkRegister(ConfigProblems p, String at, ModbusRtuConfig.Register r, Set<String> names) {
        if (r.name() == null) {
            p.add(at + ".name", "required: the channel name, e.g. stage_m");
        } else if (!CHANNEL.matcher(r.name()).matches()) {
            p.add(at + ".name", "'" + r.name() + "' is not a channel name (snake case: a-z, 0-9, _)");
        } else if (!names.add(r.name())) {
            p.add(at + ".name", "channel '" + r.name() + "' is defined twice");
        }
        p.check(r.function() == ModbusRtuCodec.READ_HOLDING || r.function() == ModbusRtuCodec.READ_INPUT,
                at + ".function", "must be 3 (holding) or 4 (input), got " + r.function());
        RegisterType type = RegisterType.parse(r.type());
        p.check(type != null, at + ".type",
                "must be int16, uint16, int32, uint32 or float32, got '" + r.type() + "'");
        p.check(WordOrder.parse(r.wordOrder()) != null, at + ".word_order",
                "must be big or little, got '" + r.wordOrder() + "'");
        if (r.address() == null) {
            p.add(at + ".address", "required: the register address, 0 to 65535");
        } else {
            int words = type == null ? 1 : type.words();
            p.check(r.address() >= 0 && r.address() + words - 1 <= 65535, at + ".address",
                    words == 1 ? "must be 0 to 65535, got " + r.address()
                            : "must be 0 to 65534 for a 32-bit type, got " + r.address());
        }
        p.check(Double.isFinite(r.scale()) && r.scale() != 0, at + ".scale", "must be a number other than 0");
        p.check(Double.isFinite(r.offset()), at + ".offset", "must be a number");
        p.check(r.min() < r.max(), at + ".max", "must be above min");
    }

    private static void checkWrite(ConfigProblems p, String at, ModbusRtuConfig.Write w) {
        if (w.function() != ModbusRtuCodec.WRITE_SINGLE && w.function() != ModbusRtuCodec.WRITE_MULTIPLE) {
            p.add(at + ".function", "must be 6 (one register) or 16 (several), got " + w.function());
        }
        if (w.address() == null) {
            p.add(at + ".address", "required: the first register address, 0 to 65535");
        } else if (w.address() < 0 || w.address() + Math.max(1, w.values().size()) - 1 > 65535) {
            p.add(at + ".address", "registers must lie in 0 to 65535, got " + w.address());
        }
        if (w.values().isEmpty()) {
            p.add(at + ".values", "list the value(s) to write");
        } else if (w.function() == ModbusRtuCodec.WRITE_SINGLE && w.values().size() != 1) {
            p.add(at + ".values", "function 6 writes exactly one value, got " + w.values().size());
        } else if (w.values().size() > ModbusRtuCodec.MAX_WRITE) {
            p.add(at + ".values", "at most " + ModbusRtuCodec.MAX_WRITE + " values in one write");
        }
        for (int k = 0; k < w.values().size(); k++) {
            Integer v = w.values().get(k);
            p.check(v != null && v >= -32768 && v <= 65535, at + ".values[" + k + "]",
                    "must be -32768 to 65535, got " + v);
        }
    }

    @Override
    public List<ChannelSpec> channels(ModbusRtuConfig config) {
        List<ChannelSpec> channels = new ArrayList<>();
        for (ModbusRtuConfig.Slave s : config.modbus().slaves()) {
            for (ModbusRtuConfig.Register r : s.registers()) {
                channels.add(ChannelSpec.scalar(r.name(), r.unit(), r.min(), r.max()));
            }
        }
        return channels;
    }

    @Override
    public Driver create(DriverContext context, ModbusRtuConfig config) {
        return new ModbusRtuDriver(context, config, channels(config), () -> ByteLinks.create(config, DEFAULT_BAUD));
    }
}
