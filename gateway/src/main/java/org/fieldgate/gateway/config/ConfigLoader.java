package org.fieldgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.fieldgate.drivers.DriverRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a gateway config file strictly (DESIGN.md, "Config contract"): unknown keys, wrong types,
 * bad durations/sizes/ids, unknown drivers, rules on missing channels, missing files and so on are
 * all errors, and every one of them is reported, not just the first.
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private ConfigLoader() {
    }

    /**
     * The config in {@code file}, with every default filled in and relative paths resolved
     * against the file's folder.
     *
     * @throws ConfigException listing every problem when the file is not a valid config
     */
    public static FieldgateConfig load(Path file, DriverRegistry drivers) throws ConfigException {
        Loaded loaded = loadWithWarnings(file, drivers);
        loaded.warnings().forEach(w -> LOG.warn("{}: {}", file, w));
        return loaded.config();
    }

    /** A valid config and what its file should still change (an old key name). */
    public record Loaded(FieldgateConfig config, List<ConfigProblem> warnings) {
    }

    /**
     * As {@link #load}, with the warnings returned instead of logged ({@code fieldgate check}).
     *
     * @throws ConfigException listing every problem when the file is not a valid config
     */
    public static Loaded loadWithWarnings(Path file, DriverRegistry drivers) throws ConfigException {
        return loadWithWarnings(file, file.toAbsolutePath().getParent(), drivers);
    }

    /**
     * As {@link #loadWithWarnings(Path, DriverRegistry)}, with relative paths resolved against
     * {@code baseDir} instead of the file's folder (a remote config version stored next to the store
     * means what it would mean as the local file).
     */
    public static Loaded loadWithWarnings(Path file, Path baseDir, DriverRegistry drivers) throws ConfigException {
        Problems problems = new Problems();
        FieldgateConfig config = read(file, baseDir, drivers, problems);
        if (config == null || !problems.isEmpty()) {
            throw new ConfigException(file.toString(), sorted(problems.list()));
        }
        return new Loaded(config, sorted(problems.warnings()));
    }

    /** Every problem of {@code file} in file order; empty when it is a valid config. */
    public static List<ConfigProblem> check(Path file, DriverRegistry drivers) {
        return check(file, file.toAbsolutePath().getParent(), drivers);
    }

    /** As {@link #check(Path, DriverRegistry)}, with relative paths resolved against {@code baseDir}. */
    public static List<ConfigProblem> check(Path file, Path baseDir, DriverRegistry drivers) {
        Problems problems = new Problems();
        read(file, baseDir, drivers, problems);
        return sorted(problems.list());
    }

    /**
     * Binds one sensor entry on its own ({@code id}, {@code driver}, {@code every} and the driver's
     * keys) with exactly the checks an entry of {@code sensors:} gets: the driver's strict binding
     * and its {@code validate}. Used by {@code fieldgate probe}; problem paths are relative to the
     * entry ({@code serial.baud}).
     *
     * @throws ConfigException listing every problem of the entry
     */
    public static SensorConfig sensor(JsonNode entry, DriverRegistry drivers) throws ConfigException {
        Problems problems = new Problems();
        SensorConfig sensor = new SensorsReader(drivers, problems).readEntry(entry, "", new java.util.HashMap<>());
        if (sensor == null || !problems.isEmpty()) {
            if (problems.isEmpty()) {
                problems.add("", "the sensor entry is not usable");
            }
            throw new ConfigException("sensor", problems.list());
        }
        return sensor;
    }

    private static FieldgateConfig read(Path file, Path baseDir, DriverRegistry drivers, Problems problems) {
        JsonNode root = YamlTree.read(file, problems);
        if (root == null) {
            return null;
        }
        return new ConfigReader(baseDir.toAbsolutePath(), drivers, problems).read(root);
    }

    private static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
        List<ConfigProblem> list = new ArrayList<>(problems);
        // file order; stable, so problems of one line keep the order the walk found them in;
        // problems without a line (a section missing altogether) come last
        list.sort(Comparator.comparing(p -> p.line() == null ? Integer.MAX_VALUE : p.line()));
        return list;
    }
}
