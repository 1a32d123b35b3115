package org.fieldgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code rules:}: what every entry shares ({@code id}, {@code hold}, {@code actions},
 * {@code quality}) here, and its one condition kind through that kind's {@link ConditionReader}
 * ({@code levels}, {@code rate}, {@code silent}, {@code stuck}, {@code any}, {@code all},
 * {@code sta_lta}).
 */
final class RulesReader {

    private static final List<String> KEYS = List.of("id", "input", "levels", "rate", "silent", "stuck", "any", "all",
            "sta_lta", "hysteresis", "hold", "actions", "quality");

    private final Problems problems;

    RulesReader(Problems problems) {
        this.problems = problems;
    }

    /** Condition kinds by key, in the order the messages list them. */
    private static Map<String, ConditionReader> readers(RuleInputs inputs) {
        Map<String, ConditionReader> readers = new LinkedHashMap<>();
        readers.put("levels", new LevelsRuleReader(inputs));
        readers.put("rate", new RateRuleReader(inputs));
        readers.put("silent", new SilentRuleReader(inputs));
        readers.put("stuck", new StuckRuleReader(inputs));
        readers.put("any", new CombinedRuleReader(inputs, false));
        readers.put("all", new CombinedRuleReader(inputs, true));
        readers.put("sta_lta", new StaLtaRuleReader(inputs));
        readers.put("sea_level", new SeaLevelRuleReader(inputs));
        readers.put("baseline", new BaselineRuleReader(inputs));
        return readers;
    }

    /**
     * @param sensors  the valid sensors
     * @param declared every sensor id the file declares (a rule on a sensor whose own entry is
     *                 broken is not reported a second time)
     * @param outputs  every output id the file declares
     */
    List<RuleConfig> read(List<JsonNode> entries, List<SensorConfig> sensors, Set<String> declared,
                          Set<String> outputs) {
        RuleInputs inputs = new RuleInputs(problems, sensors, declared);
        Map<String, ConditionReader> readers = readers(inputs);
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
            String kind = kind(rule, readers.keySet());
            ConditionReader.Read built = kind == null ? null : readers.get(kind).read(rule, id == null ? "rule" : id);
            if (kind == null) { // already reported; keys judged per kind are not unknown
                rule.take("input");
                rule.take("hysteresis");
            }
            Duration hold = Duration.ZERO;
            if ("silent".equals(kind)) {
                notUsed(rule, "hold", "not used by a silent rule (the silent duration is its hold)");
            } else if ("sta_lta".equals(kind)) {
                notUsed(rule, "hold", "not used by an sta_lta rule (give sta_lta.min_duration)");
            } else if ("sea_level".equals(kind)) {
                notUsed(rule, "hold", "not used by a sea_level rule (sea_level.count is its hold)");
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
                rules.add(new RuleConfig(id, built.sensor(), built.channel(), hold, actions, anyQuality,
                        built.condition()));
                inputs.ruleRead(id);
            }
        }
        return rules;
    }

    /** The one condition kind present, or null (reported) when none or several. */
    private String kind(YamlMapping rule, Set<String> kinds) {
        String found = null;
        for (String k : kinds) {
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
            problems.add(rule.path("levels"), "required: give one condition kind (" + String.join(", ", kinds) + ")");
        }
        return found;
    }

    private void notUsed(YamlMapping rule, String key, String message) {
        if (rule.has(key)) {
            rule.take(key);
            problems.add(rule.path(key), message);
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
}
