package org.fieldgate.gateway.config;

import java.util.List;

/** {@code levels: [ { name, above | below }, … ]} with {@code hysteresis}. */
final class LevelsRuleReader implements ConditionReader {

    private final RuleInputs inputs;

    LevelsRuleReader(RuleInputs inputs) {
        this.inputs = inputs;
    }

    @Override
    public Read read(YamlMapping rule, String name) {
        String[] input = inputs.input(rule);
        List<RuleConfig.Level> levels = inputs.levels(rule);
        double h = inputs.hysteresis(rule);
        return input == null ? null : new Read(input[0], input[1], new RuleCondition.Levels(levels, h));
    }
}
