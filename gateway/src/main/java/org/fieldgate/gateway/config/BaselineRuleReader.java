package org.fieldgate.gateway.config;

import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.DurationText;

/** {@code baseline: { window, k, min_rise, learn, rain }} (docs/radiation.md); no hysteresis. */
final class BaselineRuleReader implements ConditionReader {

    /** The longest window: its minute samples are kept in memory. */
    static final Duration MAX_WINDOW = Duration.ofDays(7);

    private final RuleInputs inputs;

    BaselineRuleReader(RuleInputs inputs) {
        this.inputs = inputs;
    }

    @Override
    public Read read(YamlMapping rule, String name) {
        String[] input = inputs.input(rule);
        inputs.noHysteresis(rule, "baseline");
        YamlMapping m = rule.mapping("baseline");
        if (m == null) {
            return null;
        }
        Problems problems = inputs.problems();
        int before = problems.count();
        Duration window = m.duration("window", Duration.ofHours(24), false);
        if (window.compareTo(MAX_WINDOW) > 0 || window.compareTo(Duration.ofMinutes(10)) < 0) {
            problems.add(m.path("window"), "from 10m to " + DurationText.format(MAX_WINDOW) + ", got "
                    + DurationText.format(window));
        }
        Double k = m.number("k");
        if (k != null && !(k > 0)) {
            problems.add(m.path("k"), "must be above 0 (how many standard deviations of counting noise), got " + k);
        }
        Double minRise = m.number("min_rise");
        if (minRise == null && !m.has("min_rise")) {
            problems.add(m.path("min_rise"), "required: the smallest rise above the background that counts, in the"
                    + " channel's unit, e.g. 10 (cpm)");
        } else if (minRise != null && !(minRise >= 0)) {
            problems.add(m.path("min_rise"), "must be 0 or more, got " + minRise);
        }
        Duration learn = m.duration("learn", Duration.ofHours(1), false);
        RuleCondition.Input rain = null;
        if (m.has("rain")) {
            String[] r = inputs.input(m, "rain");
            rain = r == null ? null : new RuleCondition.Input(r[0], r[1]);
        }
        if (learn.compareTo(window) > 0) {
            problems.add(m.path("learn"), "at most the window (" + DurationText.format(window) + ")");
        }
        m.finish(List.of("window", "k", "min_rise", "learn", "rain"));
        if (input == null || minRise == null || problems.count() > before) {
            return null;
        }
        return new Read(input[0], input[1], new RuleCondition.Baseline(window, k == null ? 4 : k, minRise, learn,
                rain));
    }
}
