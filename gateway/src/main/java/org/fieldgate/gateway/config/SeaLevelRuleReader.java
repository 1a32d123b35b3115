package org.fieldgate.gateway.config;

import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.DurationText;

/** {@code sea_level: { short, long, ratio, threshold, count, clear_after, max_gap }} (docs/sea-level.md); no hysteresis. */
final class SeaLevelRuleReader implements ConditionReader {

    /** The longest long window: its readings are kept in memory. */
    static final Duration MAX_LONG = Duration.ofHours(24);

    private final RuleInputs inputs;

    SeaLevelRuleReader(RuleInputs inputs) {
        this.inputs = inputs;
    }

    @Override
    public Read read(YamlMapping rule, String name) {
        String[] input = inputs.input(rule);
        inputs.noHysteresis(rule, "sea_level");
        YamlMapping m = rule.mapping("sea_level");
        if (m == null) {
            return null;
        }
        Problems problems = inputs.problems();
        int before = problems.count();
        Duration shortWindow = m.duration("short", null, false);
        Duration longWindow = m.duration("long", null, false);
        if (shortWindow == null && !m.has("short")) {
            problems.add(m.path("short"), "required: the short forecast window, e.g. 15m");
        }
        if (longWindow == null && !m.has("long")) {
            problems.add(m.path("long"), "required: the long forecast window, e.g. 180m");
        }
        if (shortWindow != null && longWindow != null && shortWindow.compareTo(longWindow) >= 0) {
            problems.add(m.path("long"), "must be longer than short (" + DurationText.format(shortWindow) + ")");
        }
        if (longWindow != null && longWindow.compareTo(MAX_LONG) > 0) {
            problems.add(m.path("long"), "at most " + DurationText.format(MAX_LONG) + " (its readings are kept in"
                    + " memory), got " + DurationText.format(longWindow));
        }
        Double ratio = m.number("ratio");
        if (ratio != null && !(ratio > 0)) {
            problems.add(m.path("ratio"), "must be above 0 (a multiple of the signal's RMS), got " + ratio);
        }
        Double threshold = m.number("threshold");
        if (threshold == null && !m.has("threshold")) {
            problems.add(m.path("threshold"), "required: the smallest signal that counts, in the channel's unit, "
                    + "e.g. 0.10 (m)");
        } else if (threshold != null && !(threshold >= 0)) {
            problems.add(m.path("threshold"), "must be 0 or more, got " + threshold);
        }
        Double count = m.number("count");
        if (count != null && (count < 1 || count != Math.rint(count) || count > 1000)) {
            problems.add(m.path("count"), "a whole number from 1 to 1000, got " + count);
        }
        Duration clearAfter = m.duration("clear_after", Duration.ofHours(1), true);
        Duration defaultGap = shortWindow == null ? Duration.ofMinutes(5) : shortWindow.dividedBy(3);
        Duration maxGap = m.duration("max_gap", defaultGap, false);
        if (shortWindow != null && maxGap != null && maxGap.compareTo(shortWindow) > 0) {
            problems.add(m.path("max_gap"), "at most the short window (" + DurationText.format(shortWindow)
                    + "): a longer gap leaves it without readings");
        }
        m.finish(List.of("short", "long", "ratio", "threshold", "count", "clear_after", "max_gap"));
        if (input == null || problems.count() > before || shortWindow == null || longWindow == null
                || threshold == null) {
            return null;
        }
        return new Read(input[0], input[1], new RuleCondition.SeaLevel(shortWindow, longWindow,
                ratio == null ? 3 : ratio, threshold, count == null ? 3 : count.intValue(), clearAfter, maxGap));
    }
}
