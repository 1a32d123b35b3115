package org.fieldgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldgate.drivers.ChannelSpec;

/**
 * What the readers of the condition kinds share: a rule's input (checked against the sensors),
 * its levels, thresholds and hysteresis, and the report of a key its kind does not use.
 */
final class RuleInputs {

    private final Problems problems;
    private final List<SensorConfig> sensors;
    private final Set<String> declared;
    /** Ids of the valid rules read so far: those an any/all clause {@code rule:} may watch. */
    private final Set<String> rulesAbove = new java.util.LinkedHashSet<>();

    /**
     * @param sensors  the valid sensors
     * @param declared every sensor id the file declares (a rule on a sensor whose own entry is
     *                 broken is not reported a second time)
     */
    RuleInputs(Problems problems, List<SensorConfig> sensors, Set<String> declared) {
        this.problems = problems;
        this.sensors = sensors;
        this.declared = declared;
    }

    Problems problems() {
        return problems;
    }

    /** Notes a valid rule, which the rules after it may watch. */
    void ruleRead(String id) {
        rulesAbove.add(id);
    }

    /**
     * {@code rule:} of an any/all clause: a rule defined above this one (so rules never watch
     * each other in a circle); null after a problem.
     */
    String ruleAbove(YamlMapping clause) {
        String id = clause.requiredString("rule");
        if (id != null && !rulesAbove.contains(id)) {
            problems.add(clause.path("rule"), "no rule '" + id + "' above this one (" + (rulesAbove.isEmpty()
                    ? "none is defined above it" : "rules above: " + String.join(", ", rulesAbove))
                    + "); a rule watches only rules defined before it");
            return null;
        }
        return id;
    }

    String[] input(YamlMapping rule) {
        return input(rule, "input");
    }

    /** {@code sensor.channel} at {@code key} of {@code rule}, checked like a rule's input; null after a problem. */
    String[] input(YamlMapping rule, String key) {
        String text = rule.requiredString(key);
        if (text == null) {
            return null;
        }
        String path = rule.path(key);
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

    /** A silent or sta_lta rule's input: a bare sensor id. */
    String bareSensor(YamlMapping rule, String kind) {
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

    /** The sensor of an sta_lta rule, when it delivers a waveform; else null (reported). */
    SensorConfig waveformSensor(YamlMapping rule, String id) {
        SensorConfig sensor = sensors.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        if (sensor.channels().stream().noneMatch(ChannelSpec::waveform)) {
            problems.add(rule.path("input"), "sensor '" + id + "' (" + sensor.driver()
                    + ") delivers no waveform; an sta_lta rule needs a seismic sensor");
            return null;
        }
        return sensor;
    }

    List<RuleConfig.Level> levels(YamlMapping rule) {
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
    /** {@code above:} or {@code below:} (exactly one) as a level named {@code name}; null after a problem. */
    RuleConfig.Level aboveOrBelow(YamlMapping m, String name) {
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

    double hysteresis(YamlMapping rule) {
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

    void noHysteresis(YamlMapping rule, String kind) {
        notUsed(rule, "hysteresis", "not used by " + (kind.equals("sta_lta") ? "an " : "a ") + kind + " rule");
    }

    void notUsed(YamlMapping rule, String key, String message) {
        if (rule.has(key)) {
            rule.take(key);
            problems.add(rule.path(key), message);
        }
    }
}
