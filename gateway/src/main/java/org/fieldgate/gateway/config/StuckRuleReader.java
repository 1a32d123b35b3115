package org.fieldgate.gateway.config;

import java.time.Duration;
import java.util.List;

/** {@code stuck: { for, tolerance }} (no hysteresis). */
final class StuckRuleReader implements ConditionReader {

    private final RuleInputs inputs;

    StuckRuleReader(RuleInputs inputs) {
        this.inputs = inputs;
    }

    @Override
    public Read read(YamlMapping rule, String name) {
        String[] input = inputs.input(rule);
        YamlMapping m = rule.mapping("stuck");
        inputs.noHysteresis(rule, "stuck");
        if (m == null) {
            return null;
        }
        Duration d = m.duration("for", null, false);
        if (d == null && !m.has("for")) {
            inputs.problems().add(m.path("for"), "required: how long the value may stay the same, e.g. 2h");
        }
        Double tolerance = m.number("tolerance");
        if (tolerance != null && !(tolerance >= 0)) {
            inputs.problems().add(m.path("tolerance"), "must be 0 or more, got " + tolerance);
            tolerance = null;
        }
        m.finish(List.of("for", "tolerance"));
        if (input == null || d == null) {
            return null;
        }
        return new Read(input[0], input[1], new RuleCondition.Stuck(d, tolerance == null ? 0 : tolerance));
    }
}
