package org.fieldgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.aqi.AqiChannels;
import org.fieldgate.gateway.aqi.AqiTable;

/** Reads {@code sensors:}: common keys, then the driver's own keys bound to its config record. */
final class SensorsReader {

    private static final List<String> COMMON = List.of("id", "driver", "every", "pair_with", "aqi", "waveform",
            "quality_gate");
    /** The channel two paired sensors are compared on. */
    static final String PAIRED_CHANNEL = "pm2_5";

    private final DriverRegistry drivers;
    private final Problems problems;
    /** Every declared sensor id, including those whose entry has problems. */
    private final Set<String> declared = new LinkedHashSet<>();
    /** Where each sensor's {@code waveform} is, for problems found with the rules. */
    private final Map<String, String> waveformPaths = new HashMap<>();
    /** Where each sensor's {@code pair_with} is, for problems. */
    private final Map<String, String> pairPaths = new HashMap<>();

    SensorsReader(DriverRegistry drivers, Problems problems) {
        this.drivers = drivers;
        this.problems = problems;
    }

    Set<String> declaredIds() {
        return declared;
    }

    /** The valid sensors; entries with problems are reported and left out. */
    List<SensorConfig> read(List<JsonNode> entries) {
        List<SensorConfig> sensors = new ArrayList<>();
        Map<String, String> firstPath = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            SensorConfig sensor = readEntry(entries.get(i), Problems.element("sensors", i), firstPath);
            if (sensor != null) {
                sensors.add(sensor);
            }
        }
        return checkPairs(sensors);
    }

    /**
     * {@code pair_with} must name another sensor of this config, and both must report
     * {@code pm2_5}; a sensor whose pairing is wrong is reported and left out.
     */
    private List<SensorConfig> checkPairs(List<SensorConfig> sensors) {
        Map<String, SensorConfig> byId = new HashMap<>();
        sensors.forEach(s -> byId.put(s.id(), s));
        List<SensorConfig> kept = new ArrayList<>();
        for (SensorConfig s : sensors) {
            String other = s.pairWith();
            String path = pairPaths.get(s.id());
            if (other == null) {
                kept.add(s);
                continue;
            }
            if (other.equals(s.id())) {
                problems.add(path, "a sensor cannot be paired with itself");
                continue;
            }
            if (!declared.contains(other)) {
                problems.add(path, "no sensor '" + other + "' in this config");
                continue;
            }
            SensorConfig partner = byId.get(other);
            if (partner == null) {
                continue; // the partner's own entry is wrong and already reported
            }
            if (s.channel(PAIRED_CHANNEL).isEmpty()) {
                problems.add(path, "sensor '" + s.id() + "' (driver " + s.driver() + ") reports no "
                        + PAIRED_CHANNEL + " to compare");
                continue;
            }
            if (partner.channel(PAIRED_CHANNEL).isEmpty()) {
                problems.add(path, "sensor '" + other + "' (driver " + partner.driver() + ") reports no "
                        + PAIRED_CHANNEL + " to compare");
                continue;
            }
            kept.add(s);
        }
        return kept;
    }

    /** The path of sensor {@code id}'s {@code waveform:} mapping, or null when it has none. */
    String waveformPath(String id) {
        return waveformPaths.get(id);
    }

    /**
     * One entry: its common keys, then the driver's own keys; null (after reporting) when it has
     * problems. {@code path} is where the entry is ({@code sensors[2]}, or empty for an entry on its
     * own); {@code firstPath} collects ids to report duplicates.
     */
    SensorConfig readEntry(JsonNode node, String path, Map<String, String> firstPath) {
        YamlMapping entry = YamlMapping.of(node, path, problems);
        if (entry == null) {
            return null;
        }
        int before = problems.count();
        JsonNode rawId = entry.take("id");
        if (rawId != null && rawId.isTextual()) {
            declared.add(rawId.textValue()); // even when malformed: rules on it are not reported again
        }
        String id = entry.id("id");
        if (id != null) {
            String other = firstPath.putIfAbsent(id, path);
            if (other != null) {
                problems.add(entry.path("id"), "duplicate sensor id '" + id + "' (also " + other + ")");
            }
        }
        String driver = entry.requiredString("driver");
        Duration every = entry.duration("every", null, false);
        String pairWith = entry.has("pair_with") ? entry.id("pair_with") : null;
        if (pairWith != null && id != null) {
            pairPaths.put(id, entry.path("pair_with"));
        }
        List<AqiTable> aqi = aqiTables(entry);
        boolean hasWaveform = entry.has("waveform");
        if (hasWaveform && id != null) {
            waveformPaths.put(id, entry.path("waveform"));
        }
        WaveformUplink waveform = new WaveformUplinkReader(problems).read(entry);
        YamlMapping gate = entry.has("quality_gate") ? entry.mapping("quality_gate") : null;
        if (driver == null) {
            return null;
        }
        Optional<DriverFactory<?>> factory = drivers.find(driver);
        if (factory.isEmpty()) {
            problems.add(entry.path("driver"), "unknown driver '" + driver + "' ("
                    + (drivers.ids().isEmpty() ? "no drivers are registered"
                    : "known: " + String.join(", ", drivers.ids())) + ")");
            return null;
        }
        SensorConfig sensor = bind(factory.get(), entry, id, every, pairWith, aqi);
        if (sensor != null && hasWaveform && sensor.channels().stream().noneMatch(ChannelSpec::waveform)) {
            problems.add(entry.path("waveform"), "driver " + driver + " delivers no waveform");
        } else if (sensor != null && waveform != null && waveform.miniseed() != null) {
            checkChannelCodes(entry.path("waveform") + ".miniseed.channels", sensor, waveform.miniseed());
        }
        Map<String, QualityGateConfig> gates = sensor == null || gate == null ? Map.of()
                : new QualityGateReader(problems).read(gate, sensor);
        return sensor != null && problems.count() == before ? sensor.withWaveform(waveform).withQualityGate(gates) : null;
    }

    /** miniSEED channel codes name axes the sensor has, and no two axes share a code. */
    private void checkChannelCodes(String path, SensorConfig sensor, WaveformUplink.MiniSeed m) {
        List<String> axes = sensor.channels().stream().filter(ChannelSpec::waveform).map(ChannelSpec::name).toList();
        Map<String, String> codeOf = new HashMap<>();
        for (Map.Entry<String, String> c : m.channels().entrySet()) {
            if (!axes.contains(c.getKey())) {
                problems.add(path + "." + c.getKey(), "sensor " + sensor.id() + " has no axis '" + c.getKey()
                        + "' (axes: " + String.join(", ", axes) + ")");
                continue;
            }
            String other = codeOf.putIfAbsent(c.getValue(), c.getKey());
            if (other != null) {
                problems.add(path + "." + c.getKey(), "channel code " + c.getValue() + " is also axis " + other + "'s");
            }
        }
    }

    /** {@code aqi:} (a list of {@code vn}, {@code us}, {@code us-2012}); wrong names are reported. */
    private List<AqiTable> aqiTables(YamlMapping entry) {
        if (!entry.has("aqi")) {
            return List.of();
        }
        String path = entry.path("aqi");
        int before = problems.count();
        List<String> names = entry.strings("aqi");
        List<AqiTable> tables = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Optional<AqiTable> t = AqiTable.byConfigName(names.get(i));
            if (t.isEmpty()) {
                problems.add(Problems.element(path, i), "unknown AQI table '" + names.get(i) + "' (known: " + String.join(", ", AqiTable.CONFIG_NAMES) + ")");
            } else if (tables.contains(t.get())) {
                problems.add(Problems.element(path, i), "'" + names.get(i) + "' is listed twice");
            } else {
                tables.add(t.get());
            }
        }
        if (names.isEmpty() && problems.count() == before) {
            problems.add(path, "list at least one AQI table (vn, us, us-2012)");
        }
        return tables;
    }

    private <C> SensorConfig bind(DriverFactory<C> factory, YamlMapping entry, String id, Duration every,
                                  String pairWith, List<AqiTable> aqi) {
        String path = entry.path();
        List<String> driverKeys = DriverConfigBinder.keysOf(factory.configType());
        List<String> candidates = new ArrayList<>(COMMON);
        candidates.addAll(driverKeys);
        ObjectNode keys = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (String key : entry.keys()) {
            if (COMMON.contains(key)) {
                continue;
            }
            if (!driverKeys.contains(key)) {
                problems.add(entry.path(key), YamlMapping.unknownKey(key, candidates)
                        .replace("unknown key (", "unknown key for driver " + factory.id() + " ("));
                continue;
            }
            JsonNode value = entry.take(key);
            keys.set(key, value == null ? keys.nullNode() : value.deepCopy());
        }
        int before = problems.count();
        DriverConfigBinder.removeUnknownKeys(keys, DriverConfigBinder.MAPPER.constructType(factory.configType()),
                path, problems);
        if (problems.count() > before) {
            return null;
        }
        Optional<C> bound = DriverConfigBinder.bind(keys, factory.configType(), path, candidates, problems);
        if (bound.isEmpty()) {
            return null;
        }
        C config = bound.get();
        try {
            List<String> complaints = factory.validate(config);
            for (String complaint : complaints) {
                problems.add(prefixed(path, complaint), complaintText(complaint));
            }
            if (!complaints.isEmpty()) {
                return null;
            }
            List<ChannelSpec> channels = factory.channels(config);
            if (!aqi.isEmpty() && channels.stream().noneMatch(c -> c.name().equals(PAIRED_CHANNEL))) {
                problems.add(entry.path("aqi"), "driver " + factory.id() + " reports no " + PAIRED_CHANNEL
                        + " to derive an air-quality index from");
                return null;
            }
            Duration interval = every != null ? every : factory.defaultEvery();
            return id == null ? null : new SensorConfig(id, factory.id(), interval, factory, config,
                    AqiChannels.withDerived(channels, aqi), pairWith, aqi);
        } catch (RuntimeException e) {
            // a driver that cannot cope with its own config must not hide the other problems
            problems.add(path, "driver " + factory.id() + " rejected its settings: " + e);
            return null;
        }
    }

    /** Driver messages are {@code key.path: text}: the path part, under the sensor's path. */
    private static String prefixed(String sensorPath, String complaint) {
        int colon = complaint.indexOf(": ");
        if (colon > 0 && !complaint.substring(0, colon).contains(" ")) {
            return Problems.child(sensorPath, complaint.substring(0, colon));
        }
        return sensorPath;
    }

    private static String complaintText(String complaint) {
        int colon = complaint.indexOf(": ");
        if (colon > 0 && !complaint.substring(0, colon).contains(" ")) {
            return complaint.substring(colon + 2);
        }
        return complaint;
    }
}
