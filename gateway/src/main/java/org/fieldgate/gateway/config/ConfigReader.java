package org.fieldgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.gateway.broker.auth.PasswordFile;

/**
 * Walks a parsed config tree section by section, collecting every problem; builds the
 * {@link FieldgateConfig} only when there is none.
 */
final class ConfigReader {

    private static final Pattern SERVER = Pattern.compile("(tcp|ssl)://([^:/\\s]+|\\[[0-9a-fA-F:.]+]):(\\d{1,5})");
    private static final Pattern TOPIC_ROOT = Pattern.compile("[^/+#\\s]+(/[^/+#\\s]+)*");

    private final Path baseDir;
    private final DriverRegistry drivers;
    private final Problems problems;

    ConfigReader(Path baseDir, DriverRegistry drivers, Problems problems) {
        this.baseDir = baseDir;
        this.drivers = drivers;
        this.problems = problems;
    }

    /** The config, or null when {@link Problems} holds anything. */
    FieldgateConfig read(JsonNode root) {
        if (!root.isObject()) {
            problems.add("", 1, "a config is a YAML mapping of sections (gateway:, storage:, sensors: ...), got "
                    + YamlMapping.describe(root));
            return null;
        }
        YamlMapping top = new YamlMapping((com.fasterxml.jackson.databind.node.ObjectNode) root, "", problems);
        GatewaySection gateway = gateway(top.requiredMapping("gateway"));
        YamlMapping uplinkMapping = top.mapping("uplink");
        LocalBrokerSection localBroker = localBroker(top.mapping("local_broker"));
        UplinkSection uplink = uplink(uplinkMapping, gateway.id(), localBroker);
        StorageSection storage = storage(top.requiredMapping("storage"));
        StatusSection status = status(top.mapping("status"));
        PipelineSection pipeline = pipeline(top.mapping("pipeline"));
        SensorsReader sensorsReader = new SensorsReader(drivers, problems);
        List<SensorConfig> sensors = sensorsReader.read(top.list("sensors"));
        List<OutputConfig> outputs = outputs(top.list("outputs"));
        Set<String> outputIds = new LinkedHashSet<>();
        outputs.forEach(o -> outputIds.add(o.id()));
        outputIds.addAll(declaredOutputs);
        List<RuleConfig> rules = new RulesReader(problems).read(top.list("rules"), sensors,
                sensorsReader.declaredIds(), outputIds);
        for (SensorConfig s : sensors) {
            if (s.waveform().send() == WaveformUplink.Send.TRIGGERED && rules.stream().noneMatch(
                    r -> r.sendsEventWindow() && r.sensor().equals(s.id()))) {
                problems.add(sensorsReader.waveformPath(s.id()) + ".send", "send: triggered sends the windows of "
                        + "earthquake triggers, but no sta_lta rule on " + s.id() + " sends one (give it pre or post)");
            }
        }
        top.finish();
        if (!problems.isEmpty()) {
            return null;
        }
        return new FieldgateConfig(gateway, uplink, localBroker, storage, status, pipeline, sensors, rules, outputs);
    }

    private GatewaySection gateway(YamlMapping m) {
        if (m == null) {
            return new GatewaySection(null, null);
        }
        String id = m.id("id");
        GatewaySection.Site site = null;
        if (m.take("site") != null) {
            YamlMapping s = m.mapping("site");
            if (s != null) {
                String name = s.string("name");
                Double lat = s.number("lat");
                Double lon = s.number("lon");
                if (lat != null && (lat < -90 || lat > 90)) {
                    problems.add(s.path("lat"), "latitude " + lat + " is out of range -90..90");
                }
                if (lon != null && (lon < -180 || lon > 180)) {
                    problems.add(s.path("lon"), "longitude " + lon + " is out of range -180..180");
                }
                s.finish();
                site = new GatewaySection.Site(name, lat, lon);
            }
        }
        m.finish();
        return new GatewaySection(id, site);
    }

    private UplinkSection uplink(YamlMapping uplink, String gatewayId, LocalBrokerSection localBroker) {
        YamlMapping m = uplink == null ? null : uplink.mapping("mqtt");
        UplinkSection.Commands commands = uplink == null ? UplinkSection.Commands.OFF
                : commands(uplink.mapping("commands"));
        if (uplink != null) {
            uplink.finish();
        }
        List<String> servers = new ArrayList<>();
        String topicRoot = UplinkSection.Mqtt.DEFAULT_TOPIC_ROOT;
        UplinkSection.Tls tls = null;
        String username = null;
        Path passwordFile = null;
        String clientId = gatewayId == null ? null : UplinkSection.Mqtt.defaultClientId(gatewayId);
        Duration keepAlive = UplinkSection.Mqtt.DEFAULT_KEEP_ALIVE;
        Duration health = UplinkSection.Mqtt.DEFAULT_HEALTH;
        int maxInflight = UplinkSection.Mqtt.DEFAULT_MAX_INFLIGHT;
        long maxMessageSize = UplinkSection.Mqtt.MQTT_MAX_PACKET;
        if (m != null) {
            List<String> given = m.strings("servers");
            for (int i = 0; i < given.size(); i++) {
                if (server(Problems.element(m.path("servers"), i), given.get(i))) {
                    servers.add(given.get(i));
                }
            }
            topicRoot = m.string("topic_root", topicRoot);
            if (!TOPIC_ROOT.matcher(topicRoot).matches()) {
                problems.add(m.path("topic_root"), "bad topic root '" + topicRoot
                        + "' (no '+', '#', spaces or empty levels)");
            }
            if (m.take("tls") != null) {
                tls = tls(m.mapping("tls"));
            }
            username = m.string("username");
            passwordFile = readableFile(m, "password_file");
            for (int i = 0; i < given.size(); i++) {
                plainText(Problems.element(m.path("servers"), i), given.get(i), tls != null, passwordFile != null);
            }
            clientId = m.string("client_id", clientId);
            if (clientId != null && clientId.isBlank()) {
                problems.add(m.path("client_id"), "must not be empty");
            }
            keepAlive = m.duration("keep_alive", keepAlive, false);
            health = m.duration("health", health, false);
            maxInflight = m.integer("max_inflight", maxInflight, 1, 65535);
            maxMessageSize = m.size("max_message_size", maxMessageSize);
            if (maxMessageSize > UplinkSection.Mqtt.MQTT_MAX_PACKET) {
                problems.add(m.path("max_message_size"), "above MQTT's own limit of 256MB");
            }
            m.finish();
            if (given.isEmpty() && !localBroker.enabled()) {
                problems.add(m.path("servers"), "no servers and local_broker is disabled: give a server "
                        + "(tcp://host:port or ssl://host:port) or enable local_broker");
            }
        } else if (!localBroker.enabled()) {
            problems.add("uplink.mqtt.servers", "no servers and local_broker is disabled: give a server "
                    + "(tcp://host:port or ssl://host:port) or enable local_broker");
        }
        if (commands.enabled() && servers.isEmpty()) {
            problems.warn("uplink.commands", "no command can arrive: the uplink is the embedded local broker,"
                    + " which takes no publishes from clients (give uplink.mqtt.servers)");
        }
        return new UplinkSection(new UplinkSection.Mqtt(servers, topicRoot, tls, username, passwordFile,
                clientId, keepAlive, health, maxInflight, maxMessageSize), commands);
    }

    /** {@code uplink.commands:}; each trusted key must be an Ed25519 public key in PEM. */
    private UplinkSection.Commands commands(YamlMapping m) {
        if (m == null) {
            return UplinkSection.Commands.OFF;
        }
        List<Path> trust = new ArrayList<>();
        List<String> files = m.strings("trust");
        for (int i = 0; i < files.size(); i++) {
            String path = Problems.element(m.path("trust"), i);
            Path file = baseDir.resolve(files.get(i)).normalize();
            try {
                org.fieldgate.gateway.signing.Ed25519Pem.readPublic(file);
                trust.add(file);
            } catch (java.nio.file.NoSuchFileException e) {
                problems.add(path, "no such file: " + file);
            } catch (java.io.IOException e) {
                problems.add(path, file + ": " + e.getMessage());
            }
        }
        boolean unsigned = m.bool("allow_unsigned", false);
        Duration maxAge = m.duration("max_age", UplinkSection.Commands.DEFAULT_MAX_AGE, false);
        if (maxAge.compareTo(Duration.ofHours(1)) > 0) {
            problems.add(m.path("max_age"), "at most 1h: a signed command must not stay usable for long, got "
                    + DurationText.format(maxAge));
        }
        Duration probation = m.duration("probation", UplinkSection.Commands.DEFAULT_PROBATION, false);
        if (probation.compareTo(Duration.ofSeconds(5)) < 0 || probation.compareTo(Duration.ofHours(1)) > 0) {
            problems.add(m.path("probation"), "from 5s to 1h, got " + DurationText.format(probation));
        }
        if (unsigned) {
            problems.warn(m.path("allow_unsigned"), "LAB ONLY: anyone who can publish to the broker can command"
                    + " this gateway (unsigned commands are accepted); never on a real site");
        }
        m.finish();
        return new UplinkSection.Commands(trust, unsigned, maxAge, probation);
    }

    private boolean server(String path, String text) {
        Matcher s = SERVER.matcher(text);
        if (!s.matches()) {
            problems.add(path, "bad server '" + text + "' (use tcp://host:port or ssl://host:port)");
            return false;
        }
        int port = Integer.parseInt(s.group(3));
        if (port < 1 || port > 65535) {
            problems.add(path, "port " + port + " of '" + text + "' is out of range 1..65535");
            return false;
        }
        return true;
    }

    /**
     * A {@code tcp://} server is plain text: refused with {@code tls} set (which applies to
     * {@code ssl://} only, so it would silently not be used), and with a password unless the broker
     * is on this machine.
     */
    private void plainText(String path, String server, boolean tls, boolean password) {
        Matcher s = SERVER.matcher(server);
        if (!s.matches() || !s.group(1).equals("tcp")) {
            return;
        }
        String secure = "ssl://" + s.group(2) + ":<TLS port, often 8883>";
        if (tls) {
            problems.add(path, "'" + server + "' is plain text, but tls is set (tls applies to ssl:// servers"
                    + " only): use " + secure);
        } else if (password && !loopback(s.group(2))) {
            problems.add(path, "'" + server + "' would send the password of password_file in clear text to"
                    + " another machine: use " + secure + " (tcp:// with a password is allowed to loopback only)");
        }
    }

    /** Loopback by its written form only: {@code check} must not depend on DNS. */
    private static boolean loopback(String host) {
        return host.equals("localhost") || host.equals("[::1]") || host.matches("127(\\.\\d{1,3}){3}");
    }

    private UplinkSection.Tls tls(YamlMapping m) {
        if (m == null) {
            return null;
        }
        if (!m.has("ca")) {
            // without it the uplink used the JVM's default CAs and silently left cert/key out
            problems.add(m.path("ca"), "required with tls (the CA file that signed the broker's certificate);"
                    + " leave tls out altogether to trust the JVM's default CAs");
        }
        Path ca = readableFile(m, "ca");
        Path cert = readableFile(m, "cert");
        Path key = readableFile(m, "key");
        if (m.has("cert") != m.has("key")) {
            problems.add(m.path(m.has("cert") ? "key" : "cert"), "required with "
                    + (m.has("cert") ? "cert" : "key") + " (a client certificate needs its key)");
        }
        m.finish();
        return new UplinkSection.Tls(ca, cert, key);
    }

    /** A file the gateway must read at startup, resolved against the config's folder; null if absent. */
    private Path readableFile(YamlMapping m, String key) {
        Path p = path(m, key);
        if (p == null) {
            return null;
        }
        if (!Files.exists(p)) {
            problems.add(m.path(key), "file not found: " + p);
        } else if (!Files.isRegularFile(p)) {
            problems.add(m.path(key), "not a regular file: " + p);
        } else if (!Files.isReadable(p)) {
            problems.add(m.path(key), "cannot read file: " + p);
        }
        return p;
    }

    private Path path(YamlMapping m, String key) {
        String text = m.string(key);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            problems.add(m.path(key), "must not be empty");
            return null;
        }
        try {
            return baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            problems.add(m.path(key), "bad path '" + text + "'");
            return null;
        }
    }

    private LocalBrokerSection localBroker(YamlMapping m) {
        String fallback = "127.0.0.1:1883";
        if (m == null) {
            return new LocalBrokerSection(false, HostPort.parse(fallback), false);
        }
        boolean enabled = m.bool("enabled", false);
        HostPort bind = m.hostPort("bind", fallback);
        boolean portFallback = m.bool("port_fallback", false);
        Path passwordFile = readableFile(m, "password_file");
        if (passwordFile != null && Files.isReadable(passwordFile)) {
            try {
                PasswordFile.read(passwordFile);
            } catch (IOException | IllegalArgumentException e) {
                problems.add(m.path("password_file"), e.getMessage());
            }
        }
        LocalBrokerSection.Limits d = LocalBrokerSection.Limits.DEFAULTS;
        LocalBrokerSection.Limits limits = new LocalBrokerSection.Limits(
                (int) Math.min(m.size("max_message", d.maxMessage()), 256L << 20),
                m.integer("max_connections", d.maxConnections(), 1, 10_000),
                m.integer("max_retained", d.maxRetained(), 1, 1_000_000),
                m.size("max_retained_bytes", d.maxRetainedBytes()));
        LocalBrokerSection s = new LocalBrokerSection(enabled, bind, portFallback, passwordFile, limits);
        if (enabled && passwordFile == null && !m.has("password_file") && !s.loopbackOnly()) {
            problems.add(m.path("password_file"), "required when local_broker.bind (" + bind
                    + ") is not a loopback address: anyone on the network could connect (write one with"
                    + " mosquitto_passwd, or bind 127.0.0.1)");
        }
        m.finish();
        return s;
    }

    private StorageSection storage(YamlMapping m) {
        long twoGb = 2L << 30;
        if (m == null) {
            return new StorageSection(null, twoGb);
        }
        if (m.take("path") == null) {
            problems.add(m.path("path"), "required (the SQLite file of the outbox)");
        }
        Path path = path(m, "path");
        long maxSize = m.size("max_size", twoGb);
        m.finish();
        return new StorageSection(path, maxSize);
    }

    private StatusSection status(YamlMapping status) {
        String fallback = "127.0.0.1:8080";
        if (status == null) {
            return new StatusSection(HostPort.parse(fallback), false);
        }
        Path tokenFile = path(status, "token_file");
        Path crewPinFile = path(status, "crew_pin_file");
        YamlMapping m = status.mapping("http");
        status.finish();
        if (m == null) {
            return new StatusSection(HostPort.parse(fallback), false, tokenFile, crewPinFile);
        }
        StatusSection s = new StatusSection(m.hostPort("bind", fallback), m.bool("port_fallback", false), tokenFile,
                crewPinFile);
        m.finish();
        return s;
    }

    private PipelineSection pipeline(YamlMapping m) {
        if (m == null) {
            return PipelineSection.defaults();
        }
        PipelineSection s = new PipelineSection(m.duration("batch", PipelineSection.DEFAULT_BATCH, false));
        m.finish();
        return s;
    }

    /** Output ids declared, including those of broken entries (so rules do not report them again). */
    private final Set<String> declaredOutputs = new LinkedHashSet<>();

    private static final Pattern BLINK = Pattern.compile("blink\\s+(\\S+)\\s*/\\s*(\\S+)");
    private static final Duration SHORTEST_BLINK = Duration.ofMillis(50);
    private static final Duration LONGEST_DEBOUNCE = Duration.ofSeconds(5);

    private List<OutputConfig> outputs(List<JsonNode> entries) {
        List<OutputConfig> outputs = new ArrayList<>();
        Map<String, String> firstPath = new HashMap<>();
        Map<Integer, String> pins = new HashMap<>(); // BCM pin -> path of its first user
        for (int i = 0; i < entries.size(); i++) {
            String path = Problems.element("outputs", i);
            YamlMapping m = YamlMapping.of(entries.get(i), path, problems);
            if (m == null) {
                continue;
            }
            int before = problems.count();
            String id = m.id("id");
            if (id != null) {
                declaredOutputs.add(id);
                String other = firstPath.putIfAbsent(id, path);
                if (other != null) {
                    problems.add(m.path("id"), "duplicate output id '" + id + "' (also " + other + ")");
                }
            }
            OutputConfig.Gpio gpio = null;
            YamlMapping g = m.requiredMapping("gpio");
            if (g != null) {
                Integer pin = g.integer("pin", null, 0, 1023);
                if (pin == null && !g.has("pin")) {
                    problems.add(g.path("pin"), "required");
                }
                String active = g.string("active", "high");
                if (!active.equals("high") && !active.equals("low")) {
                    problems.add(g.path("active"), "expected high or low, got '" + active + "'");
                }
                g.finish();
                if (pin != null) {
                    claimPin(pins, pin, g.path("pin"));
                }
                gpio = pin == null ? null : new OutputConfig.Gpio(pin, !active.equals("low"));
            }
            Map<Integer, OutputConfig.Pattern> patterns = patterns(m.mapping("pattern"));
            Duration maxOn = m.duration("max_on", null, false);
            boolean safeOn = safe(m);
            Duration resound = resound(m);
            OutputConfig.Button button = null;
            if (m.take("silence_button") != null) {
                button = button(m.mapping("silence_button"), pins);
            }
            m.finish();
            if (problems.count() == before) {
                outputs.add(new OutputConfig(id, gpio, patterns, maxOn, safeOn, button, resound));
            }
        }
        return outputs;
    }

    /** {@code safe: off|on}; YAML 1.1 reads a bare off/on as a boolean, so both forms count. */
    private boolean safe(YamlMapping m) {
        JsonNode v = m.take("safe");
        if (v == null) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.textValue().equals("off") || v.textValue().equals("on"))) {
            return v.textValue().equals("on");
        }
        problems.add(m.path("safe"), "expected off or on, got " + YamlMapping.describe(v));
        return false;
    }

    /** {@code resound: 30m} (the default); {@code off}, {@code 0} or a zero duration: never. */
    private Duration resound(YamlMapping m) {
        JsonNode v = m.take("resound");
        if (v == null) {
            return OutputConfig.DEFAULT_RESOUND;
        }
        if ((v.isBoolean() && !v.booleanValue()) || (v.isIntegralNumber() && v.asLong() == 0)
                || (v.isTextual() && (v.textValue().equals("off") || v.textValue().equals("0")))) {
            return null;
        }
        Duration d = m.duration("resound", OutputConfig.DEFAULT_RESOUND, true);
        return d.isZero() ? null : d;
    }

    private void claimPin(Map<Integer, String> pins, int pin, String path) {
        String other = pins.putIfAbsent(pin, path);
        if (other != null) {
            problems.add(path, "BCM " + pin + " is already used by " + other);
        }
    }

    /** {@code pattern: { "1": steady, "2": "blink 1s/1s" }}: severity to pattern. */
    private Map<Integer, OutputConfig.Pattern> patterns(YamlMapping m) {
        Map<Integer, OutputConfig.Pattern> patterns = new HashMap<>();
        if (m == null) {
            return patterns;
        }
        for (String key : m.keys()) {
            String path = m.path(key);
            String text = m.string(key);
            int severity;
            try {
                severity = Integer.parseInt(key);
            } catch (NumberFormatException e) {
                severity = -1;
            }
            if (severity < 1 || severity > 99) {
                problems.add(path, "a pattern is keyed by alarm severity (1 for the first level, 2 for the "
                        + "second ...), got '" + key + "'");
                continue;
            }
            if (text == null) {
                continue; // reported by string()
            }
            OutputConfig.Pattern p = pattern(path, text.strip());
            if (p != null) {
                patterns.put(severity, p);
            }
        }
        m.finish();
        return patterns;
    }

    private OutputConfig.Pattern pattern(String path, String text) {
        if (text.equals("steady")) {
            return OutputConfig.Pattern.STEADY;
        }
        Matcher b = BLINK.matcher(text);
        if (!b.matches()) {
            problems.add(path, "expected steady or blink ON/OFF (e.g. blink 1s/1s), got '" + text + "'");
            return null;
        }
        try {
            Duration on = org.fieldgate.drivers.DurationText.parse(b.group(1));
            Duration off = org.fieldgate.drivers.DurationText.parse(b.group(2));
            if (on.compareTo(SHORTEST_BLINK) < 0 || off.compareTo(SHORTEST_BLINK) < 0) {
                problems.add(path, "blink on and off must each be at least 50ms, got '" + text + "'");
                return null;
            }
            return new OutputConfig.Pattern(on, off);
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage());
            return null;
        }
    }

    /** {@code silence_button: { pin: 27, pull: up, pressed: low, debounce: 50ms }}. */
    private OutputConfig.Button button(YamlMapping m, Map<Integer, String> pins) {
        if (m == null) {
            return null;
        }
        Integer pin = m.integer("pin", null, 0, 1023);
        if (pin == null && !m.has("pin")) {
            problems.add(m.path("pin"), "required (BCM number of the button's input)");
        }
        String pull = m.string("pull", "up");
        if (!pull.equals("up") && !pull.equals("down") && !pull.equals("none")) {
            problems.add(m.path("pull"), "expected up, down or none, got '" + pull + "'");
        }
        String pressed = m.string("pressed");
        if (pressed == null && pull.equals("none")) {
            problems.add(m.path("pressed"), "required with pull: none (the level while pressed: low or high)");
        } else if (pressed != null && !pressed.equals("low") && !pressed.equals("high")) {
            problems.add(m.path("pressed"), "expected low or high, got '" + pressed + "'");
        }
        Duration debounce = m.duration("debounce", Duration.ofMillis(50), true);
        if (debounce.compareTo(LONGEST_DEBOUNCE) > 0) {
            problems.add(m.path("debounce"), "must be at most 5s, got " + org.fieldgate.drivers.DurationText.format(debounce));
        }
        m.finish();
        if (pin == null) {
            return null;
        }
        claimPin(pins, pin, m.path("pin"));
        boolean pressedHigh = pressed != null ? pressed.equals("high") : pull.equals("down");
        return new OutputConfig.Button(pin, pull, pressedHigh, debounce);
    }
}
