package org.fieldgate.gateway.config;

import java.time.Duration;
import java.util.List;

/**
 * One {@code rules:} entry. For now one kind exists: ordered threshold levels on one channel.
 *
 * @param id         rule id ({@code [a-z0-9-]+}), part of the alert topic
 * @param sensor     sensor part of {@code input}
 * @param channel    channel part of {@code input}
 * @param levels     ordered levels, lowest severity first (severity = index + 1)
 * @param hysteresis a raised level clears only when the value is this far back past its threshold
 * @param hold       how long a condition must last to raise, and to clear
 * @param actions    output ids driven while the alarm is active
 */
public record RuleConfig(String id, String sensor, String channel, List<Level> levels, double hysteresis,
                         Duration hold, List<String> actions) {
    public RuleConfig {
        levels = List.copyOf(levels);
        actions = List.copyOf(actions);
    }

    /** {@code sensor.channel}. */
    public String input() {
        return sensor + "." + channel;
    }

    /**
     * One level; exactly one of {@code above}/{@code below} is set.
     */
    public record Level(String name, Double above, Double below) {
        public double threshold() {
            return above != null ? above : below;
        }

        public boolean isAbove() {
            return above != null;
        }
    }
}
