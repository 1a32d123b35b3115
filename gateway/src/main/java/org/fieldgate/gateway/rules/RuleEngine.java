package org.fieldgate.gateway.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.RuleConfig;

/**
 * Routes each reading to the rules whose input ({@code sensor.channel}) it is, and collects the
 * alert events they produce. Readings of one sensor must be fed in order from one thread at a time;
 * different sensors may be fed concurrently (their rules share no state).
 */
public final class RuleEngine {

    private final List<LevelRule> rules;
    /** sensor → channel → rules. Built once, read-only after. */
    private final Map<String, Map<String, List<LevelRule>>> byInput = new HashMap<>();

    public RuleEngine(List<RuleConfig> configs) {
        List<LevelRule> all = new ArrayList<>();
        for (RuleConfig c : configs) {
            LevelRule rule = new LevelRule(c);
            all.add(rule);
            byInput.computeIfAbsent(c.sensor(), s -> new HashMap<>())
                    .computeIfAbsent(c.channel(), ch -> new ArrayList<>())
                    .add(rule);
        }
        this.rules = List.copyOf(all);
    }

    /** The rules, in config order. */
    public List<LevelRule> rules() {
        return rules;
    }

    /** Feeds one reading of {@code sensor}; returns the events it caused (usually none), in rule order. */
    public List<AlertEvent> evaluate(String sensor, Reading reading) {
        Map<String, List<LevelRule>> channels = byInput.get(sensor);
        if (channels == null) {
            return List.of();
        }
        List<LevelRule> matching = channels.get(reading.channel());
        if (matching == null) {
            return List.of();
        }
        List<AlertEvent> events = null;
        for (LevelRule rule : matching) {
            var event = rule.evaluate(reading);
            if (event.isPresent()) {
                if (events == null) {
                    events = new ArrayList<>(1);
                }
                events.add(event.get());
            }
        }
        return events == null ? List.of() : events;
    }

    /** True when some rule takes readings of {@code sensor}. */
    public boolean watches(String sensor) {
        return byInput.containsKey(sensor);
    }
}
