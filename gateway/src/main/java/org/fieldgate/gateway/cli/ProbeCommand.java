package org.fieldgate.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.drivers.io.transport.LinkDriver;
import org.fieldgate.gateway.config.ConfigException;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.HostPort;
import org.fieldgate.gateway.config.SensorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fieldgate probe}: opens one sensor with the driver code the gateway runs, prints what it
 * reads live, and ends with a verdict a technician can act on (wrong baud, no data, cannot open).
 * The options become the sensor's driver keys and are bound by the config loader's own binder, so
 * a probe that works means a config with the same keys works.
 */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Opens one sensor with its driver, prints readings and counters live, then a verdict:",
            "OK, NO VALID FRAMES (wrong baud/wiring/sensor), NO DATA, or CANNOT OPEN."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:readings arrived", "1:no valid readings (see the verdict)", "2:bad options"})
public final class ProbeCommand implements Callable<Integer> {

    static final int BAD_OPTIONS = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--driver", required = true, paramLabel = "ID", description = "Driver id, as `driver:` in the config.")
    String driver;

    @Option(names = "--serial", paramLabel = "PORT", description = "Serial port, e.g. /dev/serial/by-id/usb-FTDI_…")
    String serialPort;

    @Option(names = "--baud", paramLabel = "N", description = "Baud rate (default: the driver's).")
    Integer baud;

    @Option(names = "--parity", paramLabel = "none|even|odd", description = "Parity (default none).")
    String parity;

    @Option(names = "--data-bits", paramLabel = "N", description = "Data bits (default 8).")
    Integer dataBits;

    @Option(names = "--stop-bits", paramLabel = "N", description = "Stop bits (default 1).")
    Integer stopBits;

    @Option(names = "--tcp", paramLabel = "HOST:PORT", description = "Serial device server in raw TCP mode.")
    String tcp;

    @Option(names = "--gpio", paramLabel = "PIN", description = "GPIO pin (BCM) for GPIO drivers.")
    Integer gpio;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any other driver key, e.g. --set stage.datum_m=14.2 (value read as YAML).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--every", paramLabel = "DURATION", defaultValue = "1s", description = "Reading interval (default ${DEFAULT-VALUE}).")
    String every;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "20s", description = "How long to listen (default ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N readings.")
    Integer count;

    /** Where drivers come from; tests may replace it. */
    DriverRegistry drivers = DriverRegistry.load();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration listen;
        ObjectNode entry;
        try {
            listen = positive("--duration", duration);
            if (count != null && count < 1) {
                throw new IllegalArgumentException("--count: must be 1 or more, got " + count);
            }
            entry = entry();
        } catch (IllegalArgumentException e) {
            err.println("probe: " + e.getMessage());
            err.flush();
            return BAD_OPTIONS;
        }
        SensorConfig sensor;
        try {
            sensor = ConfigLoader.sensor(entry, drivers);
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("probe: " + p));
            err.flush();
            return BAD_OPTIONS;
        }

        String where = where();
        say(out, "probing " + sensor.driver() + (hasLink() ? " on " + where : "") + " every "
                + DurationText.format(sensor.every()) + " for " + DurationText.format(listen)
                + (count != null ? " or " + count + " readings" : "") + " (Ctrl-C stops)");
        ProbeVerdict verdict;
        try {
            verdict = SensorProbe.listen(sensor, where, listen, count, out);
        } catch (IOException e) {
            err.println("probe: " + e.getMessage());
            err.flush();
            return 1;
        }
        say(out, verdict.text());
        return verdict.exitCode();
    }

    /** The sensor entry the options describe: {@code id, driver, every}, the link, then each --set. */
    ObjectNode entry() {
        int links = (serialPort != null ? 1 : 0) + (tcp != null ? 1 : 0) + (gpio != null ? 1 : 0);
        if (links > 1) {
            throw new IllegalArgumentException("give one of --serial, --tcp or --gpio");
        }
        if (serialPort == null && (parity != null || dataBits != null || stopBits != null)) {
            throw new IllegalArgumentException("--parity, --data-bits and --stop-bits go with --serial");
        }
        if (baud != null && serialPort == null && tcp == null) {
            throw new IllegalArgumentException("--baud goes with --serial or --tcp");
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode entry = nodes.objectNode();
        entry.put("id", "probe");
        entry.put("driver", driver);
        entry.put("every", every);
        if (serialPort != null) {
            ObjectNode s = entry.putObject("serial");
            s.put("port", serialPort);
            putIfGiven(s, "baud", baud);
            if (parity != null) {
                s.put("parity", parity);
            }
            putIfGiven(s, "data_bits", dataBits);
            putIfGiven(s, "stop_bits", stopBits);
        } else if (tcp != null) {
            HostPort hp;
            try {
                hp = HostPort.parse(tcp);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--tcp: " + e.getMessage());
            }
            ObjectNode t = entry.putObject("tcp");
            t.put("host", hp.host());
            t.put("port", hp.port());
            putIfGiven(t, "baud", baud);
        } else if (gpio != null) {
            entry.putObject("gpio").put("pin", gpio);
        }
        for (String set : sets) {
            set(entry, set);
        }
        return entry;
    }

    /** {@code a.b=value}: value read as a YAML scalar (or flow list/mapping) into the nested key. */
    private static void set(ObjectNode entry, String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--set: expected key=value, got '" + assignment + "'");
        }
        String[] path = assignment.substring(0, eq).split("\\.", -1);
        JsonNode value = yamlValue(assignment.substring(0, eq), assignment.substring(eq + 1));
        ObjectNode at = entry;
        for (int i = 0; i < path.length - 1; i++) {
            if (path[i].isEmpty()) {
                throw new IllegalArgumentException("--set: empty key in '" + assignment + "'");
            }
            JsonNode next = at.get(path[i]);
            if (next == null || next.isNull()) {
                next = at.putObject(path[i]);
            } else if (!next.isObject()) {
                throw new IllegalArgumentException("--set " + assignment + ": " + path[i] + " is not a mapping");
            }
            at = (ObjectNode) next;
        }
        String last = path[path.length - 1];
        if (last.isEmpty()) {
            throw new IllegalArgumentException("--set: empty key in '" + assignment + "'");
        }
        at.set(last, value);
    }

    private static JsonNode yamlValue(String key, String text) {
        if (text.isEmpty()) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            JsonNode v = new YAMLMapper().readTree(text);
            return v == null || v.isMissingNode() ? JsonNodeFactory.instance.nullNode() : v;
        } catch (IOException e) {
            throw new IllegalArgumentException("--set " + key + ": not a YAML value: '" + text + "'");
        }
    }

    private static void putIfGiven(ObjectNode node, String key, Integer value) {
        if (value != null) {
            node.put(key, value);
        }
    }

    private boolean hasLink() {
        return serialPort != null || tcp != null || gpio != null;
    }

    private String where() {
        if (serialPort != null) {
            return serialPort;
        }
        if (tcp != null) {
            return tcp;
        }
        return gpio != null ? "GPIO " + gpio : "the sensor";
    }

    private static Duration positive(String option, String text) {
        try {
            Duration d = DurationText.parse(text);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(option + ": must be longer than 0");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(option) ? e.getMessage()
                    : option + ": " + e.getMessage());
        }
    }

    private static void say(PrintWriter out, String line) {
        SensorProbe.say(out, line);
    }
}
