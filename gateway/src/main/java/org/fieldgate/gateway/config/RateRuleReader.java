package org.fieldgate.gateway.config;

import java.time.Duration;
import java.util.List;

/** {@code rate: { above | below, per, window }} with {@code hysteresis}. */
final class RateRuleReader implements ConditionReader {

    private final RuleInputs inputs;

    RateRuleReader(RuleInputs inputs) {
        this.inputs = inputs;
    }

    @Override
    public Read read(YamlMapping rule, String name) {
        String[] input = inputs.input(rule);
        YamlMapping m = rule.mapping("rate");
        double h = inputs.hysteresis(rule);
        if (m == null) {
            return null;
        }
        RuleConfig.Level level = inputs.aboveOrBelow(m, name);
        Duration per = m.duration("per", Duration.ofHours(1), false);
        Duration window = m.duration("window", null, false);
        if (window == null && !m.has("window")) {
            inputs.problems().add(m.path("window"), "required: the span of readings the rate is fitted over, e.g. 15m");
        }
        m.finish(List.of("above", "below", "per", "window"));
        if (input == null || level == null || window == null) {
            return null;
        }
        return new Read(input[0], input[1], new RuleCondition.Rate(level, per, window, h));
    }
}
