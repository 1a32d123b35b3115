package org.fieldgate.gateway.config;

/** Reads the keys of one condition kind of a {@code rules:} entry (one implementation per kind). */
interface ConditionReader {

    /**
     * The input and condition of {@code rule}, or null after a problem (reported).
     *
     * @param name the rule's id, or "rule" when it has none: levels named after the rule take it
     */
    Read read(YamlMapping rule, String name);

    /** What a kind's keys say: the input (sensor, channel; null where the kind has none) and the condition. */
    record Read(String sensor, String channel, RuleCondition condition) {
    }
}
