package org.fieldgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DurationText;

/**
 * Reads {@code rules:}: one condition kind per rule ({@code levels}, {@code rate}, {@code silent},
 * {@code stuck}, {@code any}, {@code all}, {@code sta_lta}) plus the shared {@code hysteresis},
 * {@code hold}, {@code actions} and {@code quality}.
 */
final class RulesReader {

    /** Condition kinds, in the order the messages list them. */
    private static final List<String> KINDS = List.of("levels", "rate", "silent", "stuck", "any", "all", "sta_lta");
    private static final List<String> KEYS = List.of("id", "input", "levels", "rate", "silent", "stuck", "any", "all",
            "sta_lta", "hysteresis", "hold", "actions", "quality");
    /** Longest sta_lta windows: their samples are kept in memory, in a 64 MB heap. */
    static final Duration MAX_LTA = Duration.ofMinutes(5);
    static final Duration MAX_EVENT = Duration.ofMinutes(10);
    private static final List<String> STA_LTA_KEYS = List.of("sta", "lta", "trigger_on", "trigger_off", "method",
            "axis", "bandpass", "min_duration", "max_duration", "pre", "post");

    private final Problems problems;

    RulesReader(Problems problems) {
        this.problems = problems;
    }

    /**
     * @param sensors  the valid sensors
     * @param declared every sensor id the file declares (a rule on a sensor whose own entry is
     *                 broken is not reported a second time)
     * @param outputs  every output id the file declares
     */
    List<RuleConfig> read(List<JsonNode> entries, List<SensorConfig> sensors, Set<String> declared,
                          Set<String> outputs) {
        List<RuleConfig> rules = new ArrayList<>();
        Map<String, String> firstPath = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String path = Problems.element("rules", i);
            YamlMapping rule = YamlMapping.of(entries.get(i), path, problems);
            if (rule == null) {
                continue;
            }
            int before = problems.count();
            String id = rule.id("id");
            if (id != null) {
                String other = firstPath.putIfAbsent(id, path);
                if (other != null) {
                    problems.add(rule.path("id"), "duplicate rule id '" + id + "' (also " + other + ")");
                }
            }
            String kind = kind(rule);
            RuleConfig built = kind == null ? null : readKind(kind, id, rule, sensors, declared);
            if (kind == null) { // already reported; keys judged per kind are not unknown
                rule.take("input");
                rule.take("hysteresis");
            }
            Duration hold = Duration.ZERO;
            if ("silent".equals(kind)) {
                notUsed(rule, "hold", "not used by a silent rule (the silent duration is its hold)");
            } else if ("sta_lta".equals(kind)) {
                notUsed(rule, "hold", "not used by an sta_lta rule (give sta_lta.min_duration)");
            } else {
                hold = rule.duration("hold", Duration.ZERO, true);
            }
            if ("sta_lta".equals(kind)) {
                notUsed(rule, "quality", "not used by an sta_lta rule (a waveform has no per-sample quality;"
                        + " the trigger runs on every sample, even before the clock is known good)");
            }
            boolean anyQuality = quality(rule);
            List<String> actions = rule.strings("actions");
            for (int a = 0; a < actions.size(); a++) {
                if (!outputs.contains(actions.get(a))) {
                    problems.add(Problems.element(rule.path("actions"), a), "no output '" + actions.get(a)
                            + "' (" + (outputs.isEmpty() ? "no outputs are defined" : "outputs: "
                            + String.join(", ", outputs)) + ")");
                }
            }
            rule.finish(KEYS);
            if (problems.count() == before && built != null) {
                rules.add(new RuleConfig(id, built.sensor(), built.channel(), built.levels(), built.hysteresis(), hold,
                        actions, built.kind(), built.rate(), built.silent(), built.stuck(), built.conditions(),
                        anyQuality, built.staLta()));
            }
        }
        return rules;
    }

    /** The one condition kind present, or null (reported) when none or several. */
    private String kind(YamlMapping rule) {
        String found = null;
        for (String k : KINDS) {
            if (rule.has(k)) {
                if (found == null) {
                    found = k;
                } else {
                    rule.take(k);
                    problems.add(rule.path(k), "one condition kind per rule (this rule also has '" + found
                            + "'; combine conditions with any/all)");
                }
            }
        }
        if (found == null) {
            problems.add(rule.path("levels"), "required: give one condition kind (" + String.join(", ", KINDS) + ")");
        }
        return found;
    }

    /** The kind-specific part (sensor, channel, levels, hysteresis, kind fields); null after a problem. */
    private RuleConfig readKind(String kind, String id, YamlMapping rule, List<SensorConfig> sensors,
                                Set<String> declared) {
        String name = id == null ? "rule" : id;
        switch (kind) {
            case "levels" -> {
                String[] input = input(rule, sensors, declared);
                List<RuleConfig.Level> levels = levels(rule);
                double h = hysteresis(rule);
                return input == null ? null : kindConfig(input[0], input[1], levels, h, RuleConfig.Kind.LEVELS,
                        null, null, null, List.of());
            }
            case "rate" -> {
                String[] input = input(rule, sensors, declared);
                YamlMapping m = rule.mapping("rate");
                double h = hysteresis(rule);
                if (m == null) {
                    return null;
                }
                RuleConfig.Level level = aboveOrBelow(m, name);
                Duration per = m.duration("per", Duration.ofHours(1), false);
                Duration window = m.duration("window", null, false);
                if (window == null && !m.has("window")) {
                    problems.add(m.path("window"), "required: the span of readings the rate is fitted over, e.g. 15m");
                }
                m.finish(List.of("above", "below", "per", "window"));
                if (input == null || level == null || window == null) {
                    return null;
                }
                return kindConfig(input[0], input[1], List.of(level), h, RuleConfig.Kind.RATE,
                        new RuleConfig.Rate(per, window), null, null, List.of());
            }
            case "silent" -> {
                String sensor = bareSensor(rule, sensors, declared, kind);
                Duration silent = rule.duration("silent", null, false);
                noHysteresis(rule, kind);
                if (sensor == null || silent == null) {
                    return null;
                }
                return kindConfig(sensor, null, yesNo(name), 0, RuleConfig.Kind.SILENT, null, silent, null, List.of());
            }
            case "stuck" -> {
                String[] input = input(rule, sensors, declared);
                YamlMapping m = rule.mapping("stuck");
                noHysteresis(rule, kind);
                if (m == null) {
                    return null;
                }
                Duration d = m.duration("for", null, false);
                if (d == null && !m.has("for")) {
                    problems.add(m.path("for"), "required: how long the value may stay the same, e.g. 2h");
                }
                Double tolerance = m.number("tolerance");
                if (tolerance != null && !(tolerance >= 0)) {
                    problems.add(m.path("tolerance"), "must be 0 or more, got " + tolerance);
                    tolerance = null;
                }
                m.finish(List.of("for", "tolerance"));
                if (input == null || d == null) {
                    return null;
                }
                return kindConfig(input[0], input[1], yesNo(name), 0, RuleConfig.Kind.STUCK, null, null,
                        new RuleConfig.Stuck(d, tolerance == null ? 0 : tolerance), List.of());
            }
            case "sta_lta" -> {
                String sensor = bareSensor(rule, sensors, declared, kind);
                noHysteresis(rule, kind);
                SensorConfig waveform = sensor == null ? null : waveformSensor(rule, sensors, sensor);
                RuleConfig.StaLta trigger = staLta(rule, waveform);
                if (waveform == null || trigger == null) {
                    return null;
                }
                return new RuleConfig("x", sensor, null, yesNo(name), 0, Duration.ZERO, List.of(),
                        RuleConfig.Kind.STA_LTA, null, null, null, List.of(), false, trigger);
            }
            default -> { // any, all
                if (rule.has("input")) {
                    rule.take("input");
                    problems.add(rule.path("input"), "not used by " + kind + ": each condition names its input");
                }
                List<RuleConfig.Condition> conditions = conditions(rule, kind, sensors, declared);
                double h = hysteresis(rule);
                if (conditions == null) {
                    return null;
                }
                return kindConfig(null, null, yesNo(name), h, kind.equals("any") ? RuleConfig.Kind.ANY
                        : RuleConfig.Kind.ALL, null, null, null, conditions);
            }
        }
    }

    private static RuleConfig kindConfig(String sensor, String channel, List<RuleConfig.Level> levels, double h,
                                         RuleConfig.Kind kind, RuleConfig.Rate rate, Duration silent,
                                         RuleConfig.Stuck stuck, List<RuleConfig.Condition> conditions) {
        return new RuleConfig("x", sensor, channel, levels, h, Duration.ZERO, List.of(), kind, rate, silent, stuck,
                conditions, false);
    }

    private static List<RuleConfig.Level> yesNo(String name) {
        return List.of(new RuleConfig.Level(name, 0.5, null));
    }

    /** {@code above:} or {@code below:} (exactly one) as a level named {@code name}; null after a problem. */
    private RuleConfig.Level aboveOrBelow(YamlMapping m, String name) {
        boolean hasAbove = m.has("above");
        boolean hasBelow = m.has("below");
        Double above = m.number("above");
        Double below = m.number("below");
        if (hasAbove == hasBelow) {
            problems.add(m.path(), "give exactly one of above or below");
            return null;
        }
        if (above == null && below == null) {
            return null;
        }
        return new RuleConfig.Level(name, above, below);
    }

    private List<RuleConfig.Condition> conditions(YamlMapping rule, String kind, List<SensorConfig> sensors,
                                                  Set<String> declared) {
        JsonNode raw = rule.take(kind);
        String path = rule.path(kind);
        List<JsonNode> items = rule.list(kind);
        if (raw != null && raw.isArray() && items.isEmpty()) {
            problems.add(path, "give at least one condition");
            return null;
        }
        int before = problems.count();
        List<RuleConfig.Condition> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping m = YamlMapping.of(items.get(i), Problems.element(path, i), problems);
            if (m == null) {
                continue;
            }
            String[] input = input(m, sensors, declared);
            RuleConfig.Level level = aboveOrBelow(m, "c");
            m.finish(List.of("input", "above", "below"));
            if (input != null && level != null) {
                out.add(new RuleConfig.Condition(input[0], input[1], level.above(), level.below()));
            }
        }
        return problems.count() == before && !items.isEmpty() ? out : null;
    }

    private void noHysteresis(YamlMapping rule, String kind) {
        notUsed(rule, "hysteresis", "not used by " + (kind.equals("sta_lta") ? "an " : "a ") + kind + " rule");
    }

    private void notUsed(YamlMapping rule, String key, String message) {
        if (rule.has(key)) {
            rule.take(key);
            problems.add(rule.path(key), message);
        }
    }

    /** The sensor of an sta_lta rule, when it delivers a waveform; else null (reported). */
    private SensorConfig waveformSensor(YamlMapping rule, List<SensorConfig> sensors, String id) {
        SensorConfig sensor = sensors.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        if (sensor.channels().stream().noneMatch(ChannelSpec::waveform)) {
            problems.add(rule.path("input"), "sensor '" + id + "' (" + sensor.driver()
                    + ") delivers no waveform; an sta_lta rule needs a seismic sensor");
            return null;
        }
        return sensor;
    }

    /**
     * The key that holds a trigger ratio: {@code name}, or its old name ({@code on}/{@code off},
     * which every YAML 1.1 tool reads as a boolean) with a warning; both at once is an error.
     */
    private String triggerKey(YamlMapping m, String name, String old) {
        if (!m.has(old)) {
            return name;
        }
        if (m.has(name)) {
            m.take(old);
            problems.add(m.path(old), "give " + name + " only (" + old + " is its old name)");
            return name;
        }
        problems.warn(m.path(old), "renamed " + name + ": YAML 1.1 tools (PyYAML, Ansible, Ruby) read " + old
                + " as a boolean and write it back as " + (old.equals("on") ? "true" : "false")
                + "; still read, write " + name);
        return old;
    }

    /** {@code sta_lta: {…}}; null after a problem. */
    private RuleConfig.StaLta staLta(YamlMapping rule, SensorConfig sensor) {
        YamlMapping m = rule.mapping("sta_lta");
        if (m == null) {
            return null;
        }
        int before = problems.count();
        Duration sta = m.duration("sta", null, false);
        Duration lta = m.duration("lta", null, false);
        String onKey = triggerKey(m, "trigger_on", "on");
        String offKey = triggerKey(m, "trigger_off", "off");
        Double on = m.number(onKey);
        Double off = m.number(offKey);
        for (String key : List.of("sta", "lta", onKey, offKey)) {
            if (!m.has(key)) {
                problems.add(m.path(key), "required" + switch (key) {
                    case "sta" -> ": the short-term window, e.g. 1s";
                    case "lta" -> ": the long-term window, e.g. 10s";
                    case "trigger_on" -> ": the STA/LTA ratio that starts an event, e.g. 3.5";
                    default -> ": the ratio at or below which the event ends, e.g. 1.5";
                });
            }
        }
        if (sta != null && lta != null && sta.compareTo(lta) >= 0) {
            problems.add(m.path("lta"), "must be longer than sta (" + DurationText.format(sta) + ")");
        }
        if (lta != null && lta.compareTo(MAX_LTA) > 0) {
            problems.add(m.path("lta"), "at most " + DurationText.format(MAX_LTA) + " (its samples are kept in memory),"
                    + " got " + DurationText.format(lta));
        }
        if (on != null && !(on > 1)) {
            problems.add(m.path(onKey), "must be above 1 (a ratio of short- to long-term energy), got " + on);
        }
        if (off != null && !(off > 0)) {
            problems.add(m.path(offKey), "must be above 0, got " + off);
        }
        if (on != null && off != null && off > on) {
            problems.add(m.path(offKey), off + " must not be above trigger_on (" + on + ")");
        }
        String method = m.string("method", "classic");
        if (!method.equals("classic") && !method.equals("recursive")) {
            problems.add(m.path("method"), "expected classic or recursive (ObsPy's definitions), got '" + method + "'");
        }
        String axis = m.string("axis", "vector");
        List<String> axes = sensor == null ? List.of() : sensor.channels().stream().filter(ChannelSpec::waveform)
                .map(ChannelSpec::name).toList();
        if (sensor != null && !axis.equals("vector") && !axis.equals("any") && !axes.contains(axis)) {
            problems.add(m.path("axis"), "expected vector, any or an axis of " + sensor.id() + " ("
                    + String.join(", ", axes) + "), got '" + axis + "'");
        }
        double[] bandpass = bandpass(m);
        Duration minDuration = m.duration("min_duration", Duration.ZERO, true);
        Duration maxDuration = m.duration("max_duration", Duration.ofMinutes(2), false);
        Duration pre = m.duration("pre", Duration.ofSeconds(10), true);
        Duration post = m.duration("post", Duration.ofSeconds(30), true);
        if (maxDuration.compareTo(MAX_EVENT) > 0) {
            problems.add(m.path("max_duration"), "at most " + DurationText.format(MAX_EVENT) + " (the event window is"
                    + " kept in memory), got " + DurationText.format(maxDuration));
        }
        if (minDuration.compareTo(maxDuration) >= 0) {
            problems.add(m.path("min_duration"), "must be shorter than max_duration ("
                    + DurationText.format(maxDuration) + ")");
        }
        for (String key : List.of("pre", "post")) {
            Duration d = key.equals("pre") ? pre : post;
            if (d.compareTo(Duration.ofMinutes(5)) > 0) {
                problems.add(m.path(key), "at most 5m (the window is kept in memory), got " + DurationText.format(d));
            }
        }
        m.finish(STA_LTA_KEYS);
        if (problems.count() != before || sta == null || lta == null || on == null || off == null) {
            return null;
        }
        return new RuleConfig.StaLta(sta, lta, on, off, RuleConfig.StaLta.Method.valueOf(method.toUpperCase(
                java.util.Locale.ROOT)), axis, bandpass, minDuration, maxDuration, pre, post);
    }

    /** {@code bandpass: [low, high]} in Hz, or null when absent or wrong (reported). */
    private double[] bandpass(YamlMapping m) {
        if (!m.has("bandpass")) {
            return null;
        }
        String path = m.path("bandpass");
        List<JsonNode> items = m.list("bandpass");
        if (items.size() != 2 || !items.get(0).isNumber() || !items.get(1).isNumber()) {
            problems.add(path, "expected two corner frequencies in Hz, [low, high], e.g. [0.5, 10]");
            return null;
        }
        double low = items.get(0).doubleValue();
        double high = items.get(1).doubleValue();
        if (!(low > 0) || !(high > low)) {
            problems.add(path, "need 0 < low < high, got [" + low + ", " + high + "]");
            return null;
        }
        return new double[] {low, high};
    }

    /** {@code quality: ok|any}: true for any. */
    private boolean quality(YamlMapping rule) {
        String q = rule.string("quality");
        if (q == null || q.equals("ok")) {
            return false;
        }
        if (q.equals("any")) {
            return true;
        }
        problems.add(rule.path("quality"), "expected ok (only readings of quality ok count, the default) or any, got '"
                + q + "'");
        return false;
    }

    /** A silent or sta_lta rule's input: a bare sensor id. */
    private String bareSensor(YamlMapping rule, List<SensorConfig> sensors, Set<String> declared, String kind) {
        String text = rule.requiredString("input");
        if (text == null) {
            return null;
        }
        String path = rule.path("input");
        if (text.contains(".")) {
            problems.add(path, kind.equals("silent")
                    ? "a silent rule watches a whole sensor: give its id, e.g. wl1, got '" + text + "'"
                    : "an sta_lta rule takes a whole waveform sensor: give its id, e.g. seis1, got '" + text + "'");
            return null;
        }
        if (sensors.stream().noneMatch(s -> s.id().equals(text))) {
            if (!declared.contains(text)) {
                problems.add(path, "no sensor '" + text + "' (" + (declared.isEmpty()
                        ? "no sensors are defined" : "sensors: " + String.join(", ", declared)) + ")");
            }
            return null;
        }
        return text;
    }

    private String[] input(YamlMapping rule, List<SensorConfig> sensors, Set<String> declared) {
        String text = rule.requiredString("input");
        if (text == null) {
            return null;
        }
        String path = rule.path("input");
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            problems.add(path, "expected sensor.channel, e.g. wl1.stage_m, got '" + text + "'");
            return null;
        }
        String sensorId = text.substring(0, dot);
        String channel = text.substring(dot + 1);
        SensorConfig sensor = sensors.stream().filter(s -> s.id().equals(sensorId)).findFirst().orElse(null);
        if (sensor == null) {
            if (!declared.contains(sensorId)) {
                problems.add(path, "no sensor '" + sensorId + "' (" + (declared.isEmpty()
                        ? "no sensors are defined" : "sensors: " + String.join(", ", declared)) + ")");
            }
            return null;
        }
        if (sensor.channel(channel).isEmpty()) {
            List<String> names = sensor.channels().stream().map(ChannelSpec::name).toList();
            problems.add(path, "sensor '" + sensorId + "' (" + sensor.driver() + ") has no channel '" + channel
                    + "' (it has: " + String.join(", ", names) + ")");
            return null;
        }
        return new String[] {sensorId, channel};
    }

    private List<RuleConfig.Level> levels(YamlMapping rule) {
        JsonNode raw = rule.take("levels");
        String path = rule.path("levels");
        if (raw == null) {
            return List.of();
        }
        List<JsonNode> items = rule.list("levels");
        if (raw.isArray() && items.isEmpty()) {
            problems.add(path, "give at least one level");
        }
        List<RuleConfig.Level> levels = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        RuleConfig.Level previous = null;
        for (int i = 0; i < items.size(); i++) {
            String levelPath = Problems.element(path, i);
            YamlMapping m = YamlMapping.of(items.get(i), levelPath, problems);
            if (m == null) {
                continue;
            }
            String name = m.requiredString("name");
            Double above = m.number("above");
            Double below = m.number("below");
            m.finish();
            if (name != null) {
                String other = names.putIfAbsent(name, levelPath);
                if (other != null) {
                    problems.add(m.path("name"), "duplicate level name '" + name + "' (also " + other + ")");
                }
            }
            boolean hasAbove = m.has("above");
            boolean hasBelow = m.has("below");
            if (hasAbove == hasBelow) {
                problems.add(levelPath, "give exactly one of above or below");
                continue;
            }
            if (above == null && below == null) {
                continue;
            }
            RuleConfig.Level level = new RuleConfig.Level(name, above, below);
            if (previous != null) {
                if (previous.isAbove() != level.isAbove()) {
                    problems.add(m.path(level.isAbove() ? "above" : "below"),
                            "levels of one rule must all be above or all be below");
                } else if (level.isAbove() && level.threshold() <= previous.threshold()) {
                    problems.add(m.path("above"), level.threshold() + " must be higher than the previous level's "
                            + previous.threshold() + " (list levels from least to most severe)");
                } else if (!level.isAbove() && level.threshold() >= previous.threshold()) {
                    problems.add(m.path("below"), level.threshold() + " must be lower than the previous level's "
                            + previous.threshold() + " (list levels from least to most severe)");
                }
            }
            levels.add(level);
            previous = level;
        }
        return levels;
    }

    private double hysteresis(YamlMapping rule) {
        Double h = rule.number("hysteresis");
        if (h == null) {
            return 0;
        }
        if (h < 0 || h.isNaN()) {
            problems.add(rule.path("hysteresis"), "must be 0 or more, got " + h);
            return 0;
        }
        return h;
    }
}
