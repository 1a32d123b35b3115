package org.fieldgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldgate.drivers.ChannelSpec;

/**
 * Reads {@code rules:}: one condition kind per rule ({@code levels}, {@code rate}, {@code silent},
 * {@code stuck}, {@code any}, {@code all}) plus the shared {@code hysteresis}, {@code hold},
 * {@code actions} and {@code quality}.
 */
final class RulesReader {

    /** Condition kinds, in the order the messages list them. */
    private static final List<String> KINDS = List.of("levels", "rate", "silent", "stuck", "any", "all");
    /** Rule kinds of the design that later issues add; named so the message can say so. */
    private static final List<String> NOT_YET = List.of("sta_lta");
    private static final List<String> KEYS = List.of("id", "input", "levels", "rate", "silent", "stuck", "any", "all",
            "hysteresis", "hold", "actions", "quality");

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
            for (String kind : NOT_YET) {
                if (rule.has(kind)) {
                    rule.take(kind);
                    problems.add(rule.path(kind), "rule kind '" + kind + "' is not supported yet (supported: "
                            + String.join(", ", KINDS) + ")");
                }
            }
            String kind = kind(rule);
            RuleConfig built = kind == null ? null : readKind(kind, id, rule, sensors, declared);
            if (kind == null) { // already reported; keys judged per kind are not unknown
                rule.take("input");
                rule.take("hysteresis");
            }
            Duration hold = Duration.ZERO;
            if (!"silent".equals(kind)) {
                hold = rule.duration("hold", Duration.ZERO, true);
            } else if (rule.has("hold")) {
                rule.take("hold");
                problems.add(rule.path("hold"), "not used by a silent rule (the silent duration is its hold)");
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
                        anyQuality));
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
        if (found == null && NOT_YET.stream().noneMatch(rule::has)) {
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
                String sensor = bareSensor(rule, sensors, declared);
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
        if (rule.has("hysteresis")) {
            rule.take("hysteresis");
            problems.add(rule.path("hysteresis"), "not used by a " + kind + " rule");
        }
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

    /** A silent rule's input: a bare sensor id. */
    private String bareSensor(YamlMapping rule, List<SensorConfig> sensors, Set<String> declared) {
        String text = rule.requiredString("input");
        if (text == null) {
            return null;
        }
        String path = rule.path("input");
        if (text.contains(".")) {
            problems.add(path, "a silent rule watches a whole sensor: give its id, e.g. wl1, got '" + text + "'");
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
