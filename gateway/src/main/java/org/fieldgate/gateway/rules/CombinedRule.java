package org.fieldgate.gateway.rules;

import java.util.List;
import java.util.Optional;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;

/**
 * {@code any: [...]} / {@code all: [...]} of simple conditions {@code { input: s.ch, above: x }}:
 * each condition judges the latest valid reading of its input (with the rule's {@code hysteresis});
 * a condition whose input has not reported yet is false. The combination goes through the shared
 * lifecycle as one level named after the rule, with {@code hold}. The alert carries the reading that
 * caused the change, and the threshold of the condition on that input (NaN if none).
 */
final class CombinedRule extends TrackedRule {

    private final boolean all;
    private final List<RuleCondition.Clause> conditions;
    private final double hysteresis;
    private final boolean[] on;

    public CombinedRule(RuleConfig config, RuleCondition.Combined condition) {
        super(config, 0, config.hold());
        this.all = condition.all();
        this.conditions = condition.clauses();
        this.hysteresis = condition.hysteresis();
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("rule " + config.id() + ": no conditions");
        }
        this.on = new boolean[conditions.size()];
    }

    @Override
    public synchronized Optional<AlertEvent> evaluate(String sensor, Reading reading) {
        if (!LevelTrack.counts(reading, config.anyQuality())) {
            return Optional.empty();
        }
        double v = reading.value();
        double threshold = Double.NaN;
        double h = hysteresis;
        for (int i = 0; i < conditions.size(); i++) {
            RuleCondition.Clause c = conditions.get(i);
            if (c.sensor().equals(sensor) && c.channel().equals(reading.channel())) {
                double x = c.threshold();
                if (c.isAbove()) {
                    on[i] = on[i] ? !(v < x - h) : v > x;
                } else {
                    on[i] = on[i] ? !(v > x + h) : v < x;
                }
                threshold = x;
            }
        }
        boolean combined = all;
        for (boolean b : on) {
            combined = all ? combined && b : combined || b;
        }
        int previous = track.update(combined ? 1 : 0, reading.time());
        return Optional.ofNullable(track.event(previous, sensor, reading.channel(), v, threshold, reading.time(),
                false));
    }

    @Override
    public synchronized void restore(int severity, long since) {
        track.restore(severity, since);
        if (severity > 0 && all) {
            java.util.Arrays.fill(on, true); // the combination held before the restart
        }
    }
}
