package org.fieldgate.gateway.config;

import java.time.Duration;

/** {@code silent: 10m} on a whole sensor (no hysteresis). */
final class SilentRuleReader implements ConditionReader {

    private final RuleInputs inputs;

    SilentRuleReader(RuleInputs inputs) {
        this.inputs = inputs;
    }

    @Override
    public Read read(YamlMapping rule, String name) {
        String sensor = inputs.bareSensor(rule, "silent");
        Duration silent = rule.duration("silent", null, false);
        inputs.noHysteresis(rule, "silent");
        if (sensor == null || silent == null) {
            return null;
        }
        return new Read(sensor, null, new RuleCondition.Silent(silent));
    }
}
