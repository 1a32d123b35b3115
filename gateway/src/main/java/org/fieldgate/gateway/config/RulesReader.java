package org.fieldgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldgate.drivers.ChannelSpec;

/** Reads {@code rules:}. Only the {@code levels} kind exists for now. */
final class RulesReader {

    /** Rule kinds of the design that later issues add; named so the message can say so. */
    private static final List<String> NOT_YET = List.of("rate", "silent", "sta_lta", "any", "all");

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
                    problems.add(rule.path(kind), "unknown key: rule kind '" + kind
                            + "' is not supported yet (only levels)");
                }
            }
            String[] input = input(rule, sensors, declared);
            List<RuleConfig.Level> levels = levels(rule);
            double hysteresis = hysteresis(rule);
            Duration hold = rule.duration("hold", Duration.ZERO, true);
            List<String> actions = rule.strings("actions");
            for (int a = 0; a < actions.size(); a++) {
                if (!outputs.contains(actions.get(a))) {
                    problems.add(Problems.element(rule.path("actions"), a), "no output '" + actions.get(a)
                            + "' (" + (outputs.isEmpty() ? "no outputs are defined" : "outputs: "
                            + String.join(", ", outputs)) + ")");
                }
            }
            rule.finish(List.of("id", "input", "levels", "hysteresis", "hold", "actions"));
            if (problems.count() == before && input != null) {
                rules.add(new RuleConfig(id, input[0], input[1], levels, hysteresis, hold, actions));
            }
        }
        return rules;
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
            problems.add(path, "required (the only rule kind so far)");
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
