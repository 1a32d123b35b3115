package org.fieldgate.gateway.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;

/**
 * {@code any: [...]} / {@code all: [...]} of simple conditions: {@code { input: s.ch, above: x }}
 * judges the latest valid reading of its input (with the rule's {@code hysteresis}; false until the
 * input has reported), {@code { rule: quake, within: 15m }} the alarm of a rule defined above (true
 * while it is in force, and for {@code within} after it was last raised). The combination goes
 * through the shared lifecycle as one level named after the rule, with {@code hold}. The alert
 * carries the reading (or the watched rule's alert) that caused the change, and the threshold of
 * the condition on that input (NaN if none).
 */
final class CombinedRule extends TrackedRule {

    private final boolean all;
    private final List<RuleCondition.Clause> conditions;
    private final double hysteresis;
    private final boolean[] on;
    /** For a rule clause: the watched rule; else null. */
    private final Rule[] watched;
    /** For a rule clause: when the watched rule was last raised (ms), or Long.MIN_VALUE. */
    private final long[] lastRaised;
    /** Sensor and channel of the last reading or alert judged (named by a change that time alone made). */
    private String lastSensor = "";
    private String lastChannel = "";

    /** @param rules the rules defined above this one, by id (resolves {@code rule:} clauses) */
    CombinedRule(RuleConfig config, RuleCondition.Combined condition, Function<String, Rule> rules) {
        super(config, 0, config.hold());
        this.all = condition.all();
        this.conditions = condition.clauses();
        this.hysteresis = condition.hysteresis();
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("rule " + config.id() + ": no conditions");
        }
        this.on = new boolean[conditions.size()];
        this.watched = new Rule[conditions.size()];
        this.lastRaised = new long[conditions.size()];
        Arrays.fill(lastRaised, Long.MIN_VALUE);
        for (int i = 0; i < conditions.size(); i++) {
            RuleCondition.Clause c = conditions.get(i);
            if (c.isRule()) {
                watched[i] = rules.apply(c.rule());
                if (watched[i] == null) {
                    throw new IllegalArgumentException("rule " + config.id() + ": no rule '" + c.rule() + "' above it");
                }
            }
        }
    }

    /** Without rule clauses. */
    CombinedRule(RuleConfig config, RuleCondition.Combined condition) {
        this(config, condition, id -> null);
    }

    /** True when some clause watches a rule with {@code within}: it needs {@link #tick} to let that lapse. */
    boolean lapses() {
        return conditions.stream().anyMatch(c -> c.isRule() && c.within() != null);
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
            if (!c.isRule() && c.sensor().equals(sensor) && c.channel().equals(reading.channel())) {
                double x = c.threshold();
                if (c.isAbove()) {
                    on[i] = on[i] ? !(v < x - h) : v > x;
                } else {
                    on[i] = on[i] ? !(v > x + h) : v < x;
                }
                threshold = x;
            }
        }
        return judge(sensor, reading.channel(), v, threshold, reading.time());
    }

    @Override
    public synchronized Optional<AlertEvent> ruleChanged(AlertEvent event) {
        boolean mine = false;
        for (int i = 0; i < conditions.size(); i++) {
            if (watched[i] != null && watched[i].id().equals(event.rule())) {
                mine = true;
                if (event.severity() > 0 && !event.state().equals("deescalated")) {
                    lastRaised[i] = Math.max(lastRaised[i], event.time());
                }
            }
        }
        if (!mine) {
            return Optional.empty();
        }
        return judge(event.sensor(), event.channel(), event.value(), event.threshold(), event.time());
    }

    /** A {@code within} lapses with time alone: the alert then names the input that last changed it. */
    @Override
    public synchronized Optional<AlertEvent> tick(long now) {
        return judge(lastSensor, lastChannel, Double.NaN, Double.NaN, now);
    }

    /** Combines the clauses as of {@code time} and runs the lifecycle. */
    private Optional<AlertEvent> judge(String sensor, String channel, double value, double threshold, long time) {
        lastSensor = sensor;
        lastChannel = channel;
        boolean combined = all;
        for (int i = 0; i < conditions.size(); i++) {
            boolean b = watched[i] == null ? on[i] : watching(i, time);
            combined = all ? combined && b : combined || b;
        }
        int previous = track.update(combined ? 1 : 0, time);
        return Optional.ofNullable(track.event(previous, sensor, channel, value, threshold, time, false));
    }

    private boolean watching(int i, long time) {
        if (watched[i].severity() > 0) {
            return true;
        }
        java.time.Duration within = conditions.get(i).within();
        return within != null && lastRaised[i] != Long.MIN_VALUE && time - lastRaised[i] <= within.toMillis();
    }

    @Override
    public synchronized void restore(int severity, long since) {
        track.restore(severity, since);
        if (severity > 0 && all) {
            Arrays.fill(on, true); // the combination held before the restart
        }
    }
}
