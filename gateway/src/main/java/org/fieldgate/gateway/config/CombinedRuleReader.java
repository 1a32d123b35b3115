package org.fieldgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code any: [...]} or {@code all: [...]} of thresholds, each naming its input, with
 * {@code hysteresis}, and of the alarms of rules defined above ({@code rule: quake, within: 15m}).
 */
final class CombinedRuleReader implements ConditionReader {

    private final RuleInputs inputs;
    private final boolean all;

    CombinedRuleReader(RuleInputs inputs, boolean all) {
        this.inputs = inputs;
        this.all = all;
    }

    @Override
    public Read read(YamlMapping rule, String name) {
        String kind = all ? "all" : "any";
        if (rule.has("input")) {
            rule.take("input");
            inputs.problems().add(rule.path("input"), "not used by " + kind + ": each condition names its input");
        }
        List<RuleCondition.Clause> clauses = clauses(rule, kind);
        double h = inputs.hysteresis(rule);
        if (clauses == null) {
            return null;
        }
        return new Read(null, null, new RuleCondition.Combined(all, clauses, h));
    }

    private List<RuleCondition.Clause> clauses(YamlMapping rule, String kind) {
        JsonNode raw = rule.take(kind);
        String path = rule.path(kind);
        List<JsonNode> items = rule.list(kind);
        if (raw != null && raw.isArray() && items.isEmpty()) {
            inputs.problems().add(path, "give at least one condition");
            return null;
        }
        int before = inputs.problems().count();
        List<RuleCondition.Clause> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping m = YamlMapping.of(items.get(i), Problems.element(path, i), inputs.problems());
            if (m == null) {
                continue;
            }
            if (m.has("rule")) {
                String watched = inputs.ruleAbove(m);
                java.time.Duration within = m.duration("within", null, false);
                m.finish(List.of("rule", "within"));
                if (watched != null) {
                    out.add(RuleCondition.Clause.onRule(watched, within));
                }
                continue;
            }
            String[] input = inputs.input(m);
            RuleConfig.Level level = inputs.aboveOrBelow(m, "c");
            m.finish(List.of("input", "above", "below"));
            if (input != null && level != null) {
                out.add(new RuleCondition.Clause(input[0], input[1], level.above(), level.below()));
            }
        }
        return inputs.problems().count() == before && !items.isEmpty() ? out : null;
    }
}
